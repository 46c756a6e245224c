using System.Diagnostics;
using System.Text;

namespace RcMcp.IntegrationTests;

/// <summary>The outcome of one rcmcp command.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the real rcmcp executable (the built dll through dotnet, or RCMCP_SERVER) as a command: without a terminal
/// (pipes; stdin closed at once, as in a script) or inside a pseudo-terminal (util-linux <c>script</c>), where the
/// test answers prompts when they appear. Every run has its own state folder unless the test shares one; the output
/// is scanned for secrets.
/// </summary>
public static class CliProcess
{
    /// <summary>The generous cap for one command on a loaded machine; the test waits for the process, not a margin.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromMinutes(3);

    public static Task<CliRun> RunAsync(IDictionary<string, string?> environment, params string[] args) => RunWithInputAsync(environment, null, args);

    /// <summary>Runs rcmcp with <paramref name="input"/> on its standard input (then closed).</summary>
    public static async Task<CliRun> RunWithInputAsync(IDictionary<string, string?> environment, string? input, params string[] args)
    {
        var psi = ServerCommand.StartInfo(args);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cap = new CancellationTokenSource(Cap);
        try
        {
            await process.WaitForExitAsync(cap.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"rcmcp {string.Join(' ', args)} did not finish within {Cap}");
        }
        var run = new CliRun(process.ExitCode, await stdout, await stderr);
        SecretScan.Check($"rcmcp {args.FirstOrDefault()}", ("stdout", run.Stdout), ("stderr", run.Stderr));
        return run;
    }

    /// <summary>Environment for a run against a test sandbox, with its own (or a shared) state folder.</summary>
    public static Dictionary<string, string?> Environment(TestSandbox sandbox, string? stateDir = null)
    {
        var env = sandbox.Environment;
        env["XDG_STATE_HOME"] = stateDir ?? NewStateDir();
        env["XDG_CONFIG_HOME"] = NewStateDir();
        return env;
    }

    public static string NewStateDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"rcmcp-cli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }
}

/// <summary>
/// An rcmcp command inside a pseudo-terminal: stdin, stdout and stderr are a terminal, as for a person. The test reads
/// what the terminal shows (ANSI and all) and types answers.
/// </summary>
public sealed class PtyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _screen = new();
    private readonly Task _reader;

    private PtyProcess(Process process)
    {
        _process = process;
        _reader = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = await process.StandardOutput.ReadAsync(buffer)) > 0)
                lock (_screen) _screen.Append(buffer, 0, n);
        });
    }

    public string Screen
    {
        get { lock (_screen) return _screen.ToString(); }
    }

    public static PtyProcess Start(IDictionary<string, string?> environment, params string[] args)
    {
        var command = string.Join(' ', new[] { ServerCommand.Command }.Concat(ServerCommand.Prefix).Concat(args).Select(Quote));
        var psi = new ProcessStartInfo("script")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // -q: no banner; -e: the command's exit code; -f: flush at once; -c: the command; /dev/null: no typescript file.
        foreach (var a in new[] { "-qefc", command, "/dev/null" }) psi.ArgumentList.Add(a);
        foreach (var key in ServerProcess.CredentialVariables) psi.Environment.Remove(key);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        psi.Environment["TERM"] = "xterm-256color";
        psi.Environment["COLUMNS"] = "160";
        psi.Environment["LINES"] = "50";
        return new PtyProcess(Process.Start(psi)!);
    }

    /// <summary>Waits until the terminal shows <paramref name="text"/> (or the process ends, which fails the wait).</summary>
    public async Task WaitForAsync(string text)
    {
        var deadline = DateTime.UtcNow + CliProcess.Cap;
        while (!Screen.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                await _reader;
                if (Screen.Contains(text, StringComparison.Ordinal)) return;
                throw new ShouldAssertException($"rcmcp ended (exit {_process.ExitCode}) without showing \"{text}\":\n{Screen}");
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the terminal never showed \"{text}\":\n{Screen}");
            await Task.Delay(50);
        }
    }

    /// <summary>Types a line, as a person does at the prompt.</summary>
    public async Task TypeAsync(string line)
    {
        await _process.StandardInput.WriteAsync(line + "\r");
        await _process.StandardInput.FlushAsync();
    }

    public async Task<int> ExitAsync()
    {
        using var cap = new CancellationTokenSource(CliProcess.Cap);
        await _process.WaitForExitAsync(cap.Token);
        await _reader;
        SecretScan.Check("rcmcp in a terminal", ("terminal", Screen));
        return _process.ExitCode;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
