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

public class TokenPolicyAndSealTests
{
    [Fact]
    public void A_token_is_honoured_only_under_the_policy_it_was_issued_with_and_for_the_consumers_lifetime()
    {
        var store = GateStore.InMemory();
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        var lax = new ConfirmationTokens(time, TimeSpan.FromMinutes(30), store);
        var strict = new ConfirmationTokens(time, TimeSpan.FromMinutes(1), store);

        var (other, _) = lax.Issue("delete_database", "h", "policy-lax");
        strict.Redeem(other, "delete_database", "h", "policy-strict").ShouldBe(TokenCheck.OtherPolicy);

        var (token, _) = lax.Issue("delete_database", "h", "policy-strict");
        time.Advance(TimeSpan.FromMinutes(2));
        // Still valid for the issuer's 30 minutes, but the consumer's own lifetime caps it.
        strict.Redeem(token, "delete_database", "h", "policy-strict").ShouldBe(TokenCheck.Expired);
        lax.Redeem(token, "delete_database", "h", "policy-strict").ShouldBe(TokenCheck.Valid);
        lax.Redeem(token, "delete_database", "h", "policy-strict").ShouldBe(TokenCheck.AlreadyUsed);
    }

    private static SealedState Seals(GateStore store, TimeProvider time, byte[]? key = null) =>
        new(key ?? Enumerable.Repeat((byte)7, 32).ToArray(), store, time);

    [Fact]
    public void A_sealed_request_state_works_once_for_its_own_call_until_it_expires()
    {
        var store = GateStore.InMemory();
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        var seals = Seals(store, time);
        var state = seals.Seal("key:a", "flush_active_active_database", "call-1", TimeSpan.FromMinutes(5));

        seals.Redeem(state, "key:b", "flush_active_active_database", "call-1").ShouldBe(SealCheck.OtherCall);
        seals.Redeem(state, "key:a", "delete_database", "call-1").ShouldBe(SealCheck.OtherCall);
        seals.Redeem(state, "key:a", "flush_active_active_database", "call-2").ShouldBe(SealCheck.OtherCall);
        seals.Redeem(state, "key:a", "flush_active_active_database", "call-1").ShouldBe(SealCheck.Valid);
        seals.Redeem(state, "key:a", "flush_active_active_database", "call-1").ShouldBe(SealCheck.AlreadyUsed);
        // Another process with the same key and store: still used.
        Seals(store, time).Redeem(state, "key:a", "flush_active_active_database", "call-1").ShouldBe(SealCheck.AlreadyUsed);

        var late = seals.Seal("key:a", "flush_active_active_database", "call-1", TimeSpan.FromMinutes(5));
        time.Advance(TimeSpan.FromMinutes(6));
        seals.Redeem(late, "key:a", "flush_active_active_database", "call-1").ShouldBe(SealCheck.Expired);
    }

    [Theory]
    [InlineData("call-1")]
    [InlineData("")]
    [InlineData("rcmcp1.e30.AAAA")]
    public void A_forged_or_changed_request_state_is_refused(string forged)
    {
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        var seals = Seals(GateStore.InMemory(), time);
        seals.Redeem(forged, "key:a", "t", "call-1").ShouldBe(SealCheck.Forged);
        var real = seals.Seal("key:a", "t", "call-1", TimeSpan.FromMinutes(5));
        var flipped = real[..^3] + (real[^3] == 'x' ? 'y' : 'x') + real[^2..];
        seals.Redeem(flipped, "key:a", "t", "call-1").ShouldBe(SealCheck.Forged);
        // Sealed under another server key: refused.
        Seals(GateStore.InMemory(), time, Enumerable.Repeat((byte)9, 32).ToArray()).Redeem(real, "key:a", "t", "call-1").ShouldBe(SealCheck.Forged);
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
    public void A_reservation_left_by_a_holder_that_ended_is_never_given_back()
    {
        var store = GateStore.InMemory();
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        var ledger = new DryRunLedger(time, TimeSpan.FromMinutes(10), store);
        ledger.Record("h", new JsonDryRun(null));
        ledger.TryReserve("h").ShouldBe(DryRunClaim.Reserved);
        // The holder's process dies while its request is in flight: nobody says "not sent".
        store.Update(state => state["dryRuns"]!["h"]!["reservedBy"] = "999999999:" + Environment.MachineName);
        ledger.TryReserve("h").ShouldBe(DryRunClaim.Spent);
        ledger.TryReserve("h").ShouldBe(DryRunClaim.Missing);
        // A fresh dry run is needed, and then works once.
        ledger.Record("h", new JsonDryRun(null));
        ledger.TryReserve("h").ShouldBe(DryRunClaim.Reserved);
    }

    [Fact]
    public void A_reservation_held_past_every_bound_is_spent_not_released()
    {
        var time = new ManualTime(DateTimeOffset.UnixEpoch);
        var ledger = new DryRunLedger(time, TimeSpan.FromMinutes(10));
        ledger.Record("h", new JsonDryRun(null));
        ledger.TryReserve("h").ShouldBe(DryRunClaim.Reserved);
        time.Advance(TimeSpan.FromHours(2));
        ledger.Record("h", new JsonDryRun(null)); // does not reset it
        ledger.TryReserve("h").ShouldBe(DryRunClaim.Spent);
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
