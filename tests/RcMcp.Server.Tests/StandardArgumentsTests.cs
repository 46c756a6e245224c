using System.Text.Json.Nodes;
using RcMcp.Server.Schema;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Tests;

/// <summary>
/// RcMcp's own arguments (revealSecrets, dryRun, confirmationToken, waitForCompletion) come from a ToolSpec's facts,
/// never from the tool's own schema: a tool that changes its confirmation rule or its operation gets the right
/// arguments without a second declaration to keep in step.
/// </summary>
public class StandardArgumentsTests
{
    private static readonly string[] Standard =
        [StandardArguments.RevealSecretsName, StandardArguments.DryRunName, StandardArguments.ConfirmationTokenName, StandardArguments.WaitForCompletionName];

    private static ToolSpec Spec(ToolKind kind, string? operation = null, bool confirm = false, Func<ToolArgs, bool>? confirmWhen = null,
        bool reveal = false, JsonObject? own = null) => new()
    {
        Name = "probe_tool",
        Title = "Probe",
        Description = "A tool made up for this test.",
        Toolset = Toolset.Databases,
        Kind = kind,
        Idempotent = true,
        Confirm = confirm ? Confirmation.Always : confirmWhen is not null ? Confirmation.When(confirmWhen) : Confirmation.Never,
        CanRevealSecrets = reveal,
        Operation = operation,
        InputSchema = own ?? DatabaseArguments.DatabaseTarget().Build(),
    };

    private static List<string> Names(ToolSpec spec) => spec.InputSchema["properties"]!.AsObject().Select(p => p.Key).ToList();

    [Fact]
    public void A_read_takes_only_its_own_arguments()
    {
        Names(Spec(ToolKind.Read, "getSubscriptionDatabaseByID")).ShouldBe(["subscriptionId", "databaseId"]);
    }

    [Fact]
    public void A_read_that_can_reveal_secrets_takes_revealSecrets_and_a_token()
    {
        var spec = Spec(ToolKind.Read, "getSubscriptionDatabaseByID", reveal: true);
        Names(spec).ShouldBe(["subscriptionId", "databaseId", "revealSecrets", "confirmationToken"]);
        ((string?)spec.InputSchema["properties"]!["revealSecrets"]!["description"]).ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void A_destructive_task_operation_takes_a_preview_a_token_and_the_wait_switch_in_that_order()
    {
        var spec = Spec(ToolKind.Destructive, "deleteDatabaseById", confirm: true);
        Names(spec).ShouldBe(["subscriptionId", "databaseId", "dryRun", "confirmationToken", "waitForCompletion"]);
        spec.InputSchema["properties"]!["dryRun"]!["description"].ShouldBeNull("a preview dry run is explained once, in the instructions");
    }

    [Fact]
    public void An_operation_with_the_apis_dry_run_says_it_is_required_first()
    {
        var spec = Spec(ToolKind.Write, "updateDatabase", confirmWhen: _ => false);
        spec.ApiDryRun.ShouldBeTrue();
        Names(spec).ShouldBe(["subscriptionId", "databaseId", "dryRun", "confirmationToken", "waitForCompletion"]);
        ((string)spec.InputSchema["properties"]!["dryRun"]!["description"]!).ShouldBe(StandardArguments.ApiDryRunText);
    }

    [Fact]
    public void A_write_that_never_confirms_and_answers_without_a_task_takes_only_dryRun()
    {
        var spec = Spec(ToolKind.Write, "createTag", own: DatabaseArguments.DatabaseTarget().Prop("key", JsonSchema.Str("k", 1)).Build());
        spec.ReturnsTask.ShouldBeFalse();
        Names(spec).ShouldBe(["subscriptionId", "databaseId", "key", "dryRun"]);
    }

    [Fact]
    public void An_argument_the_tool_words_itself_keeps_its_wording_in_the_standard_place()
    {
        var own = DatabaseArguments.DatabaseTarget().Prop(StandardArguments.WaitForCompletionName, JsonSchema.Bool("Default true.")).Prop("key", JsonSchema.Str("k", 1)).Build();
        var spec = Spec(ToolKind.Write, "createTag", own: own);
        Names(spec).ShouldBe(["subscriptionId", "databaseId", "key", "dryRun", "waitForCompletion"]);
        ((string)spec.InputSchema["properties"]!["waitForCompletion"]!["description"]!).ShouldBe("Default true.");
    }

    /// <summary>In the whole catalog, the standard arguments stand last and in one order, and only where the facts call
    /// for them (create_cost_report words its own waitForCompletion).</summary>
    [Fact]
    public void Every_tool_has_exactly_the_standard_arguments_its_facts_call_for()
    {
        foreach (var spec in new ToolCatalog().Specs.Where(s => !s.IsCatalog))
        {
            var names = Names(spec);
            var tail = names.SkipWhile(n => !Standard.Contains(n)).ToList();
            tail.ShouldAllBe(n => Standard.Contains(n), $"{spec.Name}: RcMcp's own arguments come after the tool's");
            var expected = new List<string>();
            if (spec.CanRevealSecrets) expected.Add(StandardArguments.RevealSecretsName);
            if (spec.IsMutating) expected.Add(StandardArguments.DryRunName);
            if (spec.Gates.Confirmation != ConfirmationRule.Never) expected.Add(StandardArguments.ConfirmationTokenName);
            if (spec.ReturnsTask || spec.Name == "create_cost_report") expected.Add(StandardArguments.WaitForCompletionName);
            tail.ShouldBe(expected, spec.Name);
        }
    }
}
