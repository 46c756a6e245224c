using System.Text.Json.Nodes;
using RcMcp.Server.Tests.Gate;

namespace RcMcp.Server.Tests;

/// <summary>
/// The flush preflight reads the database's activeActiveRedis, and its subscription's deploymentType when the database
/// does not say; when neither says, the call goes on to the person (the API decides).
/// </summary>
public sealed class FlushPreflightTests
{
    private static JsonObject Flush() => new() { ["subscriptionId"] = FakeCloudClient.SubscriptionId, ["databaseId"] = FakeCloudClient.DatabaseId };

    [Theory]
    [InlineData(false, null, true)]
    [InlineData(true, null, false)]
    [InlineData(null, "single-region", true)]
    [InlineData(null, "active-active", false)]
    [InlineData(null, null, false)]
    public async Task Refused_exactly_when_the_database_or_its_subscription_is_single_region(bool? activeActiveRedis, string? deploymentType, bool refused)
    {
        await using var h = await GateHarness.StartAsync(elicits: Elicits.Form, answers: [Answer.Accept]);
        if (activeActiveRedis is { } aa) h.Cloud.Database["activeActiveRedis"] = aa;
        else h.Cloud.Database.Remove("activeActiveRedis");
        if (deploymentType is not null) h.Cloud.Subscription["deploymentType"] = deploymentType;

        var result = await h.CallAsync("flush_active_active_database", Flush());

        if (refused)
        {
            result.IsError.ShouldBe(true);
            result.StructuredContent!.Value.GetProperty("error").GetProperty("code").GetString().ShouldBe("will_fail");
            h.Elicitations.ShouldBeEmpty();
            h.Cloud.Mutations.ShouldBeEmpty();
            h.LastDecision.ShouldBe("refused-will-fail");
        }
        else
        {
            (result.IsError ?? false).ShouldBeFalse();
            h.Elicitations.Count.ShouldBe(1);
            h.Cloud.Mutations.ShouldHaveSingleItem().Path.ShouldEndWith("/flush");
        }
    }
}
