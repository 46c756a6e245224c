using System.Text.Json;
using System.Text.Json.Nodes;

namespace RcMcp.Server.Tests.Gate;

/// <summary>
/// What the decision table found in the gate's channels (both fixed): each test states the behaviour the docs promise.
/// </summary>
public sealed class GateFindingsTests
{
    private static JsonObject Delete() => new() { ["subscriptionId"] = FakeCloudClient.SubscriptionId, ["databaseId"] = FakeCloudClient.DatabaseId };

    [Fact]
    public async Task A_url_client_that_never_answers_does_not_hold_the_call_forever()
    {
        await using var h = await GateHarness.StartAsync((o, _) => o.ElicitationTimeout = TimeSpan.FromMilliseconds(50), Elicits.Url, [Answer.Never]);
        var call = h.CallAsync("delete_database", Delete());
        // A generous cap for a loaded machine: the call itself ends within milliseconds of the 50 ms prompt timeout.
        var finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(30)));
        finished.ShouldBe(call, "the call still waits for the client's answer to the URL elicitation, long after the 50 ms elicitation timeout and the 0 s wait bound");
        h.Cloud.Mutations.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failed_url_elicitation_is_not_blamed_on_the_opener(bool requireElicitation)
    {
        await using var h = await GateHarness.StartAsync((o, _) => o.RequireElicitation = requireElicitation, Elicits.Url, [Answer.Throw]);
        var result = await h.CallAsync("delete_database", Delete());
        h.LastDecision.ShouldBe("refused-no-approval-channel");
        JsonSerializer.Serialize(result).ShouldNotContain("opener failed");
    }
}
