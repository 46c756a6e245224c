using System.Net;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

public sealed class IsolationTests
{
    [Fact]
    public async Task Accounts_do_not_see_each_others_resources_or_tasks()
    {
        var second = new SandboxAccount { AccountId = 2002, Name = "Second", ApiKey = "key-b", SecretKey = "secret-b" };
        await using var sandbox = await TestSandbox.StartAsync(o => o.Accounts.Add(second));
        var clientB = sandbox.ClientFor(second.ApiKey, second.SecretKey);

        var created = await sandbox.Client.RunTaskAsync(HttpMethod.Post, "/subscriptions", Sample.Subscription(name: "only-in-a"));
        var subscriptionId = created.Int("response.resourceId");

        var seenByB = await clientB.GetAsync($"/subscriptions/{subscriptionId}");
        var taskSeenByB = await clientB.GetAsync($"/tasks/{created.Str("taskId")}");
        var listOfB = await clientB.GetAsync("/subscriptions");

        seenByB.Status.ShouldBe(HttpStatusCode.NotFound);
        seenByB.ErrorType.ShouldBe("SUBSCRIPTION_NOT_FOUND");
        taskSeenByB.Status.ShouldBe(HttpStatusCode.NotFound);
        listOfB.Json.Int("accountId").ShouldBe(2002);
        listOfB.Json.Items("subscriptions").Select(s => s.Str("name")).ShouldNotContain("only-in-a");
        (await sandbox.Client.GetAsync($"/subscriptions/{subscriptionId}")).Json.Str("name").ShouldBe("only-in-a");
        sandbox.Server.Requests.Select(r => r.AccountId).Distinct().ShouldBe([1001, 2002], ignoreOrder: true);
    }
}
