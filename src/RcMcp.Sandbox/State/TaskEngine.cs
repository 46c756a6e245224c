using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>
/// Task life cycle derived from time: <c>received</c> when created, <c>processing-in-progress</c> one step later,
/// and the final state after all steps, when the task's work is applied. Not thread-safe: used under the account lock.
/// </summary>
internal sealed class TaskEngine(TimeSpan stepDelay, int steps)
{
    private const string Received = "received";
    private const string InProgress = "processing-in-progress";
    private const string Completed = "processing-completed";
    private const string Failed = "processing-error";

    private readonly List<SandboxTask> tasks = [];
    private readonly Queue<SandboxTask> pending = new();

    public IEnumerable<SandboxTask> NewestFirst => Enumerable.Reverse(tasks);

    /// <summary>Told, under the account lock, of every task <see cref="Start"/> starts (not of dry runs): the system log.</summary>
    public event Action<SandboxTask, DateTimeOffset>? TaskStarted;

    /// <summary>Told, under the account lock, of every started task once its work has been applied: the system log.</summary>
    public event Action<SandboxTask>? TaskCompleted;

    /// <summary>Starts a task whose <paramref name="work"/> is applied when it completes.</summary>
    public SandboxTask Start(string commandType, DateTimeOffset now, Func<DateTimeOffset, TaskOutcome> work)
    {
        var task = new SandboxTask(commandType, now, now + stepDelay * steps, work);
        tasks.Add(task);
        pending.Enqueue(task);
        TaskStarted?.Invoke(task, now);
        return task;
    }

    /// <summary>Records a task that is final from the start (dry runs).</summary>
    public SandboxTask Finished(string commandType, DateTimeOffset now, TaskOutcome outcome)
    {
        var task = new SandboxTask(commandType, now, now, _ => outcome);
        task.Finish();
        tasks.Add(task);
        return task;
    }

    /// <summary>Applies, in creation order, the work of every task that is due.</summary>
    public void Advance(DateTimeOffset now)
    {
        while (pending.TryPeek(out var task) && task.DueAt <= now)
        {
            pending.Dequeue().Finish();
            TaskCompleted?.Invoke(task);
        }
    }

    public SandboxTask Get(string taskId) =>
        tasks.FirstOrDefault(t => string.Equals(t.Id, taskId, StringComparison.OrdinalIgnoreCase))
        ?? throw ApiException.NotFound("TASK_NOT_FOUND", $"Task {taskId} was not found in this account.");

    /// <summary>Spec schema TaskStateUpdate.</summary>
    public JsonObject View(SandboxTask task, DateTimeOffset now, string baseUrl)
    {
        var inProgressFrom = task.CreatedAt + stepDelay;
        var (status, since, description) = task.Outcome switch
        {
            { Succeeded: true } => (Completed, task.DueAt, "Task completed successfully"),
            { Succeeded: false } => (Failed, task.DueAt, "Task failed; see response.error"),
            null when now >= inProgressFrom => (InProgress, inProgressFrom, "Task is being processed"),
            null => (Received, task.CreatedAt, "Task request received and is being processed"),
        };
        return new JsonObject
        {
            ["taskId"] = task.Id,
            ["commandType"] = task.CommandType,
            ["status"] = status,
            ["description"] = description,
            ["timestamp"] = SandboxJson.Timestamp(since),
            ["response"] = task.Outcome?.Response.ToJson(),
            ["links"] = new JsonArray(new JsonObject { ["href"] = $"{baseUrl}/tasks/{task.Id}", ["rel"] = "task", ["type"] = "GET" }),
        };
    }
}
