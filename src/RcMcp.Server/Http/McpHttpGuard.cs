using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RcMcp.Cloud;
using RcMcp.Server.Hosting;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Tools;
using RcMcp.Server.Transport;

namespace RcMcp.Server.Http;

/// <summary>
/// The ASP.NET Core middleware in front of the SDK's Streamable HTTP endpoint (MapMcp), for what the SDK does not do:
/// Host and Origin allow-lists (403) and the bearer token (401); 415 for a body that is not JSON; the request size
/// limit (413); <see cref="MessageGuard"/> on every message (-32700 for malformed JSON, precise answers for deep
/// nesting, invalid text and non-object tool arguments); per-session credentials (401 without them, 403 with another
/// account's); the cap on live sessions (503) and the per-session limit on requests running at once (429). Only a
/// JSON-RPC request takes a request slot: notifications and the client's answers (to an elicitation, say) never do,
/// and a slot is given back as soon as its response has been written.
/// </summary>
public sealed partial class McpHttpGuard(ServerOptions options, HttpSecurity security, HttpSessionRegistry sessions, ToolCatalog catalog, ILogger<McpHttpGuard> logger)
{
    public const string ReadOnlyHeader = "X-RcMcp-Read-Only";
    public const string ToolsetsHeader = "X-RcMcp-Toolsets";
    public const string ExcludeToolsHeader = "X-RcMcp-Exclude-Tools";
    public const string SessionHeader = "Mcp-Session-Id";
    public const string ApiKeyHeader = "X-Redis-Cloud-Api-Key";
    public const string SecretKeyHeader = "X-Redis-Cloud-Api-Secret-Key";

    /// <summary>Where the guard leaves the request's credentials for the session setup.</summary>
    public static readonly object CredentialsKey = new();

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (security.Check(context.Request) is { } refusal)
        {
            if (refusal.Status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer realm=\"rcmcp\"";
            await ErrorAsync(context, refusal.Status, refusal.Message);
            return;
        }

        if (ReadNarrowing(context, out var narrowing) is { } badHeader)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, badHeader);
            return;
        }
        using var policy = PolicyNarrowing.Use(narrowing);

        var sessionId = context.Request.Headers[SessionHeader].ToString();
        var credentials = ReadCredentials(context);
        if (options.PerSessionCredentials)
        {
            if (sessionId.Length > 0 && sessions.TryGetCredentials(sessionId, out var bound))
            {
                if (credentials is not null && credentials != bound)
                {
                    await ErrorAsync(context, StatusCodes.Status403Forbidden, "Forbidden: these Redis Cloud keys are not the ones this session was started with.");
                    return;
                }
                credentials = bound;
            }
            else if (sessionId.Length == 0 && credentials is null && HttpMethods.IsPost(context.Request.Method))
            {
                await ErrorAsync(context, StatusCodes.Status401Unauthorized,
                    $"Unauthorized: this server uses per-session credentials; send your Redis Cloud keys in the {ApiKeyHeader} and {SecretKeyHeader} headers.");
                return;
            }
        }
        context.Items[CredentialsKey] = credentials;

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            using var getScope = ApiCredentialScope.Use(credentials);
            await next(context);
            return;
        }

        if (!(context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            await ErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type: send the JSON-RPC message as application/json.");
            return;
        }

        var (body, tooLarge) = await ReadBodyAsync(context);
        if (tooLarge)
        {
            // The rest of the body is not read: close the connection rather than let the server drain it.
            context.Response.Headers.Connection = "close";
            await ErrorAsync(context, StatusCodes.Status413PayloadTooLarge, $"Payload Too Large: requests are limited to {options.MaxRequestBodyBytes / 1024} KiB.");
            return;
        }

        var verdict = MessageGuard.Check(body);
        if (verdict.Reply is { } reply)
        {
            LogRejected(logger, reply["error"]?["code"]?.ToJsonString() ?? "invalid tool arguments");
            await WriteJsonAsync(context, reply["error"] is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, reply);
            return;
        }

        // The SDK reads the message again (without the byte order mark the guard skipped).
        context.Request.Body = new MemoryStream(verdict.Message.ToArray(), writable: false);
        context.Request.ContentLength = verdict.Message.Length;
        var (isRequest, method) = Classify(verdict.Message);

        var reserved = false;
        if (sessionId.Length == 0 && method == "initialize" && !options.Stateless)
        {
            if (!sessions.TryReserve())
            {
                await ErrorAsync(context, StatusCodes.Status503ServiceUnavailable,
                    $"Service Unavailable: the server already has {options.MaxSessions} sessions; end one (DELETE) or retry later.");
                return;
            }
            reserved = true;
        }

        IDisposable? slot = null;
        if (sessionId.Length > 0 && isRequest)
        {
            slot = sessions.TryEnter(sessionId, out _);
            if (slot is null)
            {
                await ErrorAsync(context, StatusCodes.Status429TooManyRequests,
                    $"Too Many Requests: at most {options.MaxConcurrentRequestsPerSession} requests may run at once in one session.");
                return;
            }
        }

        try
        {
            using var scope = ApiCredentialScope.Use(credentials);
            await next(context);
        }
        finally
        {
            slot?.Dispose();
            if (reserved && !(context.Response.Headers[SessionHeader].ToString() is { Length: > 0 } created && sessions.IsBound(created)))
                sessions.CancelReservation();
        }
    }

    /// <summary>
    /// The request's own narrowing of the policy (only ever less: read-only, fewer toolsets, more exclusions), or the
    /// reason its headers are invalid.
    /// </summary>
    private string? ReadNarrowing(HttpContext context, out PolicyNarrowing? narrowing)
    {
        narrowing = null;
        var headers = context.Request.Headers;
        var readOnlyText = headers[ReadOnlyHeader].ToString().Trim();
        var toolsetsText = headers[ToolsetsHeader].ToString();
        var excludeText = headers[ExcludeToolsHeader].ToString();
        if (readOnlyText.Length == 0 && toolsetsText.Length == 0 && excludeText.Length == 0) return null;

        bool readOnly;
        if (readOnlyText.Length == 0 || readOnlyText is "false" or "0") readOnly = false;
        else if (readOnlyText is "true" or "1") readOnly = true;
        else return $"Bad Request: {ReadOnlyHeader} must be true or false.";

        static List<string> Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var toolsets = toolsetsText.Length > 0 ? Split(toolsetsText) : null;
        var valid = catalog.Toolsets.Concat(ToolPolicy.SpecialToolsets).ToHashSet(StringComparer.Ordinal);
        if (toolsets?.FirstOrDefault(t => !valid.Contains(t)) is { } unknownToolset)
            return $"Bad Request: {ToolsetsHeader} names the unknown toolset \"{unknownToolset}\"; valid: {string.Join(", ", valid)}.";
        var exclude = Split(excludeText);
        if (exclude.FirstOrDefault(t => catalog.Find(t) is null) is { } unknownTool)
            return $"Bad Request: {ExcludeToolsHeader} names the unknown tool \"{unknownTool}\".";
        narrowing = new PolicyNarrowing(readOnly, toolsets, exclude);
        return null;
    }

    /// <summary>A request (has an id and a method) or something else, and its method.</summary>
    private static (bool IsRequest, string? Method) Classify(ReadOnlyMemory<byte> message)
    {
        using var doc = JsonDocument.Parse(message, new JsonDocumentOptions { MaxDepth = 256 });
        var root = doc.RootElement;
        var method = root.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var hasId = root.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number;
        return (hasId && method is not null, method);
    }

    private ApiCredentials? ReadCredentials(HttpContext context)
    {
        if (!options.PerSessionCredentials) return null;
        var key = context.Request.Headers[ApiKeyHeader].ToString().Trim();
        var secret = context.Request.Headers[SecretKeyHeader].ToString().Trim();
        return key.Length > 0 && secret.Length > 0 ? new ApiCredentials(key, secret) : null;
    }

    private async Task<(byte[] Body, bool TooLarge)> ReadBodyAsync(HttpContext context)
    {
        var limit = options.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit) return ([], true);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit) return ([], true);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ([], true);
        }
        return (buffer.ToArray(), false);
    }

    /// <summary>A JSON-RPC error body with an HTTP status; never a stack trace.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string message, int code = -32000) =>
        WriteJsonAsync(context, status, new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = null,
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        });

    private static Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(ServerJson.Serialize(body), context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered a malformed HTTP message without passing it on ({Kind})")]
    private static partial void LogRejected(ILogger logger, string kind);
}
