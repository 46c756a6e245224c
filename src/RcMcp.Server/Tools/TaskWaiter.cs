using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Cloud;
using RcMcp.Cloud.Models;
using RcMcp.Server.Hosting;

namespace RcMcp.Server.Tools;

/// <summary>The outcome of following a task for a while.</summary>
public sealed record WaitOutcome(TaskStateUpdate Task, bool Done, TimeSpan Elapsed, int Polls);

/// <summary>
/// Follows an asynchronous API task: polls with a growing interval, reports every poll as an MCP progress
/// notification, stops on cancellation, and gives up (resumably) at a deadline well before client time-outs.
/// </summary>
public sealed class TaskWaiter(ServerOptions options, TimeProvider time, ILogger<TaskWaiter> logger)
{
    public TimeSpan DefaultTimeout => TimeSpan.FromSeconds(options.WaitTimeoutSeconds);

    public TimeSpan ClampTimeout(int? requestedSeconds) =>
        TimeSpan.FromSeconds(Math.Clamp(requestedSeconds ?? options.WaitTimeoutSeconds, 1, options.MaxWaitTimeoutSeconds));

    public async Task<WaitOutcome> WaitAsync(
        IRedisCloudClient client,
        string taskId,
        TimeSpan timeout,
        McpServer? server,
        ProgressToken? progressToken,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromMilliseconds(options.PollIntervalMilliseconds);
        var maxInterval = TimeSpan.FromMilliseconds(options.MaxPollIntervalMilliseconds);
        var polls = 0;
        string? lastStatus = null;

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var task = await client.GetTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
            polls++;

            if (task.Status != lastStatus)
            {
                logger.LogInformation("Task {TaskId} is {Status}", taskId, task.Status);
                lastStatus = task.Status;
            }

            if (server is not null && progressToken is { } token)
            {
                var message = $"Task {taskId}: {task.Status}" + (string.IsNullOrEmpty(task.Description) ? "" : $" ({task.Description})");
                await server.NotifyProgressAsync(token, new ProgressNotificationValue { Progress = polls, Message = message }, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
            }

            if (task.IsFinished) return new WaitOutcome(task, true, clock.Elapsed, polls);

            var remaining = timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero) return new WaitOutcome(task, false, clock.Elapsed, polls);

            var delay = interval < remaining ? interval : remaining;
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min((long)(interval.Ticks * 1.5), maxInterval.Ticks));
        }
    }

    /// <summary>
    /// The one shape of get_task and wait_for_task: done, status, resource ids, the task's response, elapsed time and
    /// the next step; resumable when unfinished; isError (code task_failed) on processing-error.
    /// </summary>
    public static CallToolResult ToResult(WaitOutcome outcome, bool waited = true)
    {
        var task = outcome.Task;
        var payload = new JsonObject
        {
            ["done"] = outcome.Done,
            ["taskId"] = task.TaskId,
            ["status"] = task.Status,
            ["commandType"] = task.CommandType,
            ["description"] = task.Description,
            ["resourceId"] = task.Response?.ResourceId,
            ["additionalResourceId"] = task.Response?.AdditionalResourceId,
            ["response"] = task.Response?.Resource is { } r ? ToolResults.ToNode(r) : null,
            ["elapsedSeconds"] = Math.Round(outcome.Elapsed.TotalSeconds, 1),
        };
        // The task's own fields keep one shape whether it is finished or not (resourceId is null until known); the
        // optional extras it does not carry are left out rather than sent as null.
        foreach (var extra in new[] { "additionalResourceId", "response" })
            if (payload[extra] is null) payload.Remove(extra);

        if (task.IsFailed)
        {
            var message = $"Task {task.TaskId} ({task.CommandType}) failed: {task.Response?.ErrorCode ?? "error"}" +
                          (string.IsNullOrEmpty(task.Response?.ErrorDescription) ? "." : $": {task.Response!.ErrorDescription}");
            var error = ToolResults.ErrorObject(ErrorCodes.TaskFailed, message,
                next: "The operation failed and changed nothing it reports as failed. Read the error, fix the cause, and start the operation again.");
            error["apiCode"] = task.Response?.ErrorCode;
            error["apiDescription"] = task.Response?.ErrorDescription;
            payload["error"] = error;
            payload["next"] = (string?)error["next"];
            return ToolResults.Json(payload, isError: true);
        }

        payload["next"] = outcome.Done
            ? (task.Response?.ResourceId is { } id ? $"Finished. The affected resource id is {id}." : "Finished.")
            : waited
                ? $"Not finished after {Math.Round(outcome.Elapsed.TotalSeconds)} s (still {task.Status}). Call wait_for_task again with taskId \"{task.TaskId}\" to keep waiting; nothing is lost by returning now."
                : $"Still {task.Status}. Call wait_for_task with taskId \"{task.TaskId}\" to wait for it.";
        return ToolResults.Json(payload);
    }
}
