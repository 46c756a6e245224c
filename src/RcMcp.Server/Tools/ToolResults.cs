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

    /// <summary>
    /// An isError result: the text for a model or a person, and structuredContent
    /// <c>{"error": {"code", "message", "retryable", "field"?, "next"?}}</c> for a program (codes: <see cref="ErrorCodes"/>).
    /// </summary>
    public static CallToolResult Error(string code, string message, string? field = null, string? next = null, bool? retryable = null)
    {
        var error = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["retryable"] = retryable ?? ErrorCodes.IsRetryable(code),
        };
        if (field is not null) error["field"] = field;
        if (next is not null) error["next"] = next;
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = message }],
            StructuredContent = JsonSerializer.SerializeToElement(new JsonObject { ["error"] = error }, ServerJson.Context.JsonObject),
            IsError = true,
        };
    }

    public static CallToolResult ApiError(RedisCloudApiException e)
    {
        var text = $"{e.Message}\nWhat to do: {e.Hint}";
        if (e.MayHaveBeenApplied)
            text += "\nWarning: the change may have been applied anyway. Check the resource (or list_tasks) before trying again.";
        return Error(ErrorCodes.For(e), text, next: e.MayHaveBeenApplied ? "Check the resource (or list_tasks) before trying again: the change may have been applied." : e.Hint);
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
