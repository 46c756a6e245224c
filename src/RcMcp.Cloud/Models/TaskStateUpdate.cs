using System.Text.Json;
using System.Text.Json.Serialization;

namespace RcMcp.Cloud.Models;

/// <summary>The API's asynchronous task (spec schema TaskStateUpdate).</summary>
public sealed class TaskStateUpdate
{
    [JsonPropertyName("taskId")] public string? TaskId { get; set; }
    [JsonPropertyName("commandType")] public string? CommandType { get; set; }
    /// <summary>One of <see cref="TaskStatuses"/>.</summary>
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("timestamp")] public DateTimeOffset? Timestamp { get; set; }
    [JsonPropertyName("response")] public ProcessorResponse? Response { get; set; }
    [JsonPropertyName("links")] public JsonElement? Links { get; set; }

    /// <summary>The API accepted the change with 204 No Content: it started no task to follow (the spec's PrivateLink
    /// and traffic-resume operations).</summary>
    [JsonIgnore] public bool AcceptedWithoutTask { get; init; }

    [JsonIgnore] public bool IsCompleted => Status == TaskStatuses.Completed;
    [JsonIgnore] public bool IsFailed => Status == TaskStatuses.Error;
    [JsonIgnore] public bool IsFinished => IsCompleted || IsFailed;
}

/// <summary>The result part of a task (spec schema ProcessorResponse).</summary>
public sealed class ProcessorResponse
{
    [JsonPropertyName("resourceId")] public int? ResourceId { get; set; }
    [JsonPropertyName("additionalResourceId")] public int? AdditionalResourceId { get; set; }
    /// <summary>Free-form resource details (for dry runs: the pricing).</summary>
    [JsonPropertyName("resource")] public JsonElement? Resource { get; set; }
    /// <summary>The spec declares an error-code string; the live API has also been seen sending an object
    /// {type, status, description}. Kept raw; use <see cref="ErrorCode"/> and <see cref="ErrorDescription"/>.</summary>
    [JsonPropertyName("error")] public JsonElement? Error { get; set; }
    [JsonPropertyName("additionalInfo")] public string? AdditionalInfo { get; set; }

    [JsonIgnore]
    public string? ErrorCode => Error switch
    {
        { ValueKind: JsonValueKind.String } e => e.GetString(),
        { ValueKind: JsonValueKind.Object } e when e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String => t.GetString(),
        _ => null,
    };

    [JsonIgnore]
    public string? ErrorDescription => Error switch
    {
        { ValueKind: JsonValueKind.Object } e when e.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String => d.GetString(),
        _ => AdditionalInfo,
    };
}

public static class TaskStatuses
{
    public const string Initialized = "initialized";
    public const string Received = "received";
    public const string InProgress = "processing-in-progress";
    public const string Completed = "processing-completed";
    public const string Error = "processing-error";
}
