using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Server.Hosting;

namespace RcMcp.Server.Pipeline;

/// <summary>One line of the audit log.</summary>
public sealed record AuditEntry(
    DateTimeOffset Time,
    string Tool,
    string Kind,
    JsonNode? Arguments,
    string Decision,
    string? TaskId,
    string Outcome,
    bool IsError,
    long DurationMs,
    bool Sandbox);

/// <summary>
/// Appends a JSONL line for every write and destructive call, whatever happened to it (refused, previewed,
/// confirmed, executed, failed). Arguments are redacted. The file follows <see cref="StateFiles"/>: created 0600,
/// never written through a link nor into another user's file; an older one of ours with group or other bits (earlier
/// versions created it 0644) is made private and the person told.
/// </summary>
public sealed class AuditLog(ServerOptions options, Redactor redactor, TimeProvider time, ILogger<AuditLog> logger)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly string? _path = ResolvePath(options.AuditLogPath, options.DefaultAuditLogFor(), string.IsNullOrWhiteSpace(options.AuditLogPath));

    public string? Path => _path;

    public async ValueTask<CallToolResult> RecordAsync(RequestContext<CallToolRequestParams> context, CallState state,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken ct)
    {
        // Changes, and reads that reveal a secret (the secret itself is never written: only the arguments are).
        var reveal = state.Spec.CanRevealSecrets && state.Args.Flag(Tools.StandardArguments.RevealSecretsName);
        if ((!state.Spec.IsMutating && !reveal) || _path is null) return await next(context, ct).ConfigureAwait(false);

        var started = Stopwatch.StartNew();
        CallToolResult? result = null;
        string outcome = "exception";
        try
        {
            result = await next(context, ct).ConfigureAwait(false);
            outcome = result.IsError == true ? "error: " + FirstLine(result) : "ok";
            return result;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        catch (InputRequiredException)
        {
            outcome = "waiting for the person's answer";
            throw;
        }
        finally
        {
            var entry = new AuditEntry(time.GetUtcNow(), state.Spec.Name, state.Spec.Kind.ToString().ToLowerInvariant(),
                redactor.ForAudit(JsonNode.Parse(state.Args.Json.GetRawText(), documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 1024 }), state.Spec.InputSchema), GateDecisions.AuditText(state), state.TaskId, redactor.Redact(outcome),
                result?.IsError == true, started.ElapsedMilliseconds, options.Sandbox);
            await WriteAsync(entry).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(AuditEntry entry)
    {
        var line = JsonSerializer.Serialize(entry, ServerJson.Context.AuditEntry) + "\n";
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            await using var file = StateFiles.OpenPrivate(_path!, append: true, LoosePermissions.Tighten,
                notice => logger.LogWarning("Audit log: {Notice}", notice));
            await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(line)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError("Could not write the audit log {Path}: {Error}", _path, e.Message);
        }
        finally
        {
            _lock.Release();
        }
    }

    private static string FirstLine(CallToolResult result)
    {
        var text = result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text ?? "";
        var line = text.Split('\n')[0];
        return line.Length <= 300 ? line : line[..300];
    }

    private static string? ResolvePath(string? configured, string fallback, bool inStateFolder)
    {
        if (string.Equals(configured, "none", StringComparison.OrdinalIgnoreCase)) return null;
        var path = string.IsNullOrWhiteSpace(configured) ? fallback : configured;
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        try
        {
            // The state folder is created private and checked (at start too); a folder of the person's choice is theirs.
            if (inStateFolder && !string.IsNullOrEmpty(dir)) StateFiles.EnsurePrivateFolder(dir);
            else if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Every write then reports the failure in the log; reads must not break because of it.
        }
        return path;
    }
}
