using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Cloud;
using RcMcp.Server.Hosting;
using RcMcp.Server.Pipeline;

namespace RcMcp.Server.Http;

/// <summary>
/// The Streamable HTTP endpoint (MCP 2025-11-25 transport rules, plus the sessionless 2026-07-28 revision): POST for
/// messages, GET for the server-to-client SSE stream, DELETE to end a session.
/// </summary>
public sealed class McpHttpEndpoint(ServerOptions options, HttpSessions sessions, ILoggerFactory loggerFactory)
{
    public const string SessionHeader = "Mcp-Session-Id";
    public const string ProtocolHeader = "MCP-Protocol-Version";
    public const string ApiKeyHeader = "X-Redis-Cloud-Api-Key";
    public const string SecretKeyHeader = "X-Redis-Cloud-Api-Secret-Key";
    private const string SessionlessProtocol = "2026-07-28";

    /// <summary>Protocol revisions this server speaks (those of the MCP SDK it is built on).</summary>
    public static readonly IReadOnlySet<string> SupportedProtocolVersions =
        new HashSet<string>(StringComparer.Ordinal) { "2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", SessionlessProtocol };

    private static readonly JsonSerializerOptions SdkJson = McpJsonUtilities.DefaultOptions;
    private readonly ILogger _logger = loggerFactory.CreateLogger<McpHttpEndpoint>();

    public async Task PostAsync(HttpContext context)
    {
        if (!CheckProtocolVersion(context, out var protocol)) { await ErrorAsync(context, 400, $"Bad Request: unsupported {ProtocolHeader} '{protocol}'. Supported: {string.Join(", ", SupportedProtocolVersions)}."); return; }
        var accept = context.Request.GetTypedHeaders().Accept;
        if (!Accepts(accept, "application/json") || !Accepts(accept, "text/event-stream")) { await ErrorAsync(context, 406, "Not Acceptable: the client must accept both application/json and text/event-stream."); return; }
        if (!(context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false)) { await ErrorAsync(context, 415, "Unsupported Media Type: send the JSON-RPC message as application/json."); return; }

        var (body, tooLarge) = await ReadBodyAsync(context);
        if (tooLarge)
        {
            // The rest of the body is not read: close the connection rather than let the server drain it.
            context.Response.Headers.Connection = "close";
            await ErrorAsync(context, 413, $"Payload Too Large: requests are limited to {options.MaxRequestBodyBytes / 1024} KiB.");
            return;
        }

        JsonRpcMessage? message;
        try
        {
            if (JsonNode.Parse(body) is JsonArray) { await ErrorAsync(context, 400, "Invalid Request: JSON-RPC batches are not supported; send one message per request.", -32600); return; }
            message = JsonSerializer.Deserialize(body, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonRpcMessage>)SdkJson.GetTypeInfo(typeof(JsonRpcMessage)));
        }
        catch (JsonException)
        {
            await ErrorAsync(context, 400, "Parse error: the request body is not valid JSON-RPC.", -32700);
            return;
        }
        if (message is null) { await ErrorAsync(context, 400, "Invalid Request: empty JSON-RPC message.", -32600); return; }

        var credentials = ReadCredentials(context);
        var sessionId = context.Request.Headers[SessionHeader].ToString();

        if (options.Stateless || (sessionId.Length == 0 && IsSessionless(message, protocol)))
        {
            if (sessionId.Length > 0 && options.Stateless) { await ErrorAsync(context, 400, $"Bad Request: this server is stateless; do not send {SessionHeader}."); return; }
            if (!await RequireCredentialsAsync(context, credentials)) return;
            await HandleWithoutSessionAsync(context, message, credentials, protocol);
            return;
        }

        HttpSession? session;
        if (sessionId.Length == 0)
        {
            if (message is not JsonRpcRequest { Method: RequestMethods.Initialize })
            {
                await ErrorAsync(context, 400, $"Bad Request: send initialize first; every later request needs the {SessionHeader} header it returns.");
                return;
            }
            if (!await RequireCredentialsAsync(context, credentials)) return;
            session = sessions.TryCreate(credentials);
            if (session is null) { await ErrorAsync(context, 503, $"Service Unavailable: the server already has {options.MaxSessions} sessions; end one (DELETE) or retry later."); return; }
        }
        else
        {
            session = await FindSessionAsync(context, sessionId, credentials);
            if (session is null) return;
        }

        using var entered = session.TryEnter();
        if (entered is null) { await ErrorAsync(context, 429, $"Too Many Requests: at most {options.MaxConcurrentRequestsPerSession} requests may run at once in one session."); return; }

        context.Response.Headers[SessionHeader] = session.Id;
        Prepare(message, session.Credentials, protocol, sessionless: false);
        using var scope = ApiCredentialScope.Use(session.Credentials);
        await WriteResponseAsync(context, session.Transport, message);
    }

    public async Task GetAsync(HttpContext context)
    {
        if (!CheckProtocolVersion(context, out var protocol)) { await ErrorAsync(context, 400, $"Bad Request: unsupported {ProtocolHeader} '{protocol}'."); return; }
        if (options.Stateless) { await ErrorAsync(context, 405, "Method Not Allowed: this server is stateless and has no server-to-client stream."); return; }
        if (!Accepts(context.Request.GetTypedHeaders().Accept, "text/event-stream")) { await ErrorAsync(context, 406, "Not Acceptable: the client must accept text/event-stream."); return; }

        var session = await FindSessionAsync(context, context.Request.Headers[SessionHeader].ToString(), ReadCredentials(context));
        if (session is null) return;
        using var stream = session.TryOpenGetStream();
        if (stream is null) { await ErrorAsync(context, 409, "Conflict: this session already has a server-to-client stream open."); return; }
        context.Response.Headers[SessionHeader] = session.Id;
        StartEventStream(context);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        try
        {
            await session.Transport.HandleGetRequestAsync(context.Response.Body, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client closed the stream: the normal way an SSE stream ends.
        }
    }

    public async Task DeleteAsync(HttpContext context)
    {
        if (!CheckProtocolVersion(context, out var protocol)) { await ErrorAsync(context, 400, $"Bad Request: unsupported {ProtocolHeader} '{protocol}'."); return; }
        if (options.Stateless) { await ErrorAsync(context, 405, "Method Not Allowed: this server is stateless and has no sessions to end."); return; }
        var session = await FindSessionAsync(context, context.Request.Headers[SessionHeader].ToString(), ReadCredentials(context));
        if (session is null) return;
        await sessions.EndAsync(session.Id);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task HandleWithoutSessionAsync(HttpContext context, JsonRpcMessage message, ApiCredentials? credentials, string? protocol)
    {
        var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
        var server = sessions.CreateServer(transport);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var run = server.RunAsync(stop.Token);
        try
        {
            Prepare(message, credentials, protocol, sessionless: true);
            using var scope = ApiCredentialScope.Use(credentials);
            await WriteResponseAsync(context, transport, message);
        }
        finally
        {
            await stop.CancelAsync();
            await transport.DisposeAsync();
            await server.DisposeAsync();
            try { await run; } catch (OperationCanceledException) { }
        }
    }

    private static async Task WriteResponseAsync(HttpContext context, StreamableHttpServerTransport transport, JsonRpcMessage message)
    {
        StartEventStream(context);
        var wrote = await transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted);
        if (!wrote)
        {
            // A notification or a response: nothing to answer.
            context.Response.Headers.ContentType = (string?)null;
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }
    }

    private async Task<HttpSession?> FindSessionAsync(HttpContext context, string sessionId, ApiCredentials? credentials)
    {
        if (sessionId.Length == 0) { await ErrorAsync(context, 400, $"Bad Request: the {SessionHeader} header is required."); return null; }
        if (!sessions.TryGet(sessionId, out var session)) { await ErrorAsync(context, 404, "Session not found: it ended or expired. Start a new session with initialize.", -32001); return null; }
        if (options.PerSessionCredentials && credentials is not null && credentials != session.Credentials)
        {
            await ErrorAsync(context, 403, "Forbidden: these Redis Cloud keys are not the ones this session was started with.");
            return null;
        }
        return session;
    }

    /// <summary>With per-session credentials, a session (or sessionless request) must bring both keys.</summary>
    private async Task<bool> RequireCredentialsAsync(HttpContext context, ApiCredentials? credentials)
    {
        if (!options.PerSessionCredentials || credentials is not null) return true;
        await ErrorAsync(context, 401, $"Unauthorized: this server uses per-session credentials; send your Redis Cloud keys in the {ApiKeyHeader} and {SecretKeyHeader} headers.");
        return false;
    }

    private ApiCredentials? ReadCredentials(HttpContext context)
    {
        if (!options.PerSessionCredentials) return null;
        var key = context.Request.Headers[ApiKeyHeader].ToString().Trim();
        var secret = context.Request.Headers[SecretKeyHeader].ToString().Trim();
        return key.Length > 0 && secret.Length > 0 ? new ApiCredentials(key, secret) : null;
    }

    private static void Prepare(JsonRpcMessage message, ApiCredentials? credentials, string? protocol, bool sessionless)
    {
        message.Context ??= new JsonRpcMessageContext();
        // In a session the negotiated version governs (a client may send any supported one in the header); without a
        // session the header is the request's authoritative version.
        if (sessionless && protocol is not null) message.Context.ProtocolVersion ??= protocol;
        message.Context.Items ??= new Dictionary<string, object?>();
        message.Context.Items[CallState.SessionlessItem] = sessionless;
        if (credentials is not null) message.Context.Items[CallState.CredentialsItem] = credentials;
    }

    /// <summary>Requests of the sessionless revision: server/discover, or the 2026-07-28 protocol header or metadata.</summary>
    private static bool IsSessionless(JsonRpcMessage message, string? protocol)
    {
        if (message is JsonRpcRequest { Method: RequestMethods.Initialize }) return false;
        if (message is JsonRpcRequest { Method: RequestMethods.ServerDiscover }) return true;
        if (protocol is not null && string.CompareOrdinal(protocol, SessionlessProtocol) >= 0) return true;
        return message is JsonRpcRequest { Params: JsonObject p } && p["_meta"]?["io.modelcontextprotocol/protocolVersion"] is JsonValue;
    }

    private static bool CheckProtocolVersion(HttpContext context, out string? protocol)
    {
        var header = context.Request.Headers[ProtocolHeader].ToString();
        protocol = header.Length == 0 ? null : header;
        return protocol is null || SupportedProtocolVersions.Contains(protocol);
    }

    private static bool Accepts(IList<MediaTypeHeaderValue> accept, string mediaType) =>
        accept.Any(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase) || a.MediaType.Equals("*/*", StringComparison.Ordinal));

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

    private static void StartEventStream(HttpContext context)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Response.Headers.ContentEncoding = "identity";
        context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
    }

    /// <summary>A JSON-RPC error body with an HTTP status; never a stack trace.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string message, int code = -32000)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var error = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
            ["id"] = null,
        };
        return context.Response.WriteAsync(ServerJson.Serialize(error), context.RequestAborted);
    }
}
