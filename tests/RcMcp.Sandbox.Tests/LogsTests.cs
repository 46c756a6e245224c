using System.Globalization;
using System.Net;
using System.Text.Json;
using RcMcp.Sandbox.Tests.Infrastructure;
using static RcMcp.Sandbox.Tests.Infrastructure.RawClient;

namespace RcMcp.Sandbox.Tests;

/// <summary>System log and session log routes: seeded entries, changes logged, paging and filters.</summary>
public sealed class LogsTests
{
    [Fact]
    public async Task System_log_starts_with_the_seeded_resources()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var entries = (await sandbox.Client.GetAsync("/logs")).Json.Items("entries");

        entries.Length.ShouldBe(4);
        var cache = entries.Single(e => e.Has("resourceId") && e.Int("resourceId") == 5000001);
        cache.Str("type").ShouldBe("Database");
        cache.Str("resource").ShouldBe("sandbox-cache");
        cache.Str("description").ShouldBe("Database sandbox-cache (id 5000001) was created in subscription sandbox-pro (id 100001)");
        cache.Str("apiKeyName").ShouldBe("sandbox-key");
        cache.Str("originator").ShouldBe("Sandbox Owner");
        DateTimeOffset.Parse(cache.Str("time"), CultureInfo.InvariantCulture).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Each_change_is_logged_when_its_task_starts_and_when_it_finishes_with_the_resource_named()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(time: clock);
        var client = sandbox.Client;

        var created = await client.PostAsync("/subscriptions/100001/databases", Sample.Database("sessions"));
        var started = (await client.GetAsync("/logs")).Json.Items("entries")[0];
        started.Str("description").ShouldBe($"Database create request received (task {created.TaskId})");
        started.Has("resourceId").ShouldBeFalse();

        clock.Advance(TimeSpan.FromSeconds(5));
        var log = (await client.GetAsync("/logs")).Json.Items("entries");
        log[0].Str("description").ShouldBe($"Database sessions (id 5000003) in subscription sandbox-pro (id 100001) was created (task {created.TaskId})");
        log[0].Int("resourceId").ShouldBe(5000003);
        log[0].Str("resource").ShouldBe("sessions");
        log[0].Str("time").ShouldBe("2026-01-01T12:00:00.060Z");
        log[0].Int("id").ShouldBeGreaterThan(log[1].Int("id"));

        var deleted = await client.DeleteAsync("/subscriptions/100001/databases/5000003");
        clock.Advance(TimeSpan.FromSeconds(5));
        var afterDelete = (await client.GetAsync("/logs?resourceId=5000003")).Json.Items("entries");
        afterDelete.Select(e => e.Str("description")).ShouldBe([
            $"Database sessions (id 5000003) in subscription sandbox-pro (id 100001) was deleted (task {deleted.TaskId})",
            $"Database sessions (id 5000003) in subscription sandbox-pro (id 100001) was created (task {created.TaskId})",
        ]);

        await client.PutAsync(Sample.ProSubscription, new { name = "renamed-pro" });
        clock.Advance(TimeSpan.FromSeconds(5));
        (await client.GetAsync("/logs?limit=1")).Json.Str("entries.0.description").ShouldStartWith("Subscription renamed-pro (id 100001) was updated");
    }

    [Fact]
    public async Task Dry_runs_and_reads_are_not_logged()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var before = (await sandbox.Client.GetAsync("/logs")).Json.Items("entries").Length;

        await sandbox.Client.RunTaskAsync(HttpMethod.Post, "/subscriptions/100001/databases", new { name = "preview", dryRun = true });
        await sandbox.Client.GetAsync("/subscriptions");

        (await sandbox.Client.GetAsync("/logs")).Json.Items("entries").Length.ShouldBe(before);
    }

    [Fact]
    public async Task System_log_pages_newest_first_and_filters_by_time()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(time: clock);
        clock.Advance(TimeSpan.FromHours(1));
        await sandbox.Client.PutAsync(Sample.ProSubscription, new { name = "later" });
        clock.Advance(TimeSpan.FromHours(1));

        var all = (await sandbox.Client.GetAsync("/logs")).Json.Items("entries");
        var page = (await sandbox.Client.GetAsync("/logs?offset=1&limit=2")).Json.Items("entries");
        var recent = (await sandbox.Client.GetAsync("/logs?startTime=2026-01-01T12:30:00Z")).Json.Items("entries");
        var early = (await sandbox.Client.GetAsync("/logs?endTime=2026-01-01T12:30:00Z")).Json.Items("entries");

        all.Length.ShouldBe(6);
        page.Select(e => e.Int("id")).ShouldBe(all.Skip(1).Take(2).Select(e => e.Int("id")));
        recent.Select(e => e.Str("description")).ShouldAllBe(d => d.StartsWith("Subscription"));
        recent.Length.ShouldBe(2);
        early.Length.ShouldBe(4);
    }

    [Theory]
    [InlineData("/logs?limit=0")]
    [InlineData("/logs?limit=1001")]
    [InlineData("/logs?offset=-1")]
    [InlineData("/logs?startTime=yesterday")]
    [InlineData("/logs?startTime=2026-01-02T00:00:00Z&endTime=2026-01-01T00:00:00Z")]
    [InlineData("/logs?resourceId=abc")]
    [InlineData("/session-logs?limit=101")]
    [InlineData("/session-logs?endTime=soon")]
    public async Task Invalid_log_queries_are_a_400(string path)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.GetAsync(path);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Session_log_has_one_entry_per_client_session()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(time: clock);
        using var agent = Http(sandbox, "story-agent/1.0");

        await agent.GetAsync("subscriptions");
        await agent.GetAsync("tasks");
        var first = (await sandbox.Client.GetAsync("/session-logs")).Json.Items("entries");
        clock.Advance(TimeSpan.FromMinutes(31));
        await agent.GetAsync("subscriptions");
        var later = (await sandbox.Client.GetAsync("/session-logs")).Json.Items("entries");

        // The test's own client (no user agent) and the agent: one session each.
        first.Length.ShouldBe(2);
        var session = first.Single(e => e.Has("userAgent") && e.Str("userAgent") == "story-agent/1.0");
        session.Str("ipAddress").ShouldBe("127.0.0.1");
        session.Str("user").ShouldBe("owner@sandbox.example.com");
        session.Str("userRole").ShouldBe("Owner");
        session.Str("type").ShouldBe("API");
        session.Str("action").ShouldBe("API key sandbox-key started a session with GET /v1/subscriptions");
        session.Str("id").ShouldNotBeNullOrEmpty();
        // After 31 idle minutes both clients start new sessions.
        later.Length.ShouldBe(4);
        later[0].Str("time").ShouldBe("2026-01-01T12:31:00.000Z");
        (await sandbox.Client.GetAsync("/session-logs?limit=1&offset=3")).Json.Items("entries").ShouldHaveSingleItem().Str("id").ShouldBe(later[3].Str("id"));
    }

    [Fact]
    public async Task Session_log_is_per_account()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Accounts.Add(new SandboxAccount { AccountId = 2002, ApiKey = "k2", SecretKey = "s2" }));
        var other = sandbox.ClientFor("k2", "s2");

        await sandbox.Client.GetAsync("/subscriptions");

        (await other.GetAsync("/session-logs")).Json.Items("entries").Length.ShouldBe(1);
        (await sandbox.Client.GetAsync("/session-logs")).Json.Items("entries").Length.ShouldBe(1);
    }
}
