namespace RcMcp.Sandbox;

/// <summary>
/// One request under <c>/v1</c> as the sandbox saw it. Header values are never stored.
/// <paramref name="ResponseStatus"/> is 0 when the connection was aborted; <paramref name="AccountId"/> is the
/// account whose keys the request carried, if any; <paramref name="Query"/> has no leading '?'.
/// </summary>
public sealed record RecordedRequest(
    DateTimeOffset Time,
    string Method,
    string Path,
    string? Query,
    string? Body,
    int ResponseStatus,
    int? AccountId);
