using System.Text.Json.Nodes;

namespace RcMcp.Sandbox.State;

/// <summary>
/// An asynchronous operation. Its work runs once, under the account lock, when the task falls due, and is given
/// that moment; the outcome of that work is the task's final state.
/// </summary>
internal sealed class SandboxTask(string commandType, DateTimeOffset createdAt, DateTimeOffset dueAt, Func<DateTimeOffset, TaskOutcome> work)
{
    public string Id { get; } = Guid.NewGuid().ToString();
    public string CommandType { get; } = commandType;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public DateTimeOffset DueAt { get; } = dueAt;
    public TaskOutcome? Outcome { get; private set; }

    public void Finish() => Outcome ??= work(DueAt);
}

internal sealed record TaskOutcome(bool Succeeded, TaskResponse Response)
{
    public static TaskOutcome Success(int? resourceId = null, int? additionalResourceId = null, JsonNode? resource = null) =>
        new(true, new TaskResponse(resourceId, additionalResourceId, resource));

    public static TaskOutcome Failure(string error, string additionalInfo, int? resourceId = null) =>
        new(false, new TaskResponse(resourceId, Error: error, AdditionalInfo: additionalInfo));
}

/// <summary>Spec schema ProcessorResponse; absent values are left out of the JSON.</summary>
internal sealed record TaskResponse(
    int? ResourceId = null,
    int? AdditionalResourceId = null,
    JsonNode? Resource = null,
    string? Error = null,
    string? AdditionalInfo = null)
{
    /// <summary>A fresh tree each time: the task keeps its <see cref="Resource"/> and is shown many times.</summary>
    public JsonObject ToJson() => new()
    {
        ["resourceId"] = ResourceId,
        ["additionalResourceId"] = AdditionalResourceId,
        ["resource"] = Resource?.DeepClone(),
        ["error"] = Error,
        ["additionalInfo"] = AdditionalInfo,
    };
}
