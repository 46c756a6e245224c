using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.ToolParams;

namespace RcMcp.Server.Tools.Tasks;

/// <summary>Asynchronous tasks: every change in Redis Cloud runs as one.</summary>
public static class TaskTools
{
    public const string Toolset = "tasks";

    public static IEnumerable<ToolSpec> All()
    {
        yield return new ToolSpec
        {
            Name = "list_tasks",
            Title = "List tasks",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description =
                "List the account's recent asynchronous tasks (creates, updates, deletes, backups) with id, command type, status and result. " +
                "Use it to find a lost task id or to check whether a change that failed to answer was applied.",
            InputSchema = S.Object().Build(),
            Request = _ => RedisCloudRequests.ListTasks(),
        };

        yield return new ToolSpec
        {
            Name = "get_task",
            Title = "Get task",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description =
                "Check one asynchronous task once: status (received, processing-in-progress, processing-completed, processing-error), " +
                "description, and on completion the resource id or the error. To wait until it finishes, use wait_for_task instead.",
            InputSchema = S.Object().Prop("taskId", TaskId(), required: true).Build(),
            Request = a => RedisCloudRequests.GetTask(a.String("taskId")),
        };

        yield return new ToolSpec
        {
            Name = "wait_for_task",
            Title = "Wait for task",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description =
                "Wait for an asynchronous task to finish, sending progress notifications while it runs, and return its outcome: done, status, " +
                "resourceId (e.g. the new subscription or database id), the response and the elapsed time. Returns after timeoutSeconds " +
                "(default 50) even if the task is still running; then call it again with the same taskId to keep waiting. A failed task " +
                "(processing-error) comes back as an error with the API's error code and description.",
            InputSchema = S.Object()
                .Prop("taskId", TaskId(), required: true)
                .Prop("timeoutSeconds", S.Int("How long to wait before returning a resumable answer, in seconds (1-300; default 50). Keep it below your client's request time-out.", 1, 300))
                .Build(),
            Handler = async call =>
            {
                var outcome = await call.Waiter.WaitAsync(call.Client, call.Args.String("taskId"), call.Waiter.ClampTimeout(call.Args.IntOrNull("timeoutSeconds")),
                    call.Server, call.Request.Params?.ProgressToken, call.CancellationToken).ConfigureAwait(false);
                return TaskWaiter.ToResult(outcome);
            },
        };
    }
}
