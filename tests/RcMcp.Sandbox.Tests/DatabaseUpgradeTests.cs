using System.Net;
using RcMcp.Sandbox.State;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

/// <summary>Redis version upgrades of a Pro database: target versions, upgrade through a task, its status.</summary>
public sealed class DatabaseUpgradeTests
{
    private const string Db = Sample.ProDatabase;

    [Fact]
    public async Task Upgrade_changes_the_version_through_a_task_with_a_status()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        var client = sandbox.Client;

        var targets = (await client.GetAsync($"{Db}/available-target-versions")).Json.Items("targets").Select(t => t.Str("redisVersion")).ToList();
        var never = (await client.GetAsync($"{Db}/upgrade")).Json;
        var old = await client.PostAsync($"{Db}/upgrade", new { targetRedisVersion = "7.2" });
        var upgrade = await client.PostAsync($"{Db}/upgrade", new { targetRedisVersion = "8.0" });
        var again = await client.PostAsync($"{Db}/upgrade", new { targetRedisVersion = "8.2" });
        clock.Advance(TimeSpan.FromSeconds(1.5));
        var during = (await client.GetAsync($"{Db}/upgrade")).Json;
        clock.Advance(TimeSpan.FromSeconds(2));
        var done = (await client.GetAsync($"{Db}/upgrade")).Json;
        var database = (await client.GetAsync(Db)).Json;
        var nextTargets = (await client.GetAsync($"{Db}/available-target-versions")).Json.Items("targets").Select(t => t.Str("redisVersion")).ToList();

        targets.ShouldBe(["8.0", "8.2"]);
        never.Int("databaseId").ShouldBe(5000001);
        never.Has("upgradeStatus").ShouldBeFalse();
        old.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        old.ErrorType.ShouldBe("INVALID_REDIS_VERSION");
        upgrade.Status.ShouldBe(HttpStatusCode.OK);
        upgrade.Json.Str("commandType").ShouldBe("databaseUpgradeRedisVersionRequest");
        again.Status.ShouldBe(HttpStatusCode.Conflict);
        during.Str("upgradeStatus").ShouldBe("in-progress");
        during.Num("progress").ShouldBeInRange(1, 99);
        done.Str("upgradeStatus").ShouldBe("done");
        done.Str("targetRedisVersion").ShouldBe("8.0");
        done.Num("progress").ShouldBe(100);
        database.Str("redisVersion").ShouldBe("8.0");
        nextTargets.ShouldBe(["8.2"]);
    }

    [Fact]
    public async Task Version_routes_answer_404_for_unknown_databases_and_400_without_a_target()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        (await sandbox.Client.GetAsync("/subscriptions/100001/databases/42/available-target-versions")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await sandbox.Client.GetAsync("/subscriptions/999/databases/5000001/upgrade")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await sandbox.Client.PostAsync("/subscriptions/100001/databases/42/upgrade", new { targetRedisVersion = "8.0" })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await sandbox.Client.PostAsync($"{Db}/upgrade", new { })).Status.ShouldBe(HttpStatusCode.BadRequest);
    }
}
