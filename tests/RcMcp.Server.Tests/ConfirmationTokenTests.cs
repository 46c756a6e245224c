using System.Text.Json;
using RcMcp.Server.Pipeline;

namespace RcMcp.Server.Tests;

public class ConfirmationTokenTests
{
    private static readonly ManualTime Time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    private static string Hash(string tool, string json) =>
        CanonicalArguments.Hash(tool, JsonDocument.Parse(json).RootElement, ignoreDryRun: false);

    [Fact]
    public void A_token_is_valid_once_for_its_exact_call()
    {
        var tokens = new ConfirmationTokens(Time, TimeSpan.FromMinutes(5));
        var call = Hash("delete_database", """{"subscriptionId":1,"databaseId":2}""");
        var (token, _) = tokens.Issue("delete_database", call);

        tokens.Redeem(token, "delete_database", call).ShouldBe(TokenCheck.Valid);
        tokens.Redeem(token, "delete_database", call).ShouldBe(TokenCheck.AlreadyUsed);
    }

    [Fact]
    public void A_token_is_refused_for_other_arguments_or_another_tool_and_stays_unused()
    {
        var tokens = new ConfirmationTokens(Time, TimeSpan.FromMinutes(5));
        var call = Hash("delete_database", """{"subscriptionId":1,"databaseId":2}""");
        var (token, _) = tokens.Issue("delete_database", call);

        tokens.Redeem(token, "delete_database", Hash("delete_database", """{"subscriptionId":1,"databaseId":3}""")).ShouldBe(TokenCheck.OtherCall);
        tokens.Redeem(token, "delete_subscription", call).ShouldBe(TokenCheck.OtherCall);
        tokens.Redeem(token, "delete_database", call).ShouldBe(TokenCheck.Valid);
    }

    [Fact]
    public void A_token_expires()
    {
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        var tokens = new ConfirmationTokens(time, TimeSpan.FromMinutes(5));
        var call = Hash("flush_active_active_database", """{"subscriptionId":1,"databaseId":2}""");
        var (token, expires) = tokens.Issue("flush_active_active_database", call);
        expires.ShouldBe(DateTimeOffset.UnixEpoch.AddMinutes(5));

        time.Advance(TimeSpan.FromMinutes(5));
        tokens.Redeem(token, "flush_active_active_database", call).ShouldBe(TokenCheck.Expired);
    }

    [Fact]
    public void A_forged_token_is_unknown()
    {
        var tokens = new ConfirmationTokens(Time, TimeSpan.FromMinutes(5));
        tokens.Redeem("rcmcp-confirm-00000000000000000000000000000000", "delete_database", "x").ShouldBe(TokenCheck.Unknown);
    }

    [Fact]
    public void Tokens_are_unpredictable()
    {
        var tokens = new ConfirmationTokens(Time, TimeSpan.FromMinutes(5));
        var issued = Enumerable.Range(0, 50).Select(_ => tokens.Issue("t", "h").Token).ToHashSet();
        issued.Count.ShouldBe(50);
        issued.ShouldAllBe(t => t.Length >= 40);
    }
}

public class CanonicalArgumentsTests
{
    private static string H(string json, bool ignoreDryRun = false) =>
        CanonicalArguments.Hash("create_database", JsonDocument.Parse(json).RootElement, ignoreDryRun);

    [Fact]
    public void Key_order_and_number_spelling_do_not_matter()
    {
        H("""{"a":1,"b":{"y":2.0,"x":[1,2]}}""").ShouldBe(H("""{"b":{"x":[1,2],"y":2},"a":1.0}"""));
    }

    [Fact]
    public void Any_value_change_changes_the_hash()
    {
        H("""{"a":1,"b":[1,2]}""").ShouldNotBe(H("""{"a":1,"b":[2,1]}"""));
        H("""{"a":"x"}""").ShouldNotBe(H("""{"a":"X"}"""));
        H("""{"a":1}""").ShouldNotBe(H("""{"a":1,"c":true}"""));
    }

    [Fact]
    public void Own_arguments_and_nulls_are_ignored_and_dryRun_only_when_asked()
    {
        H("""{"a":1}""").ShouldBe(H("""{"a":1,"confirmationToken":"t","waitForCompletion":true,"z":null}"""));
        H("""{"a":1}""", ignoreDryRun: true).ShouldBe(H("""{"a":1,"dryRun":true}""", ignoreDryRun: true));
        H("""{"a":1}""").ShouldNotBe(H("""{"a":1,"dryRun":true}"""));
    }

    [Fact]
    public void The_tool_name_is_part_of_the_hash()
    {
        var args = JsonDocument.Parse("""{"a":1}""").RootElement;
        CanonicalArguments.Hash("delete_database", args, false).ShouldNotBe(CanonicalArguments.Hash("delete_subscription", args, false));
    }
}

public class DryRunLedgerTests
{
    [Fact]
    public void A_dry_run_is_valid_for_the_window_and_can_be_consumed()
    {
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        var ledger = new DryRunLedger(time, TimeSpan.FromMinutes(10));
        ledger.HasRecent("h").ShouldBeFalse();
        ledger.Record("h", new JsonDryRun(null));
        time.Advance(TimeSpan.FromMinutes(9));
        ledger.HasRecent("h").ShouldBeTrue();
        time.Advance(TimeSpan.FromMinutes(2));
        ledger.HasRecent("h").ShouldBeFalse();

        ledger.Record("h", new JsonDryRun(null));
        ledger.Consume("h");
        ledger.HasRecent("h").ShouldBeFalse();
    }
}
