using System.Text.Json.Nodes;

namespace RcMcp.Cloud;

// Data Integration: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{
    public static ApiRequest GetDataIntegrationWorkspaces() =>
        new("getDataIntegrationWorkspaces", HttpMethod.Get, "/data-integration-workspaces", Expect: ResponseShape.Any);

    /// <summary>The workspace proxy: the spec has one operation per method for the workspace itself and one for a
    /// path under it (data-integration-workspace/**).</summary>
    private static readonly Dictionary<string, (string Root, string SubPath)> WorkspaceOperations = new(StringComparer.Ordinal)
    {
        ["GET"] = ("proxyDataIntegrationWorkspace_5", "proxyDataIntegrationWorkspace"),
        ["PUT"] = ("proxyDataIntegrationWorkspace_6", "proxyDataIntegrationWorkspace_1"),
        ["DELETE"] = ("proxyDataIntegrationWorkspace_7", "proxyDataIntegrationWorkspace_2"),
        ["POST"] = ("proxyDataIntegrationWorkspace_8", "proxyDataIntegrationWorkspace_3"),
        ["PATCH"] = ("proxyDataIntegrationWorkspace_9", "proxyDataIntegrationWorkspace_4"),
    };

    /// <summary>Longest sub-path accepted under a workspace.</summary>
    public const int MaxWorkspacePathLength = 512;

    /// <summary>
    /// A sub-path that stays inside the workspace: segments of letters, digits, '.', '_' and '-' separated by single
    /// slashes, and no "." or ".." segment. Anything else (a scheme, "//", '?', '#', '%', '\', white space) could make
    /// the proxied request address something other than the workspace.
    /// </summary>
    public const string WorkspacePathPattern = "^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$";

    /// <summary>Why <paramref name="path"/> may not be sent under a workspace, or null when it is safe.</summary>
    public static string? UnsafeWorkspacePath(string path)
    {
        if (path.Length == 0) return "is empty";
        if (path.Length > MaxWorkspacePathLength) return $"is longer than {MaxWorkspacePathLength} characters";
        foreach (var c in path)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/'))
                return char.IsWhiteSpace(c) || char.IsControl(c) ? "contains white space or a control character" : $"contains '{c}'";
        var segments = path.Split('/');
        if (segments.Any(s => s.Length == 0)) return "has an empty segment (a leading, trailing or double slash)";
        if (segments.Any(s => s is "." or "..")) return "has a . or .. segment, which would leave the workspace";
        return null;
    }

    /// <summary>
    /// A request to a subscription's Data Integration workspace, or to <paramref name="path"/> under it, with the
    /// operationId of that method and form; the path must pass <see cref="UnsafeWorkspacePath"/>. The body is any
    /// JSON the RDI service takes (the spec's JsonNode): an object or an array, for every method but GET.
    /// </summary>
    public static ApiRequest DataIntegrationWorkspace(HttpMethod method, int subscriptionId, string? path = null, JsonNode? body = null)
    {
        if (!WorkspaceOperations.TryGetValue(method.Method, out var operations))
            throw new ArgumentException($"The Data Integration proxy has no {method} operation.", nameof(method));
        var target = Subscription(subscriptionId) + "/data-integration-workspace";
        if (path is not null)
        {
            if (UnsafeWorkspacePath(path) is { } why) throw new ArgumentException($"The workspace path {why}.", nameof(path));
            target += "/" + string.Join("/", path.Split('/').Select(Segment));
        }
        return new ApiRequest(path is null ? operations.Root : operations.SubPath, method, target, body, Expect: ResponseShape.Any);
    }
}
