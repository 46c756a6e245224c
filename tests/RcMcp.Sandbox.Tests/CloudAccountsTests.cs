using System.Net;
using System.Text.Json;
using RcMcp.Sandbox.Tests.Infrastructure;
using static RcMcp.Sandbox.Tests.Infrastructure.TaskSteps;

namespace RcMcp.Sandbox.Tests;

/// <summary>Cloud account routes: keys kept but never shown, refusals of missing credentials and duplicates.</summary>
public sealed class CloudAccountsTests
{
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
}
