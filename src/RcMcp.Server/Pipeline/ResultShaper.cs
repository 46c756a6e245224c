using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Cloud;
using RcMcp.Server.Hosting;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// Makes every outcome a clean tool result: API failures become actionable isError results, unexpected failures a
/// short error without a stack trace; secrets are redacted, oversized output trimmed with a note, and sandbox results
/// labelled as such.
/// </summary>
public sealed class ResultShaper(ServerOptions options, Redactor redactor, ILogger<ResultShaper> logger)
{
    public const int MaxTextLength = 100_000;
    public const string SandboxNote = "Source: the RcMcp sandbox (simulated; not a real Redis Cloud account).";

    public async ValueTask<CallToolResult> ShapeAsync(RequestContext<CallToolRequestParams> context, CallState state,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken ct)
    {
        CallToolResult result;
        try
        {
            result = await next(context, ct).ConfigureAwait(false);
        }
        catch (RedisCloudApiException e)
        {
            logger.LogWarning("{Tool} failed: {Message}", state.Spec.Name, redactor.Redact(e.Message));
            result = ToolResults.ApiError(e, state.Spec, state.Args);
        }
        catch (UnsafeStateFileException e)
        {
            // A state file became unsafe during the call (after the gate's check): the message names it and the fix.
            logger.LogError("{Problem}", e.Message);
            result = ToolResults.Error(ErrorCodes.UnsafeStateFile, e.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is McpException or InputRequiredException)
        {
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Tool} failed unexpectedly", state.Spec.Name);
            result = ToolResults.Error(ErrorCodes.Internal, $"{state.Spec.Name} failed inside RcMcp ({e.GetType().Name}). Nothing more is known; if it was a change, check list_tasks before retrying.");
        }

        var reveal = state.SecretsRevealed;
        var content = new List<ContentBlock>();
        foreach (var block in result.Content)
            content.Add(block is TextContentBlock text ? new TextContentBlock { Text = Clean(text.Text, reveal) } : block);
        if (options.Sandbox) content.Add(new TextContentBlock { Text = SandboxNote });
        result.Content = content;
        if (result.StructuredContent is { } structured)
            result.StructuredContent = System.Text.Json.JsonSerializer.SerializeToElement(
                redactor.Redact(JsonNode.Parse(structured.GetRawText(), documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 256 }), reveal), ServerJson.Context.JsonNode);
        return result;
    }

    private string Clean(string text, bool reveal)
    {
        var trimmed = text.TrimStart();
        string cleaned;
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            try { cleaned = ServerJson.Serialize(redactor.Redact(JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 256 }), reveal)); }
            catch (System.Text.Json.JsonException) { cleaned = redactor.Redact(text); }
        }
        else cleaned = redactor.Redact(text);

        return cleaned.Length <= MaxTextLength
            ? cleaned
            : cleaned[..MaxTextLength] + $"\n[Output trimmed: {cleaned.Length} characters, first {MaxTextLength} shown. Narrow the request (ids, offset/limit) to see the rest.]";
    }
}
