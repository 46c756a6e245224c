using System.Net;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

public sealed class SeedDataTests
{
    [Fact]
    public async Task Account_and_payment_methods_describe_the_sandbox_account()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var account = await sandbox.Client.GetAsync("/");
        var payment = await sandbox.Client.GetAsync("/payment-methods");

        account.Status.ShouldBe(HttpStatusCode.OK);
        account.Json.Int("account.id").ShouldBe(1001);
        account.Json.Str("account.key.accountName").ShouldBe("Sandbox account");
        payment.Json.Int("paymentMethods.0.id").ShouldBe(1234);
        payment.Json.Int("paymentMethods.0.creditCardEndsWith").ShouldBe(4242);
    }

    [Fact]
    public async Task Every_account_starts_with_a_pro_and_an_active_active_subscription()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.GetAsync("/subscriptions");

        response.Json.Int("accountId").ShouldBe(1001);
        var subscriptions = response.Json.Items("subscriptions");
        subscriptions.Select(s => s.Int("id")).ShouldBe([100001, 100002]);
        subscriptions.Select(s => s.Str("deploymentType")).ShouldBe(["single-region", "active-active"]);
        subscriptions.ShouldAllBe(s => s.Str("status") == "active" && s.Int("numberOfDatabases") == 1);
        subscriptions[1].Items("cloudDetails.0.regions").Select(r => r.Str("region")).ShouldBe(["us-east-1", "eu-west-1"]);
    }

    [Fact]
    public async Task Seeded_databases_are_active_and_the_list_hides_passwords()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var list = await sandbox.Client.GetAsync("/subscriptions/100001/databases");
        var activeActive = await sandbox.Client.GetAsync(Sample.ActiveActiveDatabase);

        var listed = list.Json.At("subscription.0.databases.0");
        listed.Int("databaseId").ShouldBe(5000001);
        listed.Str("status").ShouldBe("active");
        listed.At("security").Has("password").ShouldBeFalse();
        activeActive.Json.At("activeActiveRedis").GetBoolean().ShouldBeTrue();
        activeActive.Json.Items("crdbDatabases").Select(r => r.Str("region")).ShouldBe(["us-east-1", "eu-west-1"]);
    }

    [Fact]
    public async Task Seeding_can_be_turned_off()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Seed = false);

        var response = await sandbox.Client.GetAsync("/subscriptions");

        response.Json.Items("subscriptions").ShouldBeEmpty();
    }
}
