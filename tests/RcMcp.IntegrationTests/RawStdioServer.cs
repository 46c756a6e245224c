using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace RcMcp.IntegrationTests;

/// <summary>
/// The server over stdio driven with raw bytes, for input no SDK client would send (byte order marks, invalid JSON,
/// deep nesting, non-object arguments, unpaired surrogates) and for watching the process itself exit.
/// </summary>
public sealed class RawStdioServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private int _nextId = 1000;

    private RawStdioServer(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) _lines.Writer.TryComplete();
            else _lines.Writer.TryWrite(e.Data);
        };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) StandardError.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public ConcurrentQueue<string> StandardError { get; } = new();
    public Process Process => _process;

    /// <summary>Every line written to stdout, which must all be JSON-RPC messages.</summary>
    public List<string> Stdout { get; } = [];

    public static async Task<RawStdioServer> StartAsync(IDictionary<string, string?>? environment, params string[] args)
    {
        var psi = ServerCommand.StartInfo(["--poll-interval-ms", "50", "--audit-log", "none", "--log-level", "Verbose",
            "--state-dir", Path.Combine(Path.GetTempPath(), $"rcmcp-state-{Guid.NewGuid():N}"), .. args]);
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) psi.Environment[k] = v;
        psi.StandardInputEncoding = new UTF8Encoding(false);
        var server = new RawStdioServer(Process.Start(psi)!);
        var init = await server.RequestAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""", "1");
        init["result"].ShouldNotBeNull(init.ToJsonString());
        await server.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        return server;
    }

    public string NextId() => Interlocked.Increment(ref _nextId).ToString();

    public async Task WriteLineAsync(string line) => await WriteBytesAsync(Encoding.UTF8.GetBytes(line + "\n"));

    public async Task WriteBytesAsync(byte[] bytes)
    {
        await _process.StandardInput.BaseStream.WriteAsync(bytes);
        await _process.StandardInput.BaseStream.FlushAsync();
    }

    /// <summary>Writes one line and returns the answer with the given id (a null id for an unparseable message).</summary>
    public async Task<JsonNode> RequestAsync(string line, string? id, TimeSpan? timeout = null) =>
        await RequestBytesAsync(Encoding.UTF8.GetBytes(line + "\n"), id, timeout);

    public async Task<JsonNode> RequestBytesAsync(byte[] bytes, string? id, TimeSpan? timeout = null)
    {
        await WriteBytesAsync(bytes);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await _lines.Reader.ReadAsync(cts.Token);
            Stdout.Add(line);
            var node = JsonNode.Parse(line)!; // stdout carries JSON-RPC only: anything else fails here
            if (node["method"] is not null && node["id"] is null) continue; // a notification
            var answerId = node["id"]?.ToJsonString().Trim('"');
            if (answerId == id) return node;
        }
    }

    /// <summary>After the process ended: reads what is left on stdout, each line checked to be a JSON-RPC message.</summary>
    public async Task DrainAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var line in _lines.Reader.ReadAllAsync(cts.Token))
        {
            Stdout.Add(line);
            JsonNode.Parse(line)!["jsonrpc"]!.GetValue<string>().ShouldBe("2.0", line);
        }
    }

    /// <summary>Closes stdin: the client went away.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    public async Task<bool> WaitForExitAsync(TimeSpan cap)
    {
        using var cts = new CancellationTokenSource(cap);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync();
        _process.Dispose();
        SecretScan.Check("raw stdio server", ("stderr", string.Join("\n", StandardError)), ("stdout", string.Join("\n", Stdout)));
    }
}
