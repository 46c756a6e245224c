using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using RcMcp.Cloud;
using RcMcp.Cloud.Models;
using RcMcp.Server.Hosting;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Tests;

/// <summary>
/// The one task flow every task-returning tool and the preview use: the wait is a parameter (hand back, the
/// wait_for_task bound, the dry-run bound), a failed task is typed as failed, and a wait that ends first hands the task
/// id back; the call's state records the task and whether it was seen to finish.
/// </summary>
public sealed class TaskFlowTests
{
    private static readonly ApiRequest Change = new("createDatabase", HttpMethod.Post, "/subscriptions/1/databases");

    private static (TaskFlow Flow, ScriptedTasks Api) Flow(int waitTimeoutSeconds, params string[] polls)
    {
        var api = DispatchProxy.Create<IRedisCloudClient, ScriptedTasks>();
        var scripted = (ScriptedTasks)(object)api;
        foreach (var status in polls) scripted.Polls.Enqueue(status);
        var options = new ServerOptions { WaitTimeoutSeconds = waitTimeoutSeconds, PollIntervalMilliseconds = 1, MaxPollIntervalMilliseconds = 5 };
        return (new TaskFlow(api, new TaskWaiter(options, TimeProvider.System, NullLogger<TaskWaiter>.Instance)), scripted);
    }

    private static CallState State() =>
        new(ToolCatalog.AllSpecs().First(s => s.Name == "create_database"), ToolArgs.From(null), null);

    [Fact]
    public void The_dry_run_bound_is_its_own_and_the_default_follows_the_options()
    {
        var (flow, _) = Flow(7);
        flow.DefaultWait().Timeout.ShouldBe(TimeSpan.FromSeconds(7));
        flow.DryRunWait().Timeout.ShouldBe(TaskWait.DryRunTimeout);
        TaskWait.HandBack.Timeout.ShouldBeNull();
    }

    [Fact]
    public async Task Handed_back_the_task_is_not_polled_and_its_id_is_the_result()
    {
        var (flow, api) = Flow(50, TaskStatuses.Completed);
        var state = State();
        var run = await flow.RunAsync(Change, TaskWait.HandBack, state, CancellationToken.None);

        run.HandedBack.ShouldBeTrue();
        run.TimedOut.ShouldBeFalse();
        api.PollCount.ShouldBe(0);
        state.TaskId.ShouldBe(ScriptedTasks.Id);
        state.TaskDone.ShouldBeNull();
        Payload(run.ToResult("create_database"))["taskId"]!.GetValue<string>().ShouldBe(ScriptedTasks.Id);
    }

    [Fact]
    public async Task The_dry_run_wait_follows_the_task_to_its_end()
    {
        var (flow, api) = Flow(1, TaskStatuses.InProgress, TaskStatuses.InProgress, TaskStatuses.Completed);
        var state = State();
        var run = await flow.RunAsync(Change, flow.DryRunWait(), state, CancellationToken.None);

        run.Done.ShouldBeTrue();
        run.Failed.ShouldBeFalse();
        api.PollCount.ShouldBe(3);
        run.Resource!.Value.GetProperty("ok").GetBoolean().ShouldBeTrue();
        state.TaskDone.ShouldBe(true);
    }

    [Fact]
    public async Task A_failed_task_is_failed_and_its_result_an_error()
    {
        var (flow, _) = Flow(50, TaskStatuses.InProgress, TaskStatuses.Error);
        var run = await flow.RunAsync(Change, flow.DefaultWait(), State(), CancellationToken.None);

        run.Failed.ShouldBeTrue();
        var result = run.ToResult("create_database");
        result.IsError.ShouldBe(true);
        Payload(result)["error"]!["code"]!.GetValue<string>().ShouldBe(ErrorCodes.TaskFailed);
    }

    [Fact]
    public async Task A_wait_that_ends_first_gives_the_task_id_back()
    {
        // The task never finishes: the default wait (1 s here) ends and the task id comes back to resume with.
        var (flow, api) = Flow(1);
        var state = State();
        var run = await flow.RunAsync(Change, flow.DefaultWait(), state, CancellationToken.None);

        run.TimedOut.ShouldBeTrue();
        run.Done.ShouldBeFalse();
        api.PollCount.ShouldBeGreaterThan(0);
        state.TaskDone.ShouldBe(false);
        var payload = Payload(run.ToResult("create_database"));
        payload["done"]!.GetValue<bool>().ShouldBeFalse();
        payload["taskId"]!.GetValue<string>().ShouldBe(ScriptedTasks.Id);
        payload["next"]!.GetValue<string>().ShouldContain("wait_for_task");
    }

    private static JsonObject Payload(ModelContextProtocol.Protocol.CallToolResult result) =>
        JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!.AsObject();

    /// <summary>An API that starts one task and answers its polls from a script (then: still in progress).</summary>
    public class ScriptedTasks : DispatchProxy
    {
        public const string Id = "task-1";
        public ConcurrentQueue<string> Polls { get; } = new();
        public int PollCount;

        protected override object? Invoke(MethodInfo? method, object?[]? args) => method?.Name switch
        {
            nameof(IRedisCloudClient.SendForTaskAsync) => Task.FromResult(new TaskStateUpdate { TaskId = Id, Status = TaskStatuses.Received }),
            nameof(IRedisCloudClient.GetTaskAsync) => Task.FromResult(Poll()),
            "get_BaseUrl" => new Uri("https://api.test/v1/"),
            _ => throw new NotSupportedException(method?.Name),
        };

        private TaskStateUpdate Poll()
        {
            Interlocked.Increment(ref PollCount);
            var status = Polls.TryDequeue(out var next) ? next : TaskStatuses.InProgress;
            return new TaskStateUpdate
            {
                TaskId = Id,
                Status = status,
                Response = status switch
                {
                    TaskStatuses.Completed => new ProcessorResponse { Resource = JsonSerializer.SerializeToElement(new JsonObject { ["ok"] = true }) },
                    TaskStatuses.Error => new ProcessorResponse { Error = JsonSerializer.SerializeToElement("DATABASE_CREATION_FAILED") },
                    _ => null,
                },
            };
        }
    }
}
