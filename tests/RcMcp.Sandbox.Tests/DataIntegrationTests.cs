using System.Net;
using System.Text.Json;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

/// <summary>The Data Integration workspace proxy: what is written to its paths, array bodies, deletes.</summary>
public sealed class DataIntegrationTests
{
    [Fact]
    public async Task The_workspace_stores_what_is_written_to_its_paths_and_deletes_subtrees()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;
        const string Workspace = "/subscriptions/100001/data-integration-workspace";

        var list = (await client.GetAsync("/data-integration-workspaces")).Json;
        list.Items("workspaces").Select(w => w.Int("subscriptionId")).ShouldBe([100001, 100002]);
        (await client.GetAsync(Workspace)).Json.Items("paths").ShouldBeEmpty();
        (await client.GetAsync(Workspace + "/pipelines/orders")).Status.ShouldBe(HttpStatusCode.NotFound);

        var pipeline = new { source = new { type = "postgresql", host = "db.internal", password = "Pipeline-Source-Pa55" }, tables = new[] { "orders" } };
        var posted = await client.PostAsync(Workspace + "/pipelines/orders", pipeline);
        posted.Status.ShouldBe(HttpStatusCode.OK);
        SandboxServer.KnownSecrets.ShouldContain("Pipeline-Source-Pa55");
        (await client.GetAsync(Workspace + "/pipelines/orders")).Json.Str("source.host").ShouldBe("db.internal");
        (await client.PostAsync(Workspace + "/pipelines/orders", pipeline)).Status.ShouldBe(HttpStatusCode.Conflict);

        var patched = await client.SendAsync(HttpMethod.Patch, Workspace + "/pipelines/orders", """{"source":{"host":"db2.internal"},"tables":null}""");
        patched.Status.ShouldBe(HttpStatusCode.OK);
        var stored = (await client.GetAsync(Workspace + "/pipelines/orders")).Json;
        stored.Str("source.host").ShouldBe("db2.internal");
        stored.Str("source.type").ShouldBe("postgresql");
        stored.Has("tables").ShouldBeFalse();
        (await client.SendAsync(HttpMethod.Patch, Workspace + "/pipelines/none", new { a = 1 })).Status.ShouldBe(HttpStatusCode.NotFound);

        (await client.PutAsync(Workspace + "/pipelines/orders/config", new { batch = 100 })).Status.ShouldBe(HttpStatusCode.OK);
        (await client.PutAsync(Workspace + "/pipelines/users", new { batch = 5 })).Status.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync(Workspace)).Json.Items("paths").Length.ShouldBe(3);
        (await client.GetAsync("/subscriptions/100002/data-integration-workspace")).Json.Items("paths").ShouldBeEmpty();

        var deleted = await client.DeleteAsync(Workspace + "/pipelines/orders");
        deleted.Status.ShouldBe(HttpStatusCode.OK);
        deleted.Json.Items("deleted").Select(d => d.GetString()).ShouldBe(["pipelines/orders", "pipelines/orders/config"]);
        (await client.GetAsync(Workspace + "/pipelines/orders/config")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync(Workspace + "/pipelines/users")).Json.Int("batch").ShouldBe(5);
        (await client.DeleteAsync(Workspace + "/pipelines/orders")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.DeleteAsync(Workspace)).Json.Items("deleted").Length.ShouldBe(1);
        (await client.GetAsync("/subscriptions/999/data-integration-workspace/x")).ErrorType.ShouldBe("SUBSCRIPTION_NOT_FOUND");
    }

    /// <summary>The spec's body is a JsonNode: POST, PUT and PATCH take an array as well as an object, and DELETE may
    /// carry a body; anything that is not a JSON object or array is refused.</summary>
    [Fact]
    public async Task The_workspace_takes_array_bodies_and_a_delete_with_a_body()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;
        const string Jobs = "/subscriptions/100001/data-integration-workspace/pipelines/orders/jobs";

        var posted = await client.PostAsync(Jobs, """[{"name":"nightly","password":"Job-Secret-Pa55"},{"name":"hourly"}]""");
        var read = await client.GetAsync(Jobs);
        var replaced = await client.PutAsync(Jobs, """[{"name":"weekly"}]""");
        var afterPut = await client.GetAsync(Jobs);
        var patched = await client.SendAsync(HttpMethod.Patch, Jobs, """[{"name":"daily"},{"name":"monthly"}]""");
        var afterPatch = await client.GetAsync(Jobs);
        var scalar = await client.PutAsync(Jobs, "\"text\"");
        var deleted = await client.SendAsync(HttpMethod.Delete, Jobs, """{"force":true}""");
        var badDelete = await client.SendAsync(HttpMethod.Delete, "/subscriptions/100001/data-integration-workspace", "42");

        posted.Status.ShouldBe(HttpStatusCode.OK);
        posted.Json.ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Array);
        SandboxServer.KnownSecrets.ShouldContain("Job-Secret-Pa55");
        read.Json.EnumerateArray().Select(j => j.Str("name")).ShouldBe(["nightly", "hourly"]);
        replaced.Status.ShouldBe(HttpStatusCode.OK);
        afterPut.Json.EnumerateArray().Select(j => j.Str("name")).ShouldBe(["weekly"]);
        patched.Status.ShouldBe(HttpStatusCode.OK);
        afterPatch.Json.EnumerateArray().Select(j => j.Str("name")).ShouldBe(["daily", "monthly"]);
        scalar.Status.ShouldBe(HttpStatusCode.BadRequest);
        scalar.ErrorDescription.ShouldContain("JSON object or array");
        deleted.Status.ShouldBe(HttpStatusCode.OK);
        deleted.Json.Items("deleted").Select(d => d.GetString()).ShouldBe(["pipelines/orders/jobs"]);
        (await client.GetAsync(Jobs)).Status.ShouldBe(HttpStatusCode.NotFound);
        badDelete.Status.ShouldBe(HttpStatusCode.BadRequest);
    }
}
