using System.Net;
using System.Text.Json;
using RcMcp.Sandbox.Tests.Infrastructure;
using static RcMcp.Sandbox.Tests.Infrastructure.TaskSteps;

namespace RcMcp.Sandbox.Tests;

/// <summary>Role-based access control routes (Redis rules, roles, ACL users): states through tasks, references between them, 404/409/400.</summary>
public sealed class AccessControlTests
{
    private static object Role(string name, string rule, int subscriptionId = 100001, int databaseId = 5000001, string[]? regions = null) => new
    {
        name,
        redisRules = new[] { new { ruleName = rule, databases = new[] { new { subscriptionId, databaseId, regions = regions ?? [] } } } },
    };

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

    private static System.Text.Json.JsonElement Rule(ResponseShape list, string name) =>
        list.Json.Items("redisRules").Single(r => r.Str("name") == name);
}
