using System.Net;
using System.Text.Json;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

/// <summary>Account user routes: seeded users, role changes, leaving; the owner stays.</summary>
public sealed class UsersTests
{
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
}
