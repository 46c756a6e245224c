using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.Tasks;

/// <summary>Asynchronous tasks: every change in Redis Cloud runs as one.</summary>
public static class TaskTools
{
    public static readonly Toolset Toolset = Toolset.Tasks;

    /// <summary>A task's resource larger than this (e.g. the pricing of a dry run) is left to get_task in a list.</summary>
    internal const int MaxListedResource = 200;

    /// <summary>The newest tasks first, at most <paramref name="limit"/>, with the total; large resources are left to get_task.</summary>
    private static JsonNode RecentTasks(JsonElement response, int limit)
    {
        var tasks = response.TryGetProperty("tasks", out var t) && t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().ToList() : [];
        var newest = tasks.OrderByDescending(x => x.TryGetProperty("timestamp", out var ts) ? ts.GetString() : "", StringComparer.Ordinal).Take(limit);
        return new JsonObject
        {
            ["total"] = tasks.Count,
            ["tasks"] = new JsonArray(newest.Select(x => Listed(ToolResults.ToNode(x))).ToArray()),
        };
    }

    private static JsonNode? Listed(JsonNode? task)
    {
        if (task?["response"] is JsonObject response && response["resource"] is { } resource &&
            System.Text.Encoding.UTF8.GetByteCount(ServerJson.Serialize(resource)) is var size && size > MaxListedResource)
            response["resource"] = $"{size} bytes, left out here: get_task shows it";
        return task;
    }

    public static IEnumerable<ToolSpec> All() =>
    [
        ListTasks,
        GetTask,
        WaitForTask,
    ];

    public static ToolSpec ListTasks { get; } = new()
    {
        Name = "list_tasks",
        Title = "List tasks",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Default = true,
        Description =
            "Recent tasks, newest first: id, command type, status, resource id. Finds a lost task id, or if an unanswered change applied.",
        InputSchema = JsonSchema.Object().Prop("limit", JsonSchema.Int("Default 20.", 1, 500)).Build(),
        Operation = "getAllTasks",
        ShapeResponse = (response, a) => RecentTasks(response, a.IntOrNull("limit") ?? 20),
        LocalArguments = ["limit"],
        TaskList = "tasks",
    };

    public static ToolSpec GetTask { get; } = new()
    {
        Name = "get_task",
        AnswersOneTask = true,
        Title = "Get task",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "A task now: status, description, and when done the resource id or the error. To wait: wait_for_task.",
        Default = true,
        InputSchema = JsonSchema.Object().Prop("taskId", TaskId(), required: true).Build(),
        Operation = "getTaskById",
        Handler = async call =>
        {
            var task = await call.Client.GetTaskAsync(call.Args.String("taskId"), call.CancellationToken).ConfigureAwait(false);
            (call.State.ShownTask, call.State.TaskDone) = (task, task.IsFinished);
            return TaskWaiter.ToResult(new WaitOutcome(task, task.IsFinished, TimeSpan.Zero, 1), waited: false);
        },
    };

    public static ToolSpec WaitForTask { get; } = new()
    {
        Name = "wait_for_task",
        AnswersOneTask = true,
        Title = "Wait for task",
        Toolset = Toolset,
        Default = true,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Wait for a task with progress: done, status, resourceId (a new id), response. Still running: call again; failed: an error.",
        InputSchema = JsonSchema.Object()
            .Prop("taskId", TaskId(), required: true)
            .Prop("timeoutSeconds", JsonSchema.Int("Default 50.", 1, 300))
            .Build(),
        Handler = async call =>
        {
            var outcome = await call.Waiter.WaitAsync(call.Client, call.Args.String("taskId"), call.Waiter.ClampTimeout(call.Args.IntOrNull("timeoutSeconds")),
                call.Server, call.Request.Params?.ProgressToken, call.CancellationToken).ConfigureAwait(false);
            (call.State.ShownTask, call.State.TaskDone) = (outcome.Task, outcome.Done);
            return TaskWaiter.ToResult(outcome);
        },
    };
}
