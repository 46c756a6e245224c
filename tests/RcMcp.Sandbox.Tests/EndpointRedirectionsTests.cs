using System.Net;
using System.Text.Json;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

/// <summary>Endpoint redirection routes: from initiated to completed, revert, refusals.</summary>
public sealed class EndpointRedirectionsTests
{
    private static object Redirection(int source = 5000001, int target = 5000002, bool protection = true) => new
    {
        sourceDatabaseId = source, targetDatabaseId = target, endpointTargetType = "public", duplicateACLs = true, migrationProtection = protection,
    };

    [Fact]
    public async Task A_redirection_moves_from_initiated_to_completed_and_a_revert_marks_it_reverted()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        var client = sandbox.Client;

        var created = await client.PostAsync("/endpoint-redirections", Redirection());
        created.Status.ShouldBe(HttpStatusCode.OK);
        var id = created.Json.Str("redirectionId");
        Guid.TryParse(id, out _).ShouldBeTrue();
        created.Json.Str("status").ShouldBe("initiated");
        created.Json.Int("sourceDatabaseId").ShouldBe(5000001);
        created.Json.Str("endpoints.0.sourceEndpointType").ShouldBe("public");
        created.Json.GetProperty("isRevert").GetBoolean().ShouldBeFalse();

        clock.Advance(TimeSpan.FromSeconds(1));
        (await client.GetAsync($"/endpoint-redirections/{id}")).Json.Str("status").ShouldBe("in-progress");
        var early = await client.PostAsync($"/endpoint-redirections/{id}/revert");
        early.Status.ShouldBe(HttpStatusCode.Conflict);
        (await client.PostAsync("/endpoint-redirections", Redirection())).Status.ShouldBe(HttpStatusCode.Conflict);
        clock.Advance(TimeSpan.FromSeconds(2));
        var done = (await client.GetAsync($"/endpoint-redirections/{id}")).Json;
        done.Str("status").ShouldBe("completed");
        done.Has("completedAt").ShouldBeTrue();

        var revert = await client.PostAsync($"/endpoint-redirections/{id}/revert");
        revert.Status.ShouldBe(HttpStatusCode.OK);
        revert.Json.GetProperty("isRevert").GetBoolean().ShouldBeTrue();
        var revertId = revert.Json.Str("redirectionId");
        revertId.ShouldNotBe(id);
        (await client.PostAsync($"/endpoint-redirections/{id}/revert")).Status.ShouldBe(HttpStatusCode.Conflict);
        clock.Advance(TimeSpan.FromSeconds(3));
        (await client.GetAsync($"/endpoint-redirections/{revertId}")).Json.Str("status").ShouldBe("completed");
        var original = (await client.GetAsync($"/endpoint-redirections/{id}")).Json;
        original.Str("status").ShouldBe("reverted");
        original.Has("revertedAt").ShouldBeTrue();
        (await client.PostAsync($"/endpoint-redirections/{revertId}/revert")).Status.ShouldBe(HttpStatusCode.Conflict);
        (await client.PostAsync("/endpoint-redirections", Redirection())).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_redirection_needs_protection_two_databases_that_exist()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        (await client.PostAsync("/endpoint-redirections", Redirection(protection: false))).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PostAsync("/endpoint-redirections", Redirection(target: 5000001))).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var unknown = await client.PostAsync("/endpoint-redirections", Redirection(target: 42));
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
        unknown.ErrorDescription.ShouldContain("targetDatabaseId");
        (await client.PostAsync("/endpoint-redirections", """{"sourceDatabaseId":5000001,"targetDatabaseId":5000002,"endpointTargetType":"both","migrationProtection":true}"""))
            .Status.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync($"/endpoint-redirections/{Guid.NewGuid()}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsync($"/endpoint-redirections/{Guid.NewGuid()}/revert")).Status.ShouldBe(HttpStatusCode.NotFound);
    }
}
