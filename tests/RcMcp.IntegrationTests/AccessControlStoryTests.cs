using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace RcMcp.IntegrationTests;

/// <summary>
/// Stories of database access control, cloud accounts, account users, Data Integration and endpoint redirections,
/// driven through the real server over stdio against a sandbox: the results, the prompts the person sees, and the
/// requests that reached the sandbox (nothing for a declined or refused call). Every secret the stories send is
/// remembered, so the scan at dispose checks that none leaks into results, logs or the audit log.
/// </summary>
public class AccessControlStoryTests
{
    private static readonly string[] AllTools = ["--toolsets", "all"];

    private static string ErrorCode(CallToolResult result) =>
        result.StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString()!;

    private static int Resource(CallToolResult result)
    {
        var done = result.Ok();
        done.GetProperty("done").GetBoolean().ShouldBeTrue(done.ToString());
        done.GetProperty("status").GetString().ShouldBe("processing-completed");
        return done.GetProperty("resourceId").GetInt32();
    }

    [Fact]
    public async Task Rule_role_and_user_are_created_the_password_changed_and_all_deleted_in_order()
    {
        var firstPassword = SecretScan.Remember("Story-Acl-First-Pa55");
        var newPassword = SecretScan.Remember("Story-Acl-Second-Pa55");
        var accept = true;
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => accept ? ServerProcess.Accept() : ServerProcess.Decline(), AllTools);
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);

        // 1. A rule, a role using it on a database, a user with that role: writes, nobody is asked.
        var ruleId = Resource(await server.CallAsync("create_acl_redis_rule", new { name = "story-rule", redisRule = "+@read ~story:*", waitForCompletion = true }));
        var roleId = Resource(await server.CallAsync("create_acl_role", new
        {
            name = "story-role",
            redisRules = new[] { new { ruleName = "story-rule", databases = new[] { new { subscriptionId, databaseId } } } },
            waitForCompletion = true,
        }));
        var created = await server.CallAsync("create_acl_user", new { name = "story-user", role = "story-role", password = firstPassword, waitForCompletion = true });
        var userId = Resource(created);
        created.Ok().GetProperty("next").GetString()!.ShouldContain("must keep it");
        server.Elicitations.ShouldBeEmpty();
        var roles = (await server.CallAsync("list_acl_roles")).Ok().GetProperty("roles");
        roles[0].GetProperty("redisRules")[0].GetProperty("databases")[0].GetProperty("databaseId").GetInt32().ShouldBe(databaseId);
        roles[0].GetProperty("users")[0].GetProperty("name").GetString().ShouldBe("story-user");
        var user = await server.CallAsync("get_acl_user", new { aclUserId = userId });
        user.Ok().GetProperty("role").GetString().ShouldBe("story-role");

        // 2. A new password is confirmed first; the prompt names the user, never the password.
        var before = sandbox.Mutations.Count;
        accept = false;
        (await server.CallAsync("update_acl_user", new { aclUserId = userId, password = newPassword })).Ok().GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        sandbox.Mutations.Count.ShouldBe(before);
        accept = true;
        var changed = await server.CallAsync("update_acl_user", new { aclUserId = userId, password = newPassword, waitForCompletion = true });
        Resource(changed).ShouldBe(userId);
        changed.Ok().GetProperty("next").GetString()!.ShouldContain("must keep it");
        var prompt = server.Elicitations.Last().Message;
        prompt.ShouldContain("story-user");
        prompt.ShouldContain("new password");
        var put = sandbox.Mutations.Last();
        put.Method.ShouldBe("PUT");
        put.Path.ShouldBe($"/v1/acl/users/{userId}");
        JsonDocument.Parse(put.Body!).RootElement.GetProperty("password").GetString().ShouldBe(newPassword);

        // 3. Out of order: the rule is used by the role, the role held by the user. The person confirms, the API
        //    answers 409, and the answer says what stands in the way and what to do.
        var ruleFirst = await server.CallAsync("delete_acl_redis_rule", new { aclRedisRuleId = ruleId });
        ruleFirst.IsError.ShouldBe(true);
        ErrorCode(ruleFirst).ShouldBe("conflict");
        ruleFirst.Text().ShouldContain("story-role");
        ruleFirst.Text().ShouldContain("remove that use first");
        server.Elicitations.Last().Message.ShouldContain("story-rule");
        var roleFirst = await server.CallAsync("delete_acl_role", new { aclRoleId = roleId });
        ErrorCode(roleFirst).ShouldBe("conflict");
        roleFirst.Text().ShouldContain("story-user");
        server.Elicitations.Last().Message.ShouldContain("story-user");

        // 4. In order: user, role, rule, each confirmed; the role's prompt names the database it reached.
        Resource(await server.CallAsync("delete_acl_user", new { aclUserId = userId, waitForCompletion = true })).ShouldBe(userId);
        Resource(await server.CallAsync("delete_acl_role", new { aclRoleId = roleId, waitForCompletion = true })).ShouldBe(roleId);
        server.Elicitations.Last().Message.ShouldContain($"database {databaseId}");
        Resource(await server.CallAsync("delete_acl_redis_rule", new { aclRedisRuleId = ruleId, waitForCompletion = true })).ShouldBe(ruleId);
        (await server.CallAsync("list_acl_users")).Ok().GetProperty("users").GetArrayLength().ShouldBe(0);
        (await server.CallAsync("list_acl_roles")).Ok().GetProperty("roles").GetArrayLength().ShouldBe(0);
        sandbox.Mutations.Count(r => r.Method == "DELETE").ShouldBe(5);

        var decisions = server.AuditLines().Select(a => $"{a.GetProperty("tool").GetString()}:{a.GetProperty("decision").GetString()}").ToList();
        decisions.ShouldContain("update_acl_user:declined-by-user");
        decisions.ShouldContain("update_acl_user:confirmed-by-elicitation");
        decisions.Count(d => d.StartsWith("delete_", StringComparison.Ordinal) && d.EndsWith(":confirmed-by-elicitation", StringComparison.Ordinal)).ShouldBe(5);
        var audit = await File.ReadAllTextAsync(server.AuditPath);
        audit.ShouldNotContain(firstPassword);
        audit.ShouldNotContain(newPassword);
    }

    [Fact]
    public async Task A_cloud_account_is_created_shown_without_keys_given_new_keys_and_deleted()
    {
        var key = SecretScan.Remember("AKIASTORYKEY00000001");
        var secret = SecretScan.Remember("story/Secret+Access/Key0000000000000001");
        var password = SecretScan.Remember("Story-Console-Pa55-1");
        var newKey = SecretScan.Remember("AKIASTORYKEY00000002");
        var newSecret = SecretScan.Remember("story/Secret+Access/Key0000000000000002");
        var newPassword = SecretScan.Remember("Story-Console-Pa55-2");
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => ServerProcess.Accept(), AllTools);

        var id = Resource(await server.CallAsync("create_cloud_account", new
        {
            name = "story-aws", provider = "AWS", accessKeyId = key, accessSecretKey = secret, consoleUsername = "ops@example.com", consolePassword = password,
            signInLoginUrl = "https://123456789012.signin.aws.amazon.com/console", waitForCompletion = true,
        }));
        server.Elicitations.ShouldBeEmpty();
        JsonDocument.Parse(sandbox.Mutations.Single().Body!).RootElement.GetProperty("accessSecretKey").GetString().ShouldBe(secret);

        var shown = await server.CallAsync("get_cloud_account", new { cloudAccountId = id });
        var account = shown.Ok();
        account.GetProperty("name").GetString().ShouldBe("story-aws");
        account.GetProperty("status").GetString().ShouldBe("active");
        account.TryGetProperty("accessSecretKey", out _).ShouldBeFalse();
        account.TryGetProperty("consolePassword", out _).ShouldBeFalse();
        account.GetProperty("accessKeyId").GetString().ShouldBe("***redacted***");
        var listed = await server.CallAsync("list_cloud_accounts");
        foreach (var text in new[] { shown.Text(), listed.Text() })
        {
            text.ShouldNotContain(key);
            text.ShouldNotContain(secret);
            text.ShouldNotContain(password);
        }

        var updated = await server.CallAsync("update_cloud_account", new
        {
            cloudAccountId = id, accessKeyId = newKey, accessSecretKey = newSecret, consoleUsername = "ops@example.com", consolePassword = newPassword, waitForCompletion = true,
        });
        Resource(updated).ShouldBe(id);
        var prompt = server.Elicitations.ShouldHaveSingleItem().Message;
        prompt.ShouldContain("story-aws");
        prompt.ShouldNotContain(newKey);
        JsonDocument.Parse(sandbox.Mutations.Last().Body!).RootElement.GetProperty("consolePassword").GetString().ShouldBe(newPassword);

        Resource(await server.CallAsync("delete_cloud_account", new { cloudAccountId = id, waitForCompletion = true })).ShouldBe(id);
        server.Elicitations.Count.ShouldBe(2);
        server.Elicitations.Last().Message.ShouldContain("story-aws");
        (await server.CallAsync("get_cloud_account", new { cloudAccountId = id })).IsError.ShouldBe(true);
        sandbox.Mutations.Select(m => m.Method).ShouldBe(["POST", "PUT", "DELETE"]);
    }

    [Fact]
    public async Task An_account_user_is_listed_given_another_role_and_removed()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => ServerProcess.Accept(), AllTools);

        var users = (await server.CallAsync("list_account_users")).Ok().GetProperty("users").EnumerateArray().ToList();
        users.Count.ShouldBe(3);
        var member = users.First(u => u.GetProperty("role").GetString() == "Member");
        var userId = member.GetProperty("id").GetInt32();
        var name = member.GetProperty("name").GetString()!;

        Resource(await server.CallAsync("update_account_user", new { userId, name, role = "Viewer", waitForCompletion = true })).ShouldBe(userId);
        var prompt = server.Elicitations.ShouldHaveSingleItem().Message;
        prompt.ShouldContain(name);
        prompt.ShouldContain("Member becomes Viewer");
        (await server.CallAsync("get_account_user", new { userId })).Ok().GetProperty("role").GetString().ShouldBe("Viewer");

        Resource(await server.CallAsync("delete_account_user", new { userId, waitForCompletion = true })).ShouldBe(userId);
        server.Elicitations.Last().Message.ShouldContain(name);
        (await server.CallAsync("get_account_user", new { userId })).IsError.ShouldBe(true);

        // The owner (the user of these keys) stays: the API refuses, and the answer says so.
        var owner = users.First(u => u.GetProperty("role").GetString() == "Owner").GetProperty("id").GetInt32();
        var refused = await server.CallAsync("delete_account_user", new { userId = owner });
        ErrorCode(refused).ShouldBe("conflict");
        (await server.CallAsync("list_account_users")).Ok().GetProperty("users").GetArrayLength().ShouldBe(2);
        sandbox.Mutations.Select(m => $"{m.Method} {m.Path}").ShouldBe([$"PUT /v1/users/{userId}", $"DELETE /v1/users/{userId}", $"DELETE /v1/users/{owner}"]);
    }

    [Fact]
    public async Task A_pipeline_is_written_read_and_deleted_through_the_proxy_and_paths_cannot_climb_out()
    {
        var sourcePassword = SecretScan.Remember("Story-Rdi-Source-Pa55");
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => ServerProcess.Accept(), AllTools);
        var (subscriptionId, _) = await sandbox.SeededAsync(server);
        var pipeline = new { source = new { type = "postgresql", host = "pg.internal", port = 5432, password = sourcePassword }, tables = new[] { "orders" } };

        var written = await server.CallAsync("create_data_integration", new { subscriptionId, path = "pipelines/orders", body = pipeline });
        written.Ok().GetProperty("source").GetProperty("host").GetString().ShouldBe("pg.internal");
        server.Elicitations.ShouldBeEmpty();
        var post = sandbox.Mutations.ShouldHaveSingleItem();
        post.Method.ShouldBe("POST");
        post.Path.ShouldBe($"/v1/subscriptions/{subscriptionId}/data-integration-workspace/pipelines/orders");
        JsonDocument.Parse(post.Body!).RootElement.GetProperty("tables")[0].GetString().ShouldBe("orders");

        var read = (await server.CallAsync("get_data_integration", new { subscriptionId, path = "pipelines/orders" })).Ok();
        read.GetProperty("source").GetProperty("port").GetInt32().ShouldBe(5432);
        read.GetProperty("source").GetProperty("password").GetString().ShouldBe("***redacted***");
        (await server.CallAsync("get_data_integration", new { subscriptionId })).Ok().GetProperty("paths")[0].GetString().ShouldBe("pipelines/orders");

        var deleted = await server.CallAsync("delete_data_integration", new { subscriptionId, path = "pipelines/orders" });
        deleted.Ok().GetProperty("deleted")[0].GetString().ShouldBe("pipelines/orders");
        server.Elicitations.ShouldHaveSingleItem().Message.ShouldContain("pipelines/orders");
        (await server.CallAsync("get_data_integration", new { subscriptionId, path = "pipelines/orders" })).IsError.ShouldBe(true);

        var sent = sandbox.Sandbox.Requests.Count;
        foreach (var path in new[] { "../x", "a/%2e%2e/b", "http://x", "a?b=c", "a/../../b", "a//b", "a\\b", "./x" })
        {
            foreach (var (tool, args) in new (string, object)[]
            {
                ("get_data_integration", new { subscriptionId, path }),
                ("create_data_integration", new { subscriptionId, path, body = new { a = 1 } }),
                ("delete_data_integration", new { subscriptionId, path }),
            })
            {
                var refused = await server.CallAsync(tool, args);
                refused.IsError.ShouldBe(true, $"{tool} {path}");
                var error = refused.StructuredContent!.Value.GetProperty("error");
                error.GetProperty("code").GetString().ShouldBe("validation");
                error.GetProperty("field").GetString().ShouldBe("path");
                error.GetProperty("next").GetString()!.ShouldContain("pipelines/orders");
            }
        }
        sandbox.Sandbox.Requests.Count.ShouldBe(sent);
        server.Elicitations.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Under_allow_subscriptions_the_workspace_list_and_proxy_keep_to_the_allowed_ones()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--toolsets", "all", "--allow-subscriptions", "100001");

        var workspaces = (await server.CallAsync("list_data_integration_workspaces")).Ok().GetProperty("workspaces");
        workspaces.EnumerateArray().Select(w => w.GetProperty("subscriptionId").GetInt32()).ShouldBe([100001]);
        var refused = await server.CallAsync("get_data_integration", new { subscriptionId = 100002 });
        refused.IsError.ShouldBe(true);
        refused.StructuredContent!.Value.GetProperty("error").GetProperty("field").GetString().ShouldBe("subscriptionId");
        sandbox.Sandbox.Requests.ShouldAllBe(r => !r.Path.Contains("100002"));
    }

    [Fact]
    public async Task A_redirection_is_confirmed_followed_and_reverted()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync(_ => ServerProcess.Accept(), AllTools);
        var (sourceSub, source) = await sandbox.SeededAsync(server);
        var (_, target) = await sandbox.SeededAsync(server, "active-active");

        var created = (await server.CallAsync("create_endpoint_redirection", new
        {
            sourceDatabaseId = source, targetDatabaseId = target, endpointTargetType = "public", duplicateACLs = true, migrationProtection = true,
        })).Ok();
        var id = created.GetProperty("redirectionId").GetString()!;
        var prompt = server.Elicitations.ShouldHaveSingleItem().Message;
        prompt.ShouldContain($"database {source} (source)");
        prompt.ShouldContain($"database {target} (target)");
        var post = sandbox.Mutations.ShouldHaveSingleItem();
        post.Path.ShouldBe("/v1/endpoint-redirections");
        JsonDocument.Parse(post.Body!).RootElement.GetProperty("migrationProtection").GetBoolean().ShouldBeTrue();

        await StatusAsync(server, id, "completed");
        // The source stopped serving when its traffic moved: resume brings it back (the four traffic operations are reachable).
        (await server.CallAsync("get_database_traffic", new { subscriptionId = sourceSub, databaseId = source })).Ok()
            .GetProperty("trafficStatus").GetString().ShouldBe("stopped");
        (await server.CallAsync("resume_database_traffic", new { subscriptionId = sourceSub, databaseId = source })).IsError.ShouldNotBe(true);
        (await server.CallAsync("get_database_traffic", new { subscriptionId = sourceSub, databaseId = source })).Ok()
            .GetProperty("trafficStatus").GetString().ShouldBe("active");
        var reverted = (await server.CallAsync("revert_endpoint_redirection", new { redirectionId = id })).Ok();
        reverted.GetProperty("isRevert").GetBoolean().ShouldBeTrue();
        server.Elicitations.Count.ShouldBe(2);
        server.Elicitations.Last().Message.ShouldContain($"database {source} (source)");
        sandbox.Mutations.Last().Path.ShouldBe($"/v1/endpoint-redirections/{id}/revert");
        await StatusAsync(server, id, "reverted");

        // A reverted redirection cannot be reverted again: refused before anyone is asked, nothing sent.
        var again = await server.CallAsync("revert_endpoint_redirection", new { redirectionId = id });
        ErrorCode(again).ShouldBe("will_fail");
        server.Elicitations.Count.ShouldBe(2);
        sandbox.Mutations.Count.ShouldBe(3); // the redirection, the traffic resume, the revert
    }

    /// <summary>Follows a redirection until it reaches <paramref name="status"/> (an event, not a delay).</summary>
    private static async Task StatusAsync(ServerProcess server, string redirectionId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? now = null;
        while (DateTime.UtcNow < deadline)
        {
            now = (await server.CallAsync("get_endpoint_redirection", new { redirectionId })).Ok().GetProperty("status").GetString();
            if (now == status) return;
            await Task.Delay(50);
        }
        now.ShouldBe(status);
    }
}
