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
        ledger.Get("h").ShouldBeNull();
        ledger.Record("h", new JsonDryRun(null));
        time.Advance(TimeSpan.FromMinutes(9));
        ledger.Get("h").ShouldNotBeNull();
        time.Advance(TimeSpan.FromMinutes(2));
        ledger.TryReserve("h").ShouldBe(DryRunClaim.Missing);

        ledger.Record("h", new JsonDryRun(null));
        ledger.Consume("h");
        ledger.TryReserve("h").ShouldBe(DryRunClaim.Missing);
    }

    [Fact]
    public void One_dry_run_authorises_one_call_at_a_time_and_a_release_gives_it_back()
    {
        var ledger = new DryRunLedger(new ManualTime(DateTimeOffset.UnixEpoch), TimeSpan.FromMinutes(10));
        ledger.Record("h", new JsonDryRun(null));
        ledger.TryReserve("h").ShouldBe(DryRunClaim.Reserved);
        ledger.TryReserve("h").ShouldBe(DryRunClaim.InUse);
        ledger.Record("h", new JsonDryRun(null)); // a new dry run does not reset a reservation in progress
        ledger.TryReserve("h").ShouldBe(DryRunClaim.InUse);
        ledger.Release("h");
        ledger.TryReserve("h").ShouldBe(DryRunClaim.Reserved);
        ledger.Consume("h");
        ledger.TryReserve("h").ShouldBe(DryRunClaim.Missing);
    }

    [Fact]
    public void Only_one_of_many_concurrent_claims_wins()
    {
        var ledger = new DryRunLedger(TimeProvider.System, TimeSpan.FromMinutes(10));
        ledger.Record("h", new JsonDryRun(null));
        var claims = new System.Collections.Concurrent.ConcurrentBag<DryRunClaim>();
        Parallel.For(0, 64, _ => claims.Add(ledger.TryReserve("h")));
        claims.Count(c => c == DryRunClaim.Reserved).ShouldBe(1);
    }
}

public class CanonicalNumberTests
{
    [Theory]
    [InlineData("5", "5.0")]
    [InlineData("5", "5e0")]
    [InlineData("1250", "12.50e2")]
    [InlineData("0", "-0.0")]
    [InlineData("0.1", "1e-1")]
    public void The_same_number_written_differently_is_the_same(string a, string b) =>
        CanonicalArguments.Number(a).ShouldBe(CanonicalArguments.Number(b));

    [Theory]
    [InlineData("9007199254740993", "9007199254740992")]
    [InlineData("0.30000000000000004", "0.3")]
    [InlineData("1e400", "1e401")]
    [InlineData("-1", "1")]
    public void Different_numbers_stay_different_even_where_doubles_collide(string a, string b)
    {
        CanonicalArguments.Number(a).ShouldNotBe(CanonicalArguments.Number(b));
        var x = JsonDocument.Parse($$"""{"n":{{a}}}""").RootElement;
        var y = JsonDocument.Parse($$"""{"n":{{b}}}""").RootElement;
        CanonicalArguments.Hash("t", x, false).ShouldNotBe(CanonicalArguments.Hash("t", y, false));
    }
}
