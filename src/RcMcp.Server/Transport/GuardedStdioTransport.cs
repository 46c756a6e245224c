using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Transport;

/// <summary>
/// MCP over stdio (newline-delimited JSON-RPC), with every incoming line checked by <see cref="MessageGuard"/> first:
/// malformed input gets a precise answer instead of silence or "An error occurred". When the input ends (the client
/// closed stdin or exited) <see cref="InputEnded"/> completes, so the host can cancel the work in progress and exit.
/// Nothing but MCP messages is ever written to the output.
/// </summary>
public sealed partial class GuardedStdioTransport : TransportBase
{
    private readonly Stream _input;
    private readonly Stream _output;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _inputEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private readonly Task _reader;

    public GuardedStdioTransport(Stream input, Stream output, ILoggerFactory loggerFactory)
        : base("stdio", loggerFactory)
    {
        _input = input;
        _output = output;
        _logger = loggerFactory.CreateLogger<GuardedStdioTransport>();
        SetConnected();
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Completes when the input has ended (EOF or a read failure).</summary>
    public Task InputEnded => _inputEnded.Task;

    public override async Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, McpJsonTypes.JsonRpcMessageRelaxed);
        await WriteLineAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteLineAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _output.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var ct = _stop.Token;
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var chunk = new byte[64 * 1024];
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var read = await _input.ReadAsync(chunk, ct).ConfigureAwait(false);
                if (read == 0) break;
                var offset = 0;
                int newline;
                while ((newline = Array.IndexOf(chunk, (byte)'\n', offset, read - offset)) >= 0)
                {
                    buffer.Write(chunk.AsSpan(offset, newline - offset));
                    await HandleLineAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
                    buffer.ResetWrittenCount();
                    offset = newline + 1;
                }
                buffer.Write(chunk.AsSpan(offset, read - offset));
            }
            if (buffer.WrittenCount > 0) await HandleLineAsync(buffer.WrittenMemory, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            LogInputFailed(_logger, e.Message);
        }
        finally
        {
            _inputEnded.TrySetResult();
            SetDisconnected();
        }
    }

    private async Task HandleLineAsync(ReadOnlyMemory<byte> line, CancellationToken ct)
    {
        var trimmed = Trim(line);
        if (trimmed.IsEmpty) return;

        var verdict = MessageGuard.Check(trimmed);
        if (_logger.IsEnabled(LogLevel.Trace)) LogReceived(_logger, MessageGuard.Describe(verdict.Message));
        if (verdict.Reply is { } reply)
        {
            LogRejected(_logger, ReplyKind(reply));
            await WriteLineAsync(MessageGuard.ToBytes(reply), ct).ConfigureAwait(false);
            return;
        }

        JsonRpcMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(verdict.Message.Span, McpJsonTypes.JsonRpcMessage);
        }
        catch (JsonException e)
        {
            var answer = new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = null,
                ["error"] = new JsonObject { ["code"] = -32600, ["message"] = $"Invalid Request: not a JSON-RPC 2.0 message ({e.Message.Split('.')[0]})." },
            };
            await WriteLineAsync(MessageGuard.ToBytes(answer), ct).ConfigureAwait(false);
            return;
        }
        if (message is not null) await WriteMessageAsync(message, ct).ConfigureAwait(false);
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        var start = 0;
        var end = span.Length;
        while (end > start && span[end - 1] is (byte)'\r' or (byte)' ' or (byte)'\t') end--;
        while (start < end && span[start] is (byte)' ' or (byte)'\t') start++;
        return line[start..end];
    }

    private static string ReplyKind(JsonNode reply) =>
        reply["error"]?["code"] is JsonValue code ? "JSON-RPC error " + code.ToJsonString() : "invalid tool arguments";

    public override async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        // A read of stdin cannot be interrupted: do not wait for it beyond a moment (the process is ending anyway).
        await Task.WhenAny(_reader, Task.Delay(200)).ConfigureAwait(false);
        SetDisconnected();
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered a malformed message without passing it on ({Kind})")]
    private static partial void LogRejected(ILogger logger, string kind);

    // Only the shape of a message is logged (method, id, tool, argument names): argument values may be secrets under
    // any name, even misspelt ones, and the log cannot know a tool's schema.
    [LoggerMessage(Level = LogLevel.Trace, Message = "Received {Message}")]
    private static partial void LogReceived(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading stdin failed: {Error}")]
    private static partial void LogInputFailed(ILogger logger, string error);
}
