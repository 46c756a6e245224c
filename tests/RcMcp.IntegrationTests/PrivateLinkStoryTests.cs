using System.Net.Http.Json;
using System.Text.Json;
using RcMcp.Sandbox;
using static RcMcp.IntegrationTests.ConnectivityStorySteps;

namespace RcMcp.IntegrationTests;

/// <summary>AWS PrivateLink through the real server and MCP client on a test sandbox: principals, endpoint script, confirmed deletes.</summary>
public class PrivateLinkStoryTests
{
    [Fact]
    public async Task PrivateLink_create_add_principal_script_remove_principal_and_delete_with_confirmation()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var accept = false;
        await using var server = await sandbox.StartServerAsync(_ => accept ? ServerProcess.Accept() : ServerProcess.Decline(), Toolsets);
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);
        const string role = "arn:aws:iam::210987654321:role/app";
        var path = $"/v1/subscriptions/{subscriptionId}/private-link";

        // 1. Create: a write, not confirmed; the body is exactly the spec's fields.
        var created = (await server.CallAsync("create_private_link", new
        {
            subscriptionId, shareName = "story-share", principal = "123456789012", type = "aws_account", waitForCompletion = true,
        })).Ok();
        created.GetProperty("done").GetBoolean().ShouldBeTrue();
        created.GetProperty("status").GetString().ShouldBe("processing-completed");
        var create = Changes(sandbox, "/private-link").ShouldHaveSingleItem();
        (create.Method, create.Path).ShouldBe(("POST", path));
        JsonElement.DeepEquals(Body(create), JsonDocument.Parse("""{"shareName":"story-share","principal":"123456789012","type":"aws_account"}""").RootElement)
            .ShouldBeTrue(create.Body);

        // 2. Add a principal.
        (await server.CallAsync("add_private_link_principal", new { subscriptionId, principal = role, type = "iam_role", waitForCompletion = true }))
            .Ok().GetProperty("done").GetBoolean().ShouldBeTrue();
        var add = Changes(sandbox, "/private-link").Last();
        (add.Method, add.Path, Body(add).GetProperty("principal").GetString()).ShouldBe(("POST", path + "/principals", role));

        // 3. The endpoint script is text for the person to run in their AWS account; reading it changes nothing.
        var before = sandbox.Mutations.Count;
        var script = (await server.CallAsync("get_private_link_endpoint_script", new { subscriptionId })).Ok();
        script.GetProperty("script").GetString()!.ShouldContain("aws ec2 create-vpc-endpoint");
        script.GetProperty("where").GetString()!.ShouldContain("AWS CloudShell");
        script.GetProperty("where").GetString()!.ShouldContain("never runs it");
        script.GetProperty("next").GetString()!.ShouldContain("get_private_link");
        sandbox.Mutations.Count.ShouldBe(before);

        // The person runs it: the role's VPC endpoint connection shows up a little later.
        var link = await UntilAsync(server, "get_private_link", new { subscriptionId },
            l => l.GetProperty("connections").EnumerateArray().Any(c => c.GetProperty("ownerId").GetString() == "210987654321"));
        var connectionId = link.GetProperty("connections").EnumerateArray()
            .First(c => c.GetProperty("ownerId").GetString() == "210987654321").GetProperty("connectionId").GetString()!;

        // 4. Removing the principal is destructive: a preview sends nothing, a declined prompt sends nothing.
        var preview = (await server.CallAsync("remove_private_link_principals", new { subscriptionId, principal = role, dryRun = true })).Ok();
        preview.GetProperty("dryRun").GetBoolean().ShouldBeTrue();
        preview.GetProperty("impact").GetString()!.ShouldContain(connectionId);
        var declined = (await server.CallAsync("remove_private_link_principals", new { subscriptionId, principal = role, waitForCompletion = true })).Ok();
        declined.GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        var prompt = server.Elicitations.ShouldHaveSingleItem().Message;
        prompt.ShouldContain(role);
        prompt.ShouldContain(connectionId);
        prompt.ShouldContain($"databases {databaseId}");
        Changes(sandbox, "/private-link").Count(r => r.Method == "DELETE").ShouldBe(0);

        // A principal that is not on the PrivateLink is refused before anyone is asked.
        var unknown = await server.CallAsync("remove_private_link_principals", new { subscriptionId, principal = "555555555555" });
        unknown.IsError.ShouldBe(true);
        unknown.StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString().ShouldBe("will_fail");
        unknown.Text().ShouldContain("is not a principal");
        server.Elicitations.Count.ShouldBe(1);

        // 5. Confirmed: the principal and its connection are gone.
        accept = true;
        (await server.CallAsync("remove_private_link_principals", new { subscriptionId, principal = role, waitForCompletion = true }))
            .Ok().GetProperty("done").GetBoolean().ShouldBeTrue();
        var remove = Changes(sandbox, "/private-link").Where(r => r.Method == "DELETE").ShouldHaveSingleItem();
        remove.Path.ShouldBe(path + "/principals");
        JsonElement.DeepEquals(Body(remove), JsonDocument.Parse($$"""{"principal":"{{role}}"}""").RootElement).ShouldBeTrue(remove.Body);
        var after = (await server.CallAsync("get_private_link", new { subscriptionId })).Ok();
        after.GetProperty("principals").EnumerateArray().Select(p => p.GetProperty("principal").GetString()).ShouldBe(["123456789012"]);
        after.GetProperty("connections").EnumerateArray().ShouldNotContain(c => c.GetProperty("connectionId").GetString() == connectionId);

        // 6. Delete, confirmed: the prompt names the remaining principal and the databases reached through it.
        (await server.CallAsync("delete_private_link", new { subscriptionId, waitForCompletion = true })).Ok().GetProperty("done").GetBoolean().ShouldBeTrue();
        var deletePrompt = server.Elicitations.Last().Message;
        deletePrompt.ShouldContain("story-share");
        deletePrompt.ShouldContain("123456789012");
        deletePrompt.ShouldContain($"databases {databaseId}");
        var delete = Changes(sandbox, "/private-link").Last();
        (delete.Method, delete.Path).ShouldBe(("DELETE", path));
        var gone = await server.CallAsync("get_private_link", new { subscriptionId });
        gone.IsError.ShouldBe(true);
        gone.Text().ShouldContain("PRIVATELINK_SERVICE_NOT_FOUND");

        Changes(sandbox, "/private-link").Select(r => $"{r.Method} {r.Path[path.Length..]}")
            .ShouldBe(["POST ", "POST /principals", "DELETE /principals", "DELETE "]);
        var decisions = server.AuditLines().Select(a => $"{a.GetProperty("tool").GetString()}:{a.GetProperty("decision").GetString()}").ToList();
        decisions.ShouldContain("remove_private_link_principals:declined-by-user");
        decisions.ShouldContain("remove_private_link_principals:confirmed-by-elicitation");
        decisions.ShouldContain("delete_private_link:confirmed-by-elicitation");
    }

    /// <summary>Polls a read until its answer satisfies <paramref name="condition"/>: waits for the event, up to a cap.</summary>
    private static async Task<JsonElement> UntilAsync(ServerProcess server, string tool, object args, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var answer = (await server.CallAsync(tool, args)).Ok();
            if (condition(answer)) return answer;
            if (DateTime.UtcNow > deadline) throw new ShouldAssertException($"{tool} never showed the expected state: {answer}");
            await Task.Delay(50);
        }
    }
}
