using System.Text.RegularExpressions;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Tests.Gate;

/// <summary>
/// The gate's decisions are an enum whose texts are a documented format (the audit log's decision and the
/// rcmcp.gate.decision attribute): every member has one text, unique, kebab-cased, listed in docs/telemetry.md, and
/// the person who decided reaches the audit text only.
/// </summary>
public sealed class GateDecisionTextTests
{
    private static readonly GateDecision[] Members = Enum.GetValues<GateDecision>();

    [Fact]
    public void Every_member_has_a_unique_kebab_case_text()
    {
        var texts = Members.Select(GateDecisions.Text).ToList();
        texts.Distinct(StringComparer.Ordinal).Count().ShouldBe(Members.Length);
        texts.ShouldAllBe(t => Regex.IsMatch(t, "^[a-z]+(-[a-z]+)*$"));
    }

    [Fact]
    public void Every_member_is_listed_in_the_telemetry_docs()
    {
        var docs = File.ReadAllText(Path.Combine(Repo.Root, "docs", "telemetry.md"));
        var listed = Regex.Matches(docs, @"^\| `([a-z-]+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        Members.Select(GateDecisions.Text).Where(t => !listed.Contains(t)).ShouldBeEmpty("docs/telemetry.md lists every gate decision");
        // And nothing is listed that the gate cannot decide.
        listed.Where(l => l.Contains('-') || l == "executed" || l == "preview")
            .Except(Members.Select(GateDecisions.Text)).ShouldBeEmpty();
    }

    public static TheoryData<GateDecision, string?, bool, bool, string, string> Compositions() => new()
    {
        { GateDecision.Executed, null, false, false, "executed", "executed" },
        { GateDecision.ApprovedOnPage, "alice", false, false, "approved-on-page by alice", "approved-on-page" },
        { GateDecision.DeniedOnPage, "bob smith", false, false, "denied-on-page by bob smith", "denied-on-page" },
        { GateDecision.ApprovedOnPage, "alice", false, true, "approved-on-page by alice; secrets revealed", "approved-on-page; secrets revealed" },
        { GateDecision.ApprovedOnPage, "carol; x", true, false, "approved-on-page by carol; x; secret typed on the page", "approved-on-page; secret typed on the page" },
        { GateDecision.ApprovedOnPage, null, true, false, "approved-on-page; secret typed on the page", "approved-on-page; secret typed on the page" },
        { GateDecision.ConfirmedByToken, null, false, true, "confirmed-by-token; secrets revealed", "confirmed-by-token; secrets revealed" },
    };

    [Theory]
    [MemberData(nameof(Compositions))]
    public void Audit_text_names_the_person_and_telemetry_never_does(GateDecision decision, string? by, bool typed, bool revealed, string audit, string telemetry)
    {
        var spec = ToolCatalog.AllSpecs().First(s => s.Name == "delete_database_tag");
        var state = new CallState(spec, ToolArgs.From(null), null)
        {
            Decision = decision,
            DecidedBy = by,
            SecretTypedOnPage = typed,
            SecretsRevealed = revealed,
        };
        GateDecisions.AuditText(state).ShouldBe(audit);
        GateDecisions.TelemetryText(state).ShouldBe(telemetry);
    }

    [Fact]
    public void Every_refused_token_and_request_state_check_has_its_member()
    {
        foreach (var check in Enum.GetValues<TokenCheck>().Where(c => c != TokenCheck.Valid))
            GateDecisions.Text(GateDecisions.ForToken(check)).ShouldBe("refused-token-" + check.ToString().ToLowerInvariant());
        foreach (var check in Enum.GetValues<SealCheck>().Where(c => c != SealCheck.Valid))
            GateDecisions.Text(GateDecisions.ForSeal(check)).ShouldBe("refused-request-state-" + check.ToString().ToLowerInvariant());
    }
}
