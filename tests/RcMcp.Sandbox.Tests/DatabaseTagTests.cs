using System.Net;
using RcMcp.Sandbox.State;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

/// <summary>Tags of a Pro database: created, listed, replaced, updated, deleted; 404 and 400.</summary>
public sealed class DatabaseTagTests
{
    private const string Db = Sample.ProDatabase;

    [Fact]
    public async Task Tags_are_created_listed_replaced_updated_and_deleted()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        var created = await client.PostAsync($"{Db}/tags", new { key = "team", value = "payments" });
        var duplicate = await client.PostAsync($"{Db}/tags", new { key = "team", value = "other" });
        await client.PostAsync($"{Db}/tags", new { key = "env", value = "dev" });
        var listed = (await client.GetAsync($"{Db}/tags")).Json;
        var replaced = await client.PutAsync($"{Db}/tags", new { tags = new[] { new { key = "team", value = "payments" }, new { key = "cost", value = "42" } } });
        var updated = await client.PutAsync($"{Db}/tags/cost", new { value = "43" });
        var deleted = await client.DeleteAsync($"{Db}/tags/team");
        var final = (await client.GetAsync($"{Db}/tags")).Json;

        created.Status.ShouldBe(HttpStatusCode.OK);
        created.Json.Str("key").ShouldBe("team");
        created.Json.Str("createdAt").ShouldNotBeNullOrEmpty();
        duplicate.Status.ShouldBe(HttpStatusCode.Conflict);
        listed.Items("tags").Select(t => t.Str("key")).ShouldBe(["team", "env"]);
        replaced.Status.ShouldBe(HttpStatusCode.OK);
        replaced.Json.Items("tags").Select(t => t.Str("key")).ShouldBe(["team", "cost"]);
        updated.Json.Str("value").ShouldBe("43");
        deleted.Status.ShouldBe(HttpStatusCode.OK);
        final.Items("tags").Select(t => $"{t.Str("key")}={t.Str("value")}").ShouldBe(["cost=43"]);
    }

    [Fact]
    public async Task Tag_routes_answer_404_and_400()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        (await client.PutAsync($"{Db}/tags/missing", new { value = "x" })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.DeleteAsync($"{Db}/tags/missing")).ErrorType.ShouldBe("DATABASE_TAG_NOT_FOUND");
        (await client.GetAsync("/subscriptions/100001/databases/42/tags")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsync($"{Db}/tags", new { key = "team" })).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PutAsync($"{Db}/tags", new { tags = new[] { new { key = "a", value = "1" }, new { key = "a", value = "2" } } })).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PutAsync($"{Db}/tags", new { })).Status.ShouldBe(HttpStatusCode.BadRequest);
    }
}
