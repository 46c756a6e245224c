using System.Net;
using System.Text.Json;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

/// <summary>
/// Routes of database access control (rules, roles, ACL users), account users, cloud accounts, endpoint redirections
/// and the Data Integration workspace proxy: states through tasks, references between them, 404/409/400/422.
/// </summary>
public sealed class AccessAndAccountsTests
{

    private static object Role(string name, string rule, int subscriptionId = 100001, int databaseId = 5000001, string[]? regions = null) => new
    {
        name,
        redisRules = new[] { new { ruleName = rule, databases = new[] { new { subscriptionId, databaseId, regions = regions ?? [] } } } },
    };

    private static async Task<int> CreatedAsync(ApiClient client, string path, object body)
    {
        var task = await client.RunTaskAsync(HttpMethod.Post, path, body);
        task.Str("status").ShouldBe("processing-completed", task.ToString());
        return task.Int("response.resourceId");
    }

    // ---- Redis rules ----

    [Fact]
    public async Task The_default_rules_are_seeded_and_can_be_neither_changed_nor_deleted()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var rules = (await sandbox.Client.GetAsync("/acl/redisRules")).Json;

        rules.Items("redisRules").Select(r => r.Str("name")).ShouldBe(["Full-Access", "Read-Write", "Read-Only"]);
        rules.Items("redisRules").ShouldAllBe(r => r.GetProperty("isDefault").GetBoolean() && r.Str("status") == "active");
        var update = await sandbox.Client.PutAsync("/acl/redisRules/9", new { name = "Read-Only", redisRule = "+@all ~*" });
        update.Status.ShouldBe(HttpStatusCode.Conflict);
        update.ErrorType.ShouldBe("ACL_REDIS_RULE_CANNOT_UPDATE_DEFAULT");
        var delete = await sandbox.Client.DeleteAsync("/acl/redisRules/9");
        delete.Status.ShouldBe(HttpStatusCode.Conflict);
        delete.ErrorType.ShouldBe("ACL_REDIS_RULE_CANNOT_DELETE_DEFAULT");
    }

    [Fact]
    public async Task A_rule_is_pending_until_its_task_completes_then_can_be_updated_and_deleted()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        var client = sandbox.Client;

        var created = await client.PostAsync("/acl/redisRules", new { name = "cache-read", redisRule = "+@read ~cache:*" });
        created.Status.ShouldBe(HttpStatusCode.Accepted);
        created.Json.Str("commandType").ShouldBe("aclRedisRuleCreateRequest");
        Rule(await client.GetAsync("/acl/redisRules"), "cache-read").Str("status").ShouldBe("pending");
        (await client.PutAsync("/acl/redisRules/10", new { name = "cache-read", redisRule = "+@all" })).ErrorType.ShouldBe("ACL_REDIS_RULE_NOT_ACTIVE");
        clock.Advance(TimeSpan.FromSeconds(3));
        var rule = Rule(await client.GetAsync("/acl/redisRules"), "cache-read");
        rule.Str("status").ShouldBe("active");
        rule.Int("id").ShouldBe(10);
        rule.Str("acl").ShouldBe("+@read ~cache:*");

        var update = await client.PutAsync("/acl/redisRules/10", new { name = "cache-rw", redisRule = "+@read +@write ~cache:*" });
        update.Status.ShouldBe(HttpStatusCode.Accepted);
        clock.Advance(TimeSpan.FromSeconds(3));
        Rule(await client.GetAsync("/acl/redisRules"), "cache-rw").Str("acl").ShouldBe("+@read +@write ~cache:*");

        (await client.DeleteAsync("/acl/redisRules/10")).Status.ShouldBe(HttpStatusCode.Accepted);
        Rule(await client.GetAsync("/acl/redisRules"), "cache-rw").Str("status").ShouldBe("deleting");
        clock.Advance(TimeSpan.FromSeconds(3));
        (await client.GetAsync("/acl/redisRules")).Json.Items("redisRules").Length.ShouldBe(3);
        (await client.DeleteAsync("/acl/redisRules/10")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"name":"Read-Only","redisRule":"+@read"}""", 409, "ACL_REDIS_RULE_NAME_ALREADY_EXISTS")]
    [InlineData("""{"name":"x","redisRule":"read everything"}""", 400, "ACL_REDIS_RULE_PATTERN_NOT_VALID")]
    [InlineData("""{"name":"x","redisRule":"   "}""", 400, "ACL_REDIS_RULE_PATTERN_IS_MISSING")]
    [InlineData("""{"redisRule":"+@read"}""", 400, "BAD_REQUEST")]
    [InlineData("""{"name":"x"}""", 400, "BAD_REQUEST")]
    public async Task Invalid_or_conflicting_rules_are_refused(string body, int status, string code)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.PostAsync("/acl/redisRules", body);

        ((int)response.Status).ShouldBe(status);
        response.ErrorType.ShouldBe(code);
        (await sandbox.Client.GetAsync("/acl/redisRules")).Json.Items("redisRules").Length.ShouldBe(3);
    }

    // ---- Roles and ACL users, and what references what ----

    [Fact]
    public async Task Rules_roles_and_users_reference_each_other_and_are_deleted_in_order()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;
        var ruleId = await CreatedAsync(client, "/acl/redisRules", new { name = "app-rule", redisRule = "+@read ~app:*" });
        var roleId = await CreatedAsync(client, "/acl/roles", Role("app-role", "app-rule"));
        var userId = await CreatedAsync(client, "/acl/users", new { name = "app-user", role = "app-role", password = "Sandbox-Acl-Pa55" });

        var role = (await client.GetAsync("/acl/roles")).Json.Items("roles").Single(r => r.Int("id") == roleId);
        role.Str("status").ShouldBe("active");
        role.Str("redisRules.0.ruleName").ShouldBe("app-rule");
        role.Int("redisRules.0.ruleId").ShouldBe(ruleId);
        role.Str("redisRules.0.databases.0.databaseName").ShouldBe("sandbox-cache");
        role.Str("users.0.name").ShouldBe("app-user");
        var user = await client.GetAsync($"/acl/users/{userId}");
        user.Json.Str("role").ShouldBe("app-role");
        user.Json.Str("status").ShouldBe("active");
        user.Json.ToString().ShouldNotContain("Sandbox-Acl-Pa55");
        (await client.GetAsync("/acl/users")).Json.ToString().ShouldNotContain("Sandbox-Acl-Pa55");
        SandboxServer.KnownSecrets.ShouldContain("Sandbox-Acl-Pa55");

        var ruleInUse = await client.DeleteAsync($"/acl/redisRules/{ruleId}");
        ruleInUse.Status.ShouldBe(HttpStatusCode.Conflict);
        ruleInUse.ErrorType.ShouldBe("ACL_REDIS_RULE_CANNOT_DELETE_WHEN_ASSOCIATED_WITH_ROLES");
        ruleInUse.ErrorDescription.ShouldContain("app-role");
        var roleInUse = await client.DeleteAsync($"/acl/roles/{roleId}");
        roleInUse.Status.ShouldBe(HttpStatusCode.Conflict);
        roleInUse.ErrorType.ShouldBe("ACL_ROLE_HAS_ACTIVE_USERS_AND_CANNOT_BE_DELETED");
        roleInUse.ErrorDescription.ShouldContain("app-user");

        (await client.RunTaskAsync(HttpMethod.Delete, $"/acl/users/{userId}")).Str("status").ShouldBe("processing-completed");
        (await client.GetAsync($"/acl/users/{userId}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.RunTaskAsync(HttpMethod.Delete, $"/acl/roles/{roleId}")).Str("status").ShouldBe("processing-completed");
        (await client.RunTaskAsync(HttpMethod.Delete, $"/acl/redisRules/{ruleId}")).Str("status").ShouldBe("processing-completed");
        (await client.GetAsync("/acl/roles")).Json.Items("roles").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("no-such-rule", 100001, 5000001, null, 404, "ACL_REDIS_RULE_NOT_FOUND")]
    [InlineData("Read-Only", 100001, 999, null, 404, "DATABASE_NOT_FOUND")]
    [InlineData("Read-Only", 999, 5000001, null, 404, "SUBSCRIPTION_NOT_FOUND")]
    [InlineData("Read-Only", 100001, 5000001, "us-east-1", 400, "ACL_ROLE_REDIS_RULES_DATABASES_REGION_MUST_BE_CRDB")]
    [InlineData("Read-Only", 100002, 5000002, "ap-south-1", 400, "ACL_ROLE_REDIS_RULES_DATABASES_REGION_IS_NOT_BELONGS_TO_DATABASE")]
    public async Task A_role_needs_existing_rules_and_databases(string rule, int subscriptionId, int databaseId, string? region, int status, string code)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.PostAsync("/acl/roles", Role("r", rule, subscriptionId, databaseId, region is null ? null : [region]));

        ((int)response.Status).ShouldBe(status);
        response.ErrorType.ShouldBe(code);
        (await sandbox.Client.GetAsync("/acl/roles")).Json.Items("roles").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_role_takes_regions_of_an_active_active_database_and_one_rule_per_database()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        var roleId = await CreatedAsync(client, "/acl/roles", Role("global", "Read-Only", 100002, 5000002, ["eu-west-1"]));
        (await client.GetAsync("/acl/roles")).Json.Str("roles.0.redisRules.0.databases.0.regions.0").ShouldBe("eu-west-1");

        var twice = await client.PutAsync($"/acl/roles/{roleId}", new
        {
            redisRules = new[]
            {
                new { ruleName = "Read-Only", databases = new[] { new { subscriptionId = 100001, databaseId = 5000001 } } },
                new { ruleName = "Full-Access", databases = new[] { new { subscriptionId = 100001, databaseId = 5000001 } } },
            },
        });
        twice.Status.ShouldBe(HttpStatusCode.BadRequest);
        twice.ErrorType.ShouldBe("ACL_ROLE_REDIS_RULE_MUST_BE_DEFINED_ONLY_ONCE_PER_DATABASE");
        var nothing = await client.PutAsync($"/acl/roles/{roleId}", new { });
        nothing.Status.ShouldBe(HttpStatusCode.BadRequest);
        var taken = await client.PostAsync("/acl/roles", Role("global", "Read-Only"));
        taken.Status.ShouldBe(HttpStatusCode.Conflict);
        taken.ErrorType.ShouldBe("ACL_ROLE_NAME_ALREADY_EXISTS");

        var replaced = await client.RunTaskAsync(HttpMethod.Put, $"/acl/roles/{roleId}", Role("local", "Full-Access"));
        replaced.Str("status").ShouldBe("processing-completed");
        var role = (await client.GetAsync("/acl/roles")).Json.Items("roles").Single();
        role.Str("name").ShouldBe("local");
        role.Str("redisRules.0.ruleName").ShouldBe("Full-Access");
        role.Int("redisRules.0.databases.0.databaseId").ShouldBe(5000001);
        (await client.PutAsync("/acl/roles/999", Role("x", "Read-Only"))).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_pending_role_can_be_neither_updated_nor_deleted_nor_given_to_users()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        var client = sandbox.Client;
        (await client.PostAsync("/acl/roles", Role("slow", "Read-Only"))).Status.ShouldBe(HttpStatusCode.Accepted);

        (await client.PutAsync("/acl/roles/100", new { name = "slower" })).ErrorType.ShouldBe("ACL_ROLE_IS_IN_PENDING_STATUS_AND_CANNOT_BE_UPDATED");
        (await client.DeleteAsync("/acl/roles/100")).ErrorType.ShouldBe("ACL_ROLE_IS_IN_PENDING_STATUS_AND_CANNOT_BE_DELETED");
        (await client.PostAsync("/acl/users", new { name = "u", role = "slow", password = "Pending-Pa55word" })).Status.ShouldBe(HttpStatusCode.Conflict);
        clock.Advance(TimeSpan.FromSeconds(3));
        (await client.PutAsync("/acl/roles/100", new { name = "slower" })).Status.ShouldBe(HttpStatusCode.Accepted);
    }

    [Theory]
    [InlineData("""{"name":"u","role":"no-such-role","password":"Long-enough-1"}""", 404, "ACL_ROLE_NOT_FOUND")]
    [InlineData("""{"name":"u","role":"r","password":"Sh0rt!"}""", 400, "ACL_USER_PASSWORD_NOT_VALID")]
    [InlineData("""{"name":"default","role":"r","password":"Long-enough-1"}""", 400, "ACL_USER_NAME_NOT_VALID")]
    [InlineData("""{"name":"two words","role":"r","password":"Long-enough-1"}""", 400, "ACL_USER_NAME_NOT_VALID")]
    [InlineData("""{"name":"taken","role":"r","password":"Long-enough-1"}""", 409, "ACL_USER_NAME_ALREADY_EXISTS")]
    [InlineData("""{"name":"u","role":"r"}""", 400, "BAD_REQUEST")]
    public async Task Invalid_or_conflicting_acl_users_are_refused_without_echoing_the_password(string body, int status, string code)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;
        await CreatedAsync(client, "/acl/roles", Role("r", "Read-Only"));
        await CreatedAsync(client, "/acl/users", new { name = "taken", role = "r", password = "Taken-Pa55word" });

        var response = await client.PostAsync("/acl/users", body);

        ((int)response.Status).ShouldBe(status);
        response.ErrorType.ShouldBe(code);
        response.Json.ToString().ShouldNotContain("Sh0rt!");
        response.Json.ToString().ShouldNotContain("Long-enough-1");
        (await client.GetAsync("/acl/users")).Json.Items("users").Length.ShouldBe(1);
    }

    [Fact]
    public async Task An_acl_user_gets_a_new_password_or_role_through_a_task()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;
        await CreatedAsync(client, "/acl/roles", Role("reader", "Read-Only"));
        await CreatedAsync(client, "/acl/roles", Role("writer", "Read-Write"));
        var userId = await CreatedAsync(client, "/acl/users", new { name = "svc", role = "reader", password = "First-Pa55word" });

        var update = await client.PutAsync($"/acl/users/{userId}", new { role = "writer", password = "Second-Pa55word" });
        update.Status.ShouldBe(HttpStatusCode.OK);
        update.Json.Str("commandType").ShouldBe("aclUserUpdateRequest");
        (await client.WaitForTaskAsync(update.TaskId)).Str("status").ShouldBe("processing-completed");

        var user = await client.GetAsync($"/acl/users/{userId}");
        user.Json.Str("role").ShouldBe("writer");
        user.Json.ToString().ShouldNotContain("Pa55word");
        SandboxServer.KnownSecrets.ShouldContain("Second-Pa55word");
        (await client.PutAsync($"/acl/users/{userId}", new { })).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PutAsync($"/acl/users/{userId}", new { role = "nobody" })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.PutAsync("/acl/users/4242", new { role = "reader" })).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/acl/users/4242")).ErrorType.ShouldBe("ACL_USER_NOT_FOUND");
    }

    // ---- Account users ----

    [Fact]
    public async Task Account_users_are_seeded_change_roles_and_leave_but_the_owner_stays()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        var users = (await client.GetAsync("/users")).Json;
        users.Items("users").Select(u => u.Str("role")).ShouldBe(["Owner", "Member", "Viewer"]);
        users.Int("account").ShouldBeGreaterThan(0);
        (await client.GetAsync("/users/60191")).Json.Str("email").ShouldBe("dana@sandbox.example");

        var task = await client.RunTaskAsync(HttpMethod.Put, "/users/60191", new { name = "Dana Viewer", role = "Viewer" });
        task.Str("status").ShouldBe("processing-completed");
        var dana = (await client.GetAsync("/users/60191")).Json;
        dana.Str("role").ShouldBe("Viewer");
        dana.Str("name").ShouldBe("Dana Viewer");

        var ownRole = await client.PutAsync("/users/60190", new { name = "Sandbox Owner", role = "Viewer" });
        ownRole.Status.ShouldBe(HttpStatusCode.Conflict);
        ownRole.ErrorType.ShouldBe("USER_CANNOT_UPDATE_IT_IS_OWN_ROLE");
        (await client.RunTaskAsync(HttpMethod.Put, "/users/60190", new { name = "The Owner" })).Str("status").ShouldBe("processing-completed");
        var deleteOwner = await client.DeleteAsync("/users/60190");
        deleteOwner.Status.ShouldBe(HttpStatusCode.Conflict);
        deleteOwner.ErrorType.ShouldBe("USER_CANNOT_DELETE_OWN_USER");

        (await client.RunTaskAsync(HttpMethod.Delete, "/users/60192")).Str("status").ShouldBe("processing-completed");
        (await client.GetAsync("/users/60192")).ErrorType.ShouldBe("USER_NOT_FOUND");
        (await client.GetAsync("/users")).Json.Items("users").Length.ShouldBe(2);
    }

    [Theory]
    [InlineData("""{"name":"x","role":"Admin"}""", 400)]
    [InlineData("""{"role":"Viewer"}""", 400)]
    public async Task Account_user_updates_need_a_name_and_a_known_role(string body, int status)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        ((int)(await sandbox.Client.PutAsync("/users/60191", body)).Status).ShouldBe(status);
        ((int)(await sandbox.Client.PutAsync("/users/1", new { name = "x" })).Status).ShouldBe(404);
        (await sandbox.Client.GetAsync("/users/60191")).Json.Str("role").ShouldBe("Member");
    }

    // ---- Cloud accounts ----

    private static object CloudAccount(string name = "byoc", string key = "AKIASANDBOXKEY000001") => new
    {
        name,
        provider = "AWS",
        accessKeyId = key,
        accessSecretKey = "sandbox/Secret+Key/0000000000000000000001",
        consoleUsername = "ops@example.com",
        consolePassword = "Console-Pa55word-1",
        signInLoginUrl = "https://123456789012.signin.aws.amazon.com/console",
    };

    [Fact]
    public async Task A_cloud_account_keeps_its_keys_but_never_shows_them()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        var id = await CreatedAsync(client, "/cloud-accounts", CloudAccount());
        id.ShouldBe(2);
        var account = await client.GetAsync($"/cloud-accounts/{id}");
        account.Json.Str("status").ShouldBe("active");
        account.Json.Str("provider").ShouldBe("AWS");
        account.Json.Str("accessKeyId").ShouldBe("A***1");
        var texts = account.Json.ToString() + (await client.GetAsync("/cloud-accounts")).Json;
        foreach (var secret in new[] { "AKIASANDBOXKEY000001", "sandbox/Secret+Key/0000000000000000000001", "Console-Pa55word-1" })
        {
            texts.ShouldNotContain(secret);
            SandboxServer.KnownSecrets.ShouldContain(secret);
        }

        var update = await client.PutAsync($"/cloud-accounts/{id}", new
        {
            name = "byoc-2", accessKeyId = "AKIASANDBOXKEY000002", accessSecretKey = "new-secret-000000000002", consoleUsername = "ops@example.com", consolePassword = "Console-Pa55word-2",
        });
        update.Status.ShouldBe(HttpStatusCode.Accepted);
        (await client.GetAsync($"/cloud-accounts/{id}")).Json.Str("status").ShouldBe("pending");
        (await client.WaitForTaskAsync(update.TaskId)).Str("status").ShouldBe("processing-completed");
        var updated = (await client.GetAsync($"/cloud-accounts/{id}")).Json;
        updated.Str("name").ShouldBe("byoc-2");
        updated.Str("accessKeyId").ShouldBe("A***2");
        updated.Str("signInLoginUrl").ShouldBe("https://123456789012.signin.aws.amazon.com/console");
        SandboxServer.KnownSecrets.ShouldContain("Console-Pa55word-2");

        (await client.RunTaskAsync(HttpMethod.Delete, $"/cloud-accounts/{id}")).Str("status").ShouldBe("processing-completed");
        (await client.GetAsync($"/cloud-accounts/{id}")).ErrorType.ShouldBe("CLOUD_ACCOUNT_NOT_FOUND");
        (await client.GetAsync("/cloud-accounts")).Json.Items("cloudAccounts").ShouldBeEmpty();
    }

    [Fact]
    public async Task Cloud_accounts_refuse_missing_credentials_and_duplicate_names_or_keys()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;
        await CreatedAsync(client, "/cloud-accounts", CloudAccount());

        var sameName = await client.PostAsync("/cloud-accounts", CloudAccount(key: "AKIAOTHERKEY00000009"));
        sameName.Status.ShouldBe(HttpStatusCode.Conflict);
        sameName.ErrorType.ShouldBe("CLOUD_ACCOUNT_NAME_EXISTS");
        var sameKey = await client.PostAsync("/cloud-accounts", CloudAccount(name: "other"));
        sameKey.ErrorType.ShouldBe("CLOUD_ACCOUNT_ACCESS_KEY_EXISTS");
        sameKey.Json.ToString().ShouldNotContain("AKIASANDBOXKEY000001");
        var missing = await client.PostAsync("/cloud-accounts", new { name = "x", accessKeyId = "AKIAX0000000000000000" });
        missing.Status.ShouldBe(HttpStatusCode.BadRequest);
        missing.ErrorDescription.ShouldContain("accessSecretKey");
        var notHttps = await client.PostAsync("/cloud-accounts", JsonSerializer.Serialize(CloudAccount("y", "AKIAY00000000000000")).Replace("https://", "http://"));
        notHttps.Status.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PutAsync("/cloud-accounts/77", CloudAccount())).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.DeleteAsync("/cloud-accounts/77")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    // ---- Endpoint redirections ----

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

    // ---- Data Integration ----

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

    private static System.Text.Json.JsonElement Rule(ApiResponse list, string name) =>
        list.Json.Items("redisRules").Single(r => r.Str("name") == name);
}
