using System.Text.Json.Nodes;

namespace RcMcp.Cloud;

/// <summary>One call to the Redis Cloud API.</summary>
/// <param name="Operation">The spec's operationId (e.g. "createSubscription"); used in errors and logs.</param>
/// <param name="Method">HTTP method, exactly as the spec defines it.</param>
/// <param name="Path">Path below the base URL, starting with '/', already escaped (e.g. "/subscriptions/12/databases").</param>
/// <param name="Body">JSON body, or null for none.</param>
/// <param name="Query">Query parameters; null values are omitted.</param>
/// <param name="Credentials">Per-call credentials that override the configured ones (per-session credentials).</param>
/// <param name="Expect">What a success answer must be; anything else is an invalid response.</param>
public sealed record ApiRequest(
    string Operation,
    HttpMethod Method,
    string Path,
    JsonNode? Body = null,
    IReadOnlyDictionary<string, string?>? Query = null,
    ApiCredentials? Credentials = null,
    ResponseShape Expect = ResponseShape.Object)
{
    /// <summary>True for methods that can change state on the server (POST, PUT, PATCH, DELETE).</summary>
    public bool IsMutating => Method != HttpMethod.Get && Method != HttpMethod.Head && Method != HttpMethod.Options;

    /// <summary>Path plus the encoded query string, relative to the base URL.</summary>
    public string RelativeUri
    {
        get
        {
            if (Query is null || Query.Count == 0) return Path;
            var parts = Query.Where(kv => kv.Value is not null)
                .Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value!));
            var qs = string.Join("&", parts);
            return qs.Length == 0 ? Path : Path + "?" + qs;
        }
    }
}

/// <summary>The shape a success answer must have.</summary>
public enum ResponseShape
{
    /// <summary>A JSON object (most operations).</summary>
    Object,
    /// <summary>A task (TaskStateUpdate): a JSON object with a non-empty taskId.</summary>
    Task,
    /// <summary>Any JSON value; an empty body reads as an empty object.</summary>
    Any,
    /// <summary>A file or text (e.g. a cost report): returned as a JSON string holding the UTF-8 text.</summary>
    Text,
}
