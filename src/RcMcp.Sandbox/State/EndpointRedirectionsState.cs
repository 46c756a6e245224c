using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>
/// One account's endpoint redirections (a preview feature). Each moves through the task engine: initiated, then
/// in-progress, then completed; a revert is a redirection of its own (isRevert) whose completion marks the original
/// reverted. The tasks are the sandbox's clock, not part of the API's answer.
/// </summary>
internal sealed class EndpointRedirectionsState
{
    private readonly Dictionary<string, EndpointRedirection> redirections = new(StringComparer.OrdinalIgnoreCase);

    public void Add(EndpointRedirection redirection) => redirections.Add(redirection.Id, redirection);

    public EndpointRedirection Get(string redirectionId) => redirections.GetValueOrDefault(redirectionId)
        ?? throw ApiException.NotFound("ENTITY_NOT_FOUND", $"Endpoint redirection {redirectionId} was not found in this account.");

    /// <summary>The redirection that currently moves or holds the traffic of <paramref name="sourceDatabaseId"/>, if any.</summary>
    public EndpointRedirection? ActiveFor(int sourceDatabaseId, AccountState account, DateTimeOffset now) =>
        redirections.Values.FirstOrDefault(r => !r.IsRevert && r.SourceDatabaseId == sourceDatabaseId && r.Status(account, now) is not ("failed" or "reverted"));

    /// <summary>A revert of <paramref name="original"/> that has not finished yet, if any.</summary>
    public EndpointRedirection? PendingRevertOf(EndpointRedirection original, AccountState account, DateTimeOffset now) =>
        redirections.Values.FirstOrDefault(r => r.Original == original && r.Status(account, now) is "initiated" or "in-progress");
}

/// <summary>Spec schema EndpointsRedirectionResponse, with the task that moves it.</summary>
internal sealed class EndpointRedirection
{
    public string Id { get; } = Guid.NewGuid().ToString();
    public required int SourceDatabaseId { get; init; }
    public required int TargetDatabaseId { get; init; }
    public required string SourceEndpointName { get; init; }
    public required string TargetEndpointName { get; init; }
    public required string EndpointType { get; init; }
    public required bool DuplicateAcls { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public EndpointRedirection? Original { get; init; }
    public bool IsRevert => Original is not null;
    public SandboxTask? Task { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? RevertedAt { get; set; }

    public string Status(AccountState account, DateTimeOffset now)
    {
        if (RevertedAt is not null) return "reverted";
        if (Task is null) return "initiated";
        return (string?)account.Tasks.View(Task, now, "")["status"] switch
        {
            "received" => "initiated",
            "processing-in-progress" => "in-progress",
            "processing-completed" => "completed",
            _ => "failed",
        };
    }

    public JsonObject ToView(AccountState account, DateTimeOffset now) => new()
    {
        ["redirectionId"] = Id,
        ["status"] = Status(account, now),
        ["sourceDatabaseId"] = SourceDatabaseId,
        ["targetDatabaseId"] = TargetDatabaseId,
        ["isRevert"] = IsRevert,
        ["duplicateACLs"] = DuplicateAcls,
        ["startedAt"] = SandboxJson.Timestamp(StartedAt),
        ["completedAt"] = CompletedAt is { } c ? SandboxJson.Timestamp(c) : null,
        ["revertedAt"] = RevertedAt is { } r ? SandboxJson.Timestamp(r) : null,
        ["endpoints"] = new JsonArray(new JsonObject
        {
            // A revert sends the traffic back: from the target's endpoint to the source's.
            ["sourceEndpointName"] = IsRevert ? TargetEndpointName : SourceEndpointName,
            ["targetEndpointName"] = IsRevert ? SourceEndpointName : TargetEndpointName,
            ["sourceEndpointType"] = EndpointType,
            ["targetEndpointType"] = EndpointType,
        }),
    };
}
