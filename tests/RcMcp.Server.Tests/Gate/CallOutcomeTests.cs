using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using RcMcp.Server.Cli;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Tests.Gate;

/// <summary>
/// The call's typed outcome: computed once by the pipeline, handed over the real MCP transport only to a client that
/// asks for it in the request's _meta (no other client's result grows), and the only thing the CLI decides from.
/// </summary>
public sealed class CallOutcomeTests
{
    private const int Sub = FakeCloudClient.SubscriptionId;
    private const int Db = FakeCloudClient.DatabaseId;

    private static async Task<CallToolResult> CallAsync(GateHarness h, string tool, JsonObject arguments, bool askOutcome)
    {
        var meta = new JsonObject();
        if (askOutcome) meta[CallOutcome.MetaKey] = true;
        var parameters = new JsonObject { ["name"] = tool, ["arguments"] = arguments.DeepClone(), ["_meta"] = meta };
        var response = await h.Client.SendRequestAsync(new JsonRpcRequest { Method = RequestMethods.ToolsCall, Params = parameters });
        return response.Result.Deserialize(McpJsonTypes.CallToolResult)!;
    }

    private static CallOutcome OutcomeOf(CallToolResult result) => CallOutcome.FromMeta(result.Meta).ShouldNotBeNull();

    [Fact]
    public async Task Only_a_client_that_asks_gets_the_outcome()
    {
        await using var h = await GateHarness.StartAsync();
        var args = new JsonObject { ["subscriptionId"] = Sub, ["name"] = "new-db", ["dryRun"] = true };

        var plain = await CallAsync(h, "create_database", args, askOutcome: false);
        (plain.Meta?.ContainsKey(CallOutcome.MetaKey) ?? false).ShouldBeFalse();

        var asked = await CallAsync(h, "create_database", args, askOutcome: true);
        var outcome = OutcomeOf(asked);
        outcome.Decision.ShouldBe(GateDecision.DryRun);
        outcome.DryRun.ShouldBeTrue();
        outcome.IsError.ShouldBeFalse();
        outcome.TaskId.ShouldNotBeNull();
        outcome.Done.ShouldBe(true);
        // The same answer otherwise: the outcome is only added.
        asked.StructuredContent!.Value.GetRawText().ShouldBe(plain.StructuredContent!.Value.GetRawText());
    }

    [Fact]
    public async Task A_refusal_and_a_token_preview_are_typed()
    {
        await using var h = await GateHarness.StartAsync((o, _) => o.AllowAgentConfirmation = true);

        var refused = OutcomeOf(await CallAsync(h, "create_database", new JsonObject { ["subscriptionId"] = Sub, ["name"] = "new-db" }, askOutcome: true));
        refused.IsError.ShouldBeTrue();
        refused.ErrorCode.ShouldBe(ErrorCodes.DryRunRequired);
        refused.Decision.ShouldBe(GateDecision.RefusedDryRunRequired);

        var preview = OutcomeOf(await CallAsync(h, "delete_database", new JsonObject { ["subscriptionId"] = Sub, ["databaseId"] = Db }, askOutcome: true));
        preview.ConfirmationRequired.ShouldBeTrue();
        preview.Decision.ShouldBe(GateDecision.ConfirmationRequested);
        h.Cloud.Mutations.Count.ShouldBe(0);
    }

    // The CLI acts on the outcome alone: these results carry none of the keys it once probed (taskId, done, dryRun,
    // confirmed, error.code), so a CLI that read keys would show them all.
    public static TheoryData<CallOutcome, bool, CliStep> Steps() => new()
    {
        { Outcome(taskId: "t-1"), false, CliStep.FollowTask },
        { Outcome(taskId: "t-1"), true, CliStep.Show },
        { Outcome(taskId: "t-1", done: true), false, CliStep.Show },
        { Outcome(taskId: "t-1", done: false), false, CliStep.Show },
        { Outcome(taskId: "t-1", dryRun: true), false, CliStep.Show },
        { Outcome(declined: true), false, CliStep.NotConfirmed },
        { Outcome(error: ErrorCodes.DryRunRequired), false, CliStep.Error },
        { Outcome(), false, CliStep.Show },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public void The_CLI_decides_from_the_outcome(CallOutcome outcome, bool noWait, CliStep step) => CliRunner.NextStep(outcome, noWait).ShouldBe(step);

    [Fact]
    public void The_CLI_exit_code_comes_from_the_outcome()
    {
        CliRunner.ExitCodeOf(Outcome(error: ErrorCodes.DryRunRequired)).ShouldBe(ExitCodes.For(ErrorCodes.DryRunRequired));
        CliRunner.ExitCodeOf(Outcome(error: ErrorCodes.NotFound)).ShouldBe(ExitCodes.For(ErrorCodes.NotFound));
        CliRunner.ExitCodeOf(Outcome(error: ErrorCodes.NotFound)).ShouldNotBe(CliRunner.ExitCodeOf(Outcome(error: ErrorCodes.DryRunRequired)));
    }

    [Fact]
    public void The_outcome_survives_its_meta_form()
    {
        CallOutcome[] outcomes =
        [
            new(GateDecision.ApprovedOnPage, false, null, "t-9", false, false, false, false, "$1.00/hour"),
            new(GateDecision.Executed, false, null, "t-9", null, false, false, false, null),
            new(GateDecision.DryRun, false, null, "t-9", true, true, false, false, null),
            new(GateDecision.DeclinedByUser, false, "confirmation_declined", null, null, false, false, true, null),
            new(GateDecision.ConfirmationRequested, false, null, null, null, false, true, false, null),
            new(null, true, ErrorCodes.Internal, null, null, false, false, false, null),
        ];
        foreach (var outcome in outcomes)
            CallOutcome.FromMeta(new JsonObject { [CallOutcome.MetaKey] = outcome.ToJson() }).ShouldBe(outcome);
    }

    private static CallOutcome Outcome(string? taskId = null, bool? done = null, bool dryRun = false, bool declined = false, string? error = null) =>
        new(GateDecision.Executed, error is not null, error, taskId, done, dryRun, false, declined, null);
}
