namespace RcMcp.Sandbox;

/// <summary>
/// Makes matching requests fail (or slow down) before they are authenticated or acted on.
/// A rule created with statuses applies until they are all consumed; a rule created without any
/// is a pure delay rule and applies to every matching request.
/// </summary>
public sealed class FaultRule
{
    /// <summary>HTTP method to match (case-insensitive); null matches any method.</summary>
    public string? Method { get; set; }

    /// <summary>Case-insensitive regex matched against the path after <c>/v1</c>, e.g. <c>^/subscriptions$</c>.</summary>
    public string PathPattern { get; set; } = ".*";

    /// <summary>Each matching request consumes one status and gets it as the response, without being acted on.</summary>
    public Queue<int> Statuses { get; set; } = new();

    /// <summary>Adds a Retry-After header (seconds) to faulted responses.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Delay before the request is handled (faulted or not) while the rule applies.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Consume a status but abort the connection instead of answering.</summary>
    public bool AbortConnection { get; set; }

    /// <summary>
    /// Answer with exactly these bytes (and the consumed status) instead of the error body: a success status with a
    /// broken or unexpected body (empty, <c>null</c>, an array, invalid UTF-8, a task without taskId).
    /// </summary>
    public byte[]? Body { get; set; }

    /// <summary>Let the request reach its route (so a change is applied), then abort the connection before the
    /// answer goes out: the client cannot know whether the change happened.</summary>
    public bool AbortAfterHandling { get; set; }
}
