using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using RcMcp.Cloud;
using RcMcp.Cloud.Models;

namespace RcMcp.Server.Tools;

/// <summary>Builds the results every tool returns, so they all look alike.</summary>
public static class ToolResults
{
    public static CallToolResult Json(JsonNode payload, bool isError = false) => new()
    {
        Content = [new TextContentBlock { Text = ServerJson.Serialize(payload) }],
        IsError = isError,
    };

    public static CallToolResult Error(string message) => new()
    {
        Content = [new TextContentBlock { Text = message }],
        IsError = true,
    };

    public static CallToolResult ApiError(RedisCloudApiException e)
    {
        var text = $"{e.Message}\nWhat to do: {e.Hint}";
        if (e.MayHaveBeenApplied)
            text += "\nWarning: the change may have been applied anyway. Check the resource (or list_tasks) before trying again.";
        return Error(text);
    }

    /// <summary>A freshly started asynchronous task and the next step.</summary>
    public static CallToolResult TaskStarted(string tool, TaskStateUpdate task) => Json(new JsonObject
    {
        ["taskId"] = task.TaskId,
        ["status"] = task.Status,
        ["commandType"] = task.CommandType,
        ["description"] = task.Description,
        ["next"] = $"The change runs asynchronously. Call wait_for_task with taskId \"{task.TaskId}\" to follow it to completion (or get_task to check once).",
    });

    public static JsonNode? ToNode(JsonElement? e) => e is { } v && v.ValueKind != JsonValueKind.Undefined ? JsonNode.Parse(v.GetRawText()) : null;
}
