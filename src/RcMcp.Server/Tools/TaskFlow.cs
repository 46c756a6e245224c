using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Cloud;
using RcMcp.Cloud.Models;
using RcMcp.Server.Pipeline;

namespace RcMcp.Server.Tools;

/// <summary>
/// How long a <see cref="TaskFlow"/> follows the task it started: not at all (the task id is handed back), the
/// wait_for_task bound, or the shorter bound of an API dry run; progress goes to the MCP request's token when given.
/// </summary>
public sealed record TaskWait(TimeSpan? Timeout, McpServer? Server = null, ProgressToken? ProgressToken = null)
{
    /// <summary>Send, and hand the task id back without waiting.</summary>
    public static readonly TaskWait HandBack = new((TimeSpan?)null);

    /// <summary>How long an API dry run may take before it is reported unfinished.</summary>
    public static readonly TimeSpan DryRunTimeout = TimeSpan.FromSeconds(30);
}

/// <summary>What became of a task a <see cref="TaskFlow"/> started.</summary>
public sealed record TaskRun(TaskStateUpdate Task, bool Done, bool HandedBack, TimeSpan Elapsed, int Polls)
{
    public string? TaskId => Task.TaskId;
    /// <summary>The task ended in processing-error.</summary>
    public bool Failed => Done && Task.IsFailed;
    /// <summary>The flow waited and the task had not finished by the bound: the task id is handed back to resume.</summary>
    public bool TimedOut => !HandedBack && !Done;
    /// <summary>The finished task's response.resource (the data of a read, the result of a dry run).</summary>
    public JsonElement? Resource => Task.Response?.Resource;
    public WaitOutcome Outcome => new(Task, Done, Elapsed, Polls);

    /// <summary>The one result shape of a change's task: the started task and its next step when handed back (or when
    /// the API gave no task id), else the get_task shape (done or resumable; isError on a failed task).</summary>
    public CallToolResult ToResult(string tool, string? followWith = null) =>
        HandedBack || TaskId is null ? ToolResults.TaskStarted(tool, Task, followWith) : TaskWaiter.ToResult(Outcome);
}

/// <summary>
/// The one task flow: send a request that answers with a task, then follow it as the <see cref="TaskWait"/> says.
/// Every tool and pipeline stage that starts or reads through a task uses it; when given the call's state it records
/// the task the call started and whether the flow saw it finish (the call's <see cref="CallOutcome"/>).
/// </summary>
public sealed class TaskFlow(IRedisCloudClient client, TaskWaiter waiter)
{
    /// <summary>The wait_for_task bound, with progress to the request's token.</summary>
    public TaskWait DefaultWait(McpServer? server = null, ProgressToken? progressToken = null) => new(waiter.DefaultTimeout, server, progressToken);

    /// <summary>The bound of an API dry run, with progress to the request's token.</summary>
    public TaskWait DryRunWait(McpServer? server = null, ProgressToken? progressToken = null) => new(TaskWait.DryRunTimeout, server, progressToken);

    public TimeSpan DefaultTimeout => waiter.DefaultTimeout;

    /// <param name="record">The call whose task this is (its task id and end go to the audit, telemetry and the
    /// call's outcome); null for a task the pipeline reads on the side (a target's state).</param>
    public async Task<TaskRun> RunAsync(ApiRequest request, TaskWait wait, CallState? record, CancellationToken ct)
    {
        var task = await client.SendForTaskAsync(request, ct).ConfigureAwait(false);
        if (record is not null) record.TaskId = task.TaskId;
        TaskRun run;
        if (wait.Timeout is not { } timeout || task.IsFinished || task.TaskId is null)
            run = new TaskRun(task, task.IsFinished, HandedBack: wait.Timeout is null, TimeSpan.Zero, 0);
        else
        {
            var outcome = await waiter.WaitAsync(client, task.TaskId, timeout, wait.Server, wait.ProgressToken, ct).ConfigureAwait(false);
            run = new TaskRun(outcome.Task, outcome.Done, HandedBack: false, outcome.Elapsed, outcome.Polls);
        }
        if (record is not null) record.TaskDone = run.HandedBack || run.TaskId is null ? null : run.Done;
        return run;
    }
}
