using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using RcMcp.Server.Hosting;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Tools;
using Serilog;
using Serilog.Events;
using Spectre.Console;

namespace RcMcp.Server.Cli;

/// <summary>What the CLI does with a call's answer.</summary>
public enum CliStep { Show, Error, NotConfirmed, FollowTask }

/// <summary>How one CLI invocation behaves, from its flags.</summary>
public sealed record CliFlags(bool Json, bool Yes, bool NoWait, bool DryRun, bool RevealSecrets);

/// <summary>
/// Runs one tool as a command, through the same server and pipeline as every MCP client, with the gates made for a
/// person at a terminal: an operation that needs a dry run gets it first (its result, the price, is shown) and a yes
/// before the real call; the server's confirmation prompts become y/N questions (default no) on a terminal, and are
/// refused without one unless --yes (which never skips a dry run); a started task is followed to its end with a live
/// progress bar (plain lines without a terminal), Ctrl+C stops waiting and prints the command that resumes.
/// </summary>
public static class CliRunner
{
    /// <summary>A person can answer: both stdin and stderr are a terminal.</summary>
    public static bool Interactive => !Console.IsInputRedirected && !Console.IsErrorRedirected;

    public static async Task<int> RunAsync(ServerOptions options, ToolSpec spec, JsonObject arguments, CliFlags flags, CancellationToken cancellation)
    {
        // Ctrl+C (and SIGTERM) stop what is in progress: waiting for a task, or a prompt; never the process mid-call.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var ct = stop.Token;
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            return await RunCoreAsync(options, spec, arguments, flags, ct);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> RunCoreAsync(ServerOptions options, ToolSpec spec, JsonObject arguments, CliFlags flags, CancellationToken ct)
    {
        if (Startup.Check(options) is { } problem)
        {
            await Console.Error.WriteLineAsync(problem);
            return ExitCodes.Usage;
        }
        if (options.Sandbox)
        {
            // Here, before the logger: it takes the keys to redact from the options, the running sandbox's included.
            if (CliSandbox.UseRunning(options)) await Console.Error.WriteLineAsync($"Sandbox: using the one running at {options.ApiUrl} (rcmcp sandbox).");
            else await Console.Error.WriteLineAsync("Sandbox: a fresh simulator for this command only; run `rcmcp sandbox` in another terminal to keep state between commands.");
        }
        var (serilog, redactor) = Startup.CreateLogger(options, defaultLevel: LogEventLevel.Warning);
        using var _ = serilog;
        using var loggerFactory = LoggerFactory.Create(b => b.AddSerilog(serilog));
        await using var sandbox = await Startup.StartSandboxAsync(options, redactor, loggerFactory.CreateLogger("RcMcp"), ct);

        var output = new CliOutput(flags.Json, CliOutput.Stdout(), Console.Error);
        var refusedForYes = false;
        var answered = false;

        ValueTask<ElicitResult> Confirm(ElicitRequestParams request, CancellationToken token)
        {
            answered = true;
            Console.Error.WriteLine();
            Console.Error.WriteLine(request.Message);
            if (flags.Yes)
            {
                Console.Error.WriteLine("Confirmed by --yes.");
                return ValueTask.FromResult(Accept());
            }
            if (!Interactive)
            {
                refusedForYes = true;
                return ValueTask.FromResult(new ElicitResult { Action = "decline" });
            }
            return ValueTask.FromResult(Ask("Proceed?") ? Accept() : new ElicitResult { Action = "decline" });
        }

        await using var session = await CliSession.StartAsync(options, loggerFactory, Confirm, ct);
        if (flags.RevealSecrets) arguments[StandardArguments.RevealSecretsName] = true;

        if (flags.DryRun)
        {
            if (!spec.IsMutating) return Fail(output, "--dry-run previews changes; this command only reads.", ExitCodes.Usage);
            arguments[StandardArguments.DryRunName] = true;
            return await FinishAsync(session, output, spec, await session.CallAsync(spec.Name, arguments, null, ct), flags, ct);
        }

        if (spec.ApiDryRun)
        {
            var dry = (JsonObject)arguments.DeepClone();
            dry[StandardArguments.DryRunName] = true;
            var dryRun = await session.CallAsync(spec.Name, dry, null, ct);
            if (dryRun.Outcome.IsError) return Error(output, dryRun);
            output.Message($"Dry run of {spec.Name}: valid." + (dryRun.Outcome.EstimatedPrice is { } price ? $" Estimated price: {price}" : ""));
            if (flags.Json) output.Result(dryRun.Result);
            // When the server will ask for confirmation anyway (a purchase), that prompt (with the price) is the question.
            if (!spec.NeedsConfirmation(arguments.ToArgs()) && !spec.Confirm.DependsOnTarget)
            {
                if (!flags.Yes && !Interactive)
                    return Fail(output, $"{spec.Name} changes your account and needs a yes after its dry run: run it in a terminal, or add --yes. Nothing was changed.", ExitCodes.Refused);
                if (!flags.Yes && !Ask($"Apply {spec.Title.ToLowerInvariant()}?"))
                    return Fail(output, "Not applied. Nothing was changed.", ExitCodes.Refused);
            }
        }

        CliCall result;
        try
        {
            result = await session.CallAsync(spec.Name, arguments, null, ct);
        }
        catch (OperationCanceledException)
        {
            return Fail(output, "Cancelled.", 130);
        }
        if (refusedForYes)
            return Fail(output, $"{spec.Name} needs a person's confirmation: run it in a terminal to answer the prompt, or add --yes. Nothing was sent.", ExitCodes.Refused);
        if (!answered && result.Outcome.ConfirmationRequired)
            return Fail(output, $"{spec.Name} needs a person's confirmation. Nothing was sent.", ExitCodes.Refused);
        return await FinishAsync(session, output, spec, result, flags, ct);
    }

    private static async Task<int> FinishAsync(CliSession session, CliOutput output, ToolSpec spec, CliCall call, CliFlags flags, CancellationToken ct)
    {
        switch (NextStep(call.Outcome, flags.NoWait))
        {
            case CliStep.Error:
                return Error(output, call);
            case CliStep.NotConfirmed:
                return Fail(output, $"Not confirmed: nothing was sent for {spec.Name}.", ExitCodes.Refused);
            case CliStep.FollowTask:
                return await FollowAsync(session, output, call.Outcome.TaskId!, ct);
            default:
                output.Result(call.Result);
                return ExitCodes.Success;
        }
    }

    /// <summary>What the CLI does with a call's answer, read from the pipeline's typed outcome only: report the error,
    /// report that the person did not confirm, follow the task the call started (unless --no-wait, a dry run, or the
    /// call already waited for it), or show the result.</summary>
    public static CliStep NextStep(CallOutcome outcome, bool noWait) =>
        outcome.IsError ? CliStep.Error
        : outcome.Declined ? CliStep.NotConfirmed
        : outcome.TaskId is not null && outcome.Done is null && !noWait && !outcome.DryRun ? CliStep.FollowTask
        : CliStep.Show;

    /// <summary>The exit code of an error outcome (<see cref="ExitCodes"/>).</summary>
    public static int ExitCodeOf(CallOutcome outcome) => ExitCodes.For(outcome.ErrorCode ?? ErrorCodes.Internal);

    /// <summary>Follows a task to its end: a progress bar on a terminal, plain lines otherwise.</summary>
    private static async Task<int> FollowAsync(CliSession session, CliOutput output, string taskId, CancellationToken ct)
    {
        var arguments = new JsonObject { ["taskId"] = taskId, ["timeoutSeconds"] = 50 };
        CliCall? last = null;
        try
        {
            if (Interactive && !output.Json)
            {
                await AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }).Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
                    .StartAsync(async context =>
                    {
                        var bar = context.AddTask($"Task {ShortId(taskId)}: received", maxValue: 100);
                        bar.Value = 10;
                        while (true)
                        {
                            last = await session.CallAsync("wait_for_task", arguments, message =>
                            {
                                // "Task 1f0c2a9b: processing-in-progress": short enough for any terminal width.
                                var status = System.Text.RegularExpressions.Regex.Match(message, @"\b(received|initialized|processing-[a-z-]+)\b");
                                bar.Description = Markup.Escape($"Task {ShortId(taskId)}: {(status.Success ? status.Value : Shorten(message))}");
                                bar.Value = Math.Max(bar.Value, message.Contains("processing-in-progress") ? 50 : message.Contains("processing-") ? 100 : 20);
                            }, ct);
                            if (Done(last)) break;
                        }
                        bar.Value = 100;
                        bar.Description = Markup.Escape($"Task {ShortId(taskId)}: {CliOutput.Payload(last!.Result)?["status"]}");
                    });
            }
            else
            {
                string? previous = null;
                while (true)
                {
                    last = await session.CallAsync("wait_for_task", arguments, message =>
                    {
                        if (message != previous) output.Message(message);
                        previous = message;
                    }, ct);
                    if (Done(last)) break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            output.Message($"Stopped waiting; the task goes on. Resume with: rcmcp tasks wait {taskId}");
            return 130;
        }
        if (last!.Outcome.IsError) return Error(output, last);
        output.Result(last.Result);
        return ExitCodes.Success;
    }

    private static string ShortId(string id) => id.Length > 8 ? id[..8] : id;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    private static bool Done(CliCall call) => call.Outcome.IsError || call.Outcome.Done == true;

    private static bool Ask(string question)
    {
        Console.Error.Write($"{question} [y/N] ");
        var answer = Console.ReadLine()?.Trim().ToLowerInvariant();
        return answer is "y" or "yes";
    }

    private static ElicitResult Accept() => new()
    {
        Action = "accept",
        Content = new Dictionary<string, JsonElement> { ["confirm"] = JsonDocument.Parse("true").RootElement.Clone() },
    };

    private static int Error(CliOutput output, CliCall call)
    {
        output.Error(call.Result);
        return ExitCodeOf(call.Outcome);
    }

    private static int Fail(CliOutput output, string message, int code)
    {
        output.Message("rcmcp: " + message);
        return code;
    }

    private static ToolArgs ToArgs(this JsonObject arguments) => new(JsonSerializer.SerializeToElement(arguments, ServerJson.Context.JsonObject));
}
