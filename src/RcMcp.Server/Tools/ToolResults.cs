using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using RcMcp.Cloud;
using RcMcp.Cloud.Models;

namespace RcMcp.Server.Tools;

/// <summary>
/// Builds the results every tool returns, so they all look alike: structuredContent is the JSON itself, and the text
/// content is the same JSON (compact, without \u0022-style escaping); errors carry
/// <c>{"error": {"code", "message", "retryable", "field"?, "next"?}}</c>.
/// </summary>
public static class ToolResults
{
    public static CallToolResult Json(JsonNode payload, bool isError = false) => new()
    {
        Content = [new TextContentBlock { Text = ServerJson.Serialize(payload) }],
        StructuredContent = payload is JsonObject ? JsonSerializer.SerializeToElement(payload, ServerJson.Context.JsonNode) : null,
        IsError = isError,
    };

    /// <summary>An isError result (codes: <see cref="ErrorCodes"/>): the text for a model or a person, the structure
    /// for a program.</summary>
    public static CallToolResult Error(string code, string message, string? field = null, string? next = null, bool? retryable = null) =>
        new()
        {
            Content = [new TextContentBlock { Text = message }],
            StructuredContent = JsonSerializer.SerializeToElement(new JsonObject { ["error"] = ErrorObject(code, message, field, next, retryable) }, ServerJson.Context.JsonObject),
            IsError = true,
        };

    public static JsonObject ErrorObject(string code, string message, string? field = null, string? next = null, bool? retryable = null)
    {
        var error = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["retryable"] = retryable ?? ErrorCodes.IsRetryable(code),
        };
        if (field is not null) error["field"] = field;
        if (next is not null) error["next"] = next;
        return error;
    }

    /// <summary>An API failure, with the next step in terms of tools (not REST paths).</summary>
    public static CallToolResult ApiError(RedisCloudApiException e, ToolSpec? spec = null, ToolArgs? args = null)
    {
        var hint = ErrorHints.For(e, spec, args);
        var text = $"{e.Message}\nWhat to do: {hint}";
        if (e.MayHaveBeenApplied)
            text += "\nWarning: the change may have been applied anyway. Check the resource (or list_tasks) before trying again.";
        return Error(ErrorCodes.For(e), text, next: e.MayHaveBeenApplied ? "Check the resource (or list_tasks) before trying again: the change may have been applied." : hint);
    }

    /// <summary>A freshly started asynchronous task and the next step.</summary>
    public static CallToolResult TaskStarted(string tool, TaskStateUpdate task, string? followWith = null) => task.AcceptedWithoutTask
        ? Json(new JsonObject
        {
            ["accepted"] = true,
            ["taskId"] = null,
            ["next"] = $"The API accepted the change (HTTP 204, no content) and started no task, so there is nothing to wait for. " +
                       (followWith is not null ? $"Call {followWith} to see the result." : "Read the resource to see the result."),
        })
        : Json(new JsonObject
    {
        ["taskId"] = task.TaskId,
        ["status"] = task.Status,
        ["commandType"] = task.CommandType,
        ["description"] = task.Description,
        ["next"] = "The change runs as a task: call wait_for_task with this taskId to follow it to the end (get_task checks once).",
    });

    /// <summary>An API answer as a node, without the API's internal "links" arrays (they are of no use to a model).</summary>
    public static JsonNode? ToNode(JsonElement? e)
    {
        if (e is not { } v || v.ValueKind == JsonValueKind.Undefined) return null;
        var node = JsonNode.Parse(v.GetRawText(), documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        DropLinks(node);
        return node;
    }

    private static void DropLinks(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["links"] is JsonArray) obj.Remove("links");
                foreach (var (_, value) in obj) DropLinks(value);
                break;
            case JsonArray arr:
                foreach (var item in arr) DropLinks(item);
                break;
        }
    }
}
