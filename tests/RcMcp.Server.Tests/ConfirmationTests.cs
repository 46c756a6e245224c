using System.Text.Json;
using RcMcp.Server.Tools;
using Shouldly;
using Xunit;

namespace RcMcp.Server.Tests;

/// <summary>A tool's one confirmation rule: what it asks from the arguments, what only the target can say, and how the
/// gate summary states it.</summary>
public class ConfirmationTests
{
    private static ToolArgs Args(string json) => ToolArgs.From(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json));
    private static readonly JsonElement Target = JsonDocument.Parse("""{"cidrs":["10.0.0.0/24"]}""").RootElement;

    [Fact]
    public void Never_and_always_do_not_look_at_anything()
    {
        Confirmation.Never.Needed(Args("{}"), Target).ShouldBeFalse();
        Confirmation.Always.Needed(Args("{}")).ShouldBeTrue();
        Confirmation.Always.DependsOnTarget.ShouldBeFalse();
    }

    [Fact]
    public void When_asks_for_some_arguments_only()
    {
        var rule = Confirmation.When(a => a.Has("planId"));
        rule.Rule.ShouldBe(ConfirmationRule.WhenRemoving);
        rule.Needed(Args("""{"planId":1}""")).ShouldBeTrue();
        rule.Needed(Args("""{"name":"x"}"""), Target).ShouldBeFalse();
    }

    [Fact]
    public void When_target_asks_only_once_the_target_shows_a_removal()
    {
        var rule = Confirmation.WhenTarget((a, t) => t.GetProperty("cidrs").GetArrayLength() > 0 && !a.Has("keep"));
        rule.DependsOnTarget.ShouldBeTrue();
        rule.Needed(Args("{}")).ShouldBeFalse();
        rule.Needed(Args("{}"), null).ShouldBeFalse();
        rule.Needed(Args("{}"), Target).ShouldBeTrue();
        rule.Needed(Args("""{"keep":true}"""), Target).ShouldBeFalse();
    }

    [Fact]
    public void The_gate_summary_states_each_tools_rule()
    {
        foreach (var spec in ToolCatalog.Shared.Specs)
            spec.Gates.Confirmation.ShouldBe(spec.Confirm != Confirmation.Never ? spec.Confirm.Rule
                : spec.CanRevealSecrets ? ConfirmationRule.ToRevealSecrets : ConfirmationRule.Never, spec.Name);
        ToolCatalog.Shared.Specs.Count(s => s.Confirm.DependsOnTarget).ShouldBeGreaterThan(0);
    }
}
