using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RcMcp.Server.Approvals;

/// <summary>
/// Opens the approval page for the person in their browser: <c>--approval-opener CMD</c> runs <c>CMD URL</c> (CMD is
/// one program, no shell, the URL one argument); without it, <c>xdg-open</c> on Linux with a display
/// (<c>DISPLAY</c> or <c>WAYLAND_DISPLAY</c>), <c>open</c> on macOS, <c>cmd /c start "" URL</c> on Windows. The child's
/// standard streams are redirected (in stdio mode this process's stdout is the MCP channel). The URL carries the
/// link's secret: it is logged only without its query.
/// </summary>
public sealed class ApprovalOpener(string? command = null, ILogger? log = null, Func<string, string?>? environment = null)
{
    private readonly ILogger _log = log ?? NullLogger.Instance;
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    /// <summary>How long to wait for the opener to exit before taking a still-running one as success.</summary>
    public TimeSpan ExitWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The program and arguments that would open <paramref name="url"/>, or null when none is available.</summary>
    public (string Program, IReadOnlyList<string> Arguments)? CommandFor(Uri url)
    {
        var text = url.AbsoluteUri;
        if (!string.IsNullOrWhiteSpace(command)) return (command, [text]);
        if (OperatingSystem.IsWindows()) return ("cmd", ["/c", "start", "", text]);
        if (OperatingSystem.IsMacOS()) return ("open", [text]);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsFreeBSD())
            return string.IsNullOrEmpty(_environment("DISPLAY")) && string.IsNullOrEmpty(_environment("WAYLAND_DISPLAY")) ? null : ("xdg-open", [text]);
        return null;
    }

    /// <summary>
    /// Runs the opener; false when there is none, it cannot start, or it exits with a failure status. True when it
    /// exits successfully or is still running after <see cref="ExitWait"/> (a browser started in the foreground).
    /// </summary>
    public async Task<bool> OpenAsync(Uri url, CancellationToken cancellationToken = default)
    {
        var shown = WithoutQuery(url);
        if (CommandFor(url) is not var (program, arguments))
        {
            _log.LogInformation("No program to open the approval page {Url:l} (no display, no --approval-opener)", shown);
            return false;
        }

        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            _log.LogWarning("Could not run {Program:l} to open the approval page {Url:l}: {Message}", program, shown, e.Message);
            return false;
        }
        if (process is null) return false;

        using (process)
        {
            process.OutputDataReceived += static (_, _) => { };
            process.ErrorDataReceived += static (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.StandardInput.Close();

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(ExitWait);
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                _log.LogInformation("Opened the approval page {Url:l} with {Program:l} (still running)", shown, program);
                return true;
            }
            var ok = process.ExitCode == 0;
            if (ok) _log.LogInformation("Opened the approval page {Url:l} with {Program:l}", shown, program);
            else _log.LogWarning("{Program:l} could not open the approval page {Url:l} (exit status {Status})", program, shown, process.ExitCode);
            return ok;
        }
    }

    /// <summary>The URL without its query string (where the link's secret is): what may be logged or shown.</summary>
    public static string WithoutQuery(Uri url) => url.GetLeftPart(UriPartial.Path);
}
