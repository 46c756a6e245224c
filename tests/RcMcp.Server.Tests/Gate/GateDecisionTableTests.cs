using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using RcMcp.Server.Approvals;
using RcMcp.Server.Hosting;
using Xunit.Abstractions;

namespace RcMcp.Server.Tests.Gate;

/// <summary>One row of the safety gate's decision table: a call, the server's options, what the client can do and
/// answers, what happened before, and what the gate must decide (the audit log's decision), how many changes reach
/// the API (over the whole row, setup included) and the error code the caller gets.</summary>
public sealed record GateRow(string Tool, JsonObject Args, string Decision, int Mutations, string? Error = null)
{
    public Action<ServerOptions, string>? Options { get; init; }
    public Elicits Elicits { get; init; }
    public Answer[] Answers { get; init; } = [];
    /// <summary>The request has no session (as over stateless HTTP or the 2026-07-28 revision).</summary>
    public bool Sessionless { get; init; }
    public string? Protocol { get; init; }
    /// <summary>The gate's store lives in a state folder another server (of the row's own making) shares.</summary>
    public bool SharedGate { get; init; }
    /// <summary>Runs before the call; may return arguments to add to it (a token).</summary>
    public Func<GateHarness, Task<JsonObject?>>? Setup { get; init; }
    /// <summary>Replaces the plain call when the row needs more than one (concurrent calls, a replayed message).</summary>
    public Func<GateHarness, JsonObject, Task<CallToolResult>>? Act { get; init; }
    /// <summary>More checks on the call's result.</summary>
    public Action<GateHarness, CallToolResult>? Check { get; init; }
}

public sealed class GateDecisionTableTests(ITestOutputHelper output)
{
    private const int Sub = FakeCloudClient.SubscriptionId;
    private const int Db = FakeCloudClient.DatabaseId;

    private static JsonObject Args(params (string Name, JsonNode? Value)[] extra)
    {
        var args = new JsonObject { ["subscriptionId"] = Sub, ["databaseId"] = Db };
        foreach (var (name, value) in extra) args[name] = value;
        return args;
    }

    private static JsonObject With(JsonObject args, string name, JsonNode? value)
    {
        var copy = args.DeepClone().AsObject();
        copy[name] = value;
        return copy;
    }

    private static JsonObject Delete() => Args();
    private static JsonObject DeleteMissing() => new() { ["subscriptionId"] = Sub, ["databaseId"] = FakeCloudClient.MissingDatabaseId };
    private static JsonObject Create(string name = "new-db") => new() { ["subscriptionId"] = Sub, ["name"] = name };
    private static JsonObject EnableTls() => Args(("enableTls", true));
    private static JsonObject Backup() => Args();
    private static JsonObject BackupTo() => Args(("adhocBackupPath", "s3://bucket/path"));
    private static JsonObject Reveal() => Args(("revealSecrets", true));
    private static JsonArray Tags(params string[] keys) => new(keys.Select(k => (JsonNode)new JsonObject { ["key"] = k, ["value"] = "v-" + k }).ToArray());
    /// <summary>Removes the current tag "team": confirmed.</summary>
    private static JsonObject DropTeam(string extra = "env") => Args(("tags", Tags(extra)));
    /// <summary>Keeps every current tag and adds one: not confirmed.</summary>
    private static JsonObject KeepTags() => Args(("tags", Tags("env", "team", "owner")));

    private static void Opener(ServerOptions o, string folder) => o.ApprovalOpener = GateHarness.WriteOpener(folder);
    private static void Tokens(ServerOptions o, string _) => o.AllowAgentConfirmation = true;

    // ---- setups ----

    private static Func<GateHarness, Task<JsonObject?>> DryRun(string tool, JsonObject args, TimeSpan? thenWait = null) => async h =>
    {
        Ok(await h.CallAsync(tool, With(args, "dryRun", true)));
        if (thenWait is { } wait) h.Clock.Advance(wait);
        return null;
    };

    private static async Task<string> IssueToken(GateHarness h, string tool, JsonObject args)
    {
        var preview = Ok(await h.CallAsync(tool, args));
        h.LastDecision.ShouldBe("confirmation-requested");
        return preview.GetProperty("confirmationToken").GetString()!;
    }

    private static Func<GateHarness, Task<JsonObject?>> Token(string tool, JsonObject args, bool useOnce = false, TimeSpan? thenWait = null) => async h =>
    {
        var token = await IssueToken(h, tool, args);
        if (useOnce) Ok(await h.CallAsync(tool, With(args, "confirmationToken", token)));
        if (thenWait is { } wait) h.Clock.Advance(wait);
        return new JsonObject { ["confirmationToken"] = token };
    };

    /// <summary>A token issued by another server sharing the gate's state folder (and the clock).</summary>
    private static Func<GateHarness, Task<JsonObject?>> TokenFromOtherServer(Action<ServerOptions, string> issuer, string tool, JsonObject args, TimeSpan? thenWait = null) => async h =>
    {
        await using var other = await GateHarness.StartAsync(issuer, sharedStateDir: h.Options.StateDir, clock: h.Clock);
        var token = await IssueToken(other, tool, args);
        if (thenWait is { } wait) h.Clock.Advance(wait);
        return new JsonObject { ["confirmationToken"] = token };
    };

    /// <summary>A first call that leaves an approval pending on the page (the wait bound is 0 s), then a decision.</summary>
    private static Func<GateHarness, Task<JsonObject?>> Pending(string tool, JsonObject args, bool? approve = null, string? by = null, bool sendOnce = false,
        TimeSpan? thenWait = null) => async h =>
    {
        var pending = Ok(await h.CallAsync(tool, args));
        h.LastDecision.ShouldBe("approval-pending");
        var id = pending.GetProperty("approvalId").GetString()!;
        if (approve is { } yes) h.Book.Decide(id, yes, by, null).ShouldBe(DecideOutcome.Decided);
        if (sendOnce)
        {
            Ok(await h.CallAsync(tool, args));
            h.LastDecision.ShouldStartWith("approved-on-page");
        }
        if (thenWait is { } wait) h.Clock.Advance(wait);
        return null;
    };

    /// <summary>A call that holds the dry run while its person does not answer; the row's call comes meanwhile.</summary>
    private static Func<GateHarness, JsonObject, Task<CallToolResult>> WhileAnotherHoldsTheDryRun(TimeSpan? heldFor = null) => async (h, args) =>
    {
        Ok(await h.CallAsync("update_database", With(args, "dryRun", true)));
        var stop = new CancellationTokenSource();
        var first = h.CallAsync("update_database", args, stop.Token);
        h.Defer(async () =>
        {
            await stop.CancelAsync();
            try { await first; } catch (OperationCanceledException) { }
            stop.Dispose();
        });
        await h.Asked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        if (heldFor is { } held) h.Clock.Advance(held);
        return await h.CallAsync("update_database", args);
    };

    /// <summary>The person's accepted answer (an MRTR retry, as the client sent it), changed and sent again.</summary>
    private static Func<GateHarness, JsonObject, Task<CallToolResult>> ReplayAccepted(Action<JsonObject>? change = null) => async (h, args) =>
    {
        Ok(await h.CallAsync("delete_database", args));
        h.LastDecision.ShouldBe("confirmed-by-elicitation");
        var retry = JsonNode.Parse(h.ClientToServer.Lines.Last(l => l.Contains("\"inputResponses\"", StringComparison.Ordinal)))!.AsObject();
        var parameters = retry["params"]!.AsObject();
        change?.Invoke(parameters);
        var response = await h.Client.SendRequestAsync(new JsonRpcRequest { Method = RequestMethods.ToolsCall, Params = parameters.DeepClone() });
        return response.Result.Deserialize<CallToolResult>(ModelContextProtocol.McpJsonUtilities.DefaultOptions)!;
    };

    private static readonly Dictionary<string, GateRow> Rows = new(StringComparer.Ordinal)
    {
        // ---- preview and API dry runs ----
        ["preview: dryRun on a destructive tool sends nothing"] = new("delete_database", With(Delete(), "dryRun", true), "preview", 0),
        ["preview: dryRun on a tag set that removes a tag"] = new("update_database_tags", With(DropTeam(), "dryRun", true), "preview", 0),
        ["preview: dryRun with no channel at all still previews"] = new("delete_database", With(Delete(), "dryRun", true), "preview", 0) { Options = (o, _) => o.RequireElicitation = true },
        ["dry run: an API dry run is sent as a dry run"] = new("create_database", With(Create(), "dryRun", true), "dry-run", 0)
        {
            Check = (h, _) => h.Cloud.DryRuns.Count.ShouldBe(1),
        },
        ["dry run: required before the real call"] = new("create_database", Create(), "refused-dry-run-required", 0, "dry_run_required"),
        ["dry run: then the same call is sent"] = new("create_database", Create(), "executed", 1) { Setup = DryRun("create_database", Create()) },
        ["dry run: another argument needs its own"] = new("create_database", Create("other-db"), "refused-dry-run-required", 0, "dry_run_required")
        {
            Setup = DryRun("create_database", Create()),
        },
        ["dry run: used once, then required again"] = new("create_database", Create(), "refused-dry-run-required", 1, "dry_run_required")
        {
            Setup = async h => { await DryRun("create_database", Create())(h); Ok(await h.CallAsync("create_database", Create())); return null; },
        },
        ["dry run: expired after its validity"] = new("create_database", Create(), "refused-dry-run-required", 0, "dry_run_required")
        {
            Setup = DryRun("create_database", Create(), TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1)),
        },
        ["dry run: in use by a call awaiting its person"] = new("update_database", EnableTls(), "refused-dry-run-in-use", 0, "dry_run_in_use")
        {
            Elicits = Elicits.Form, Answers = [Answer.Never], Act = WhileAnotherHoldsTheDryRun(),
        },
        ["dry run: spent when its holder held it past every bound"] = new("update_database", EnableTls(), "refused-dry-run-spent", 0, "dry_run_spent")
        {
            Elicits = Elicits.Form, Answers = [Answer.Never], Act = WhileAnotherHoldsTheDryRun(TimeSpan.FromMinutes(61)),
        },
        ["dry run: given back when the person declines"] = new("update_database", EnableTls(), "confirmed-by-elicitation", 1)
        {
            Elicits = Elicits.Form, Answers = [Answer.Decline, Answer.Accept],
            Setup = async h =>
            {
                await DryRun("update_database", EnableTls())(h);
                Ok(await h.CallAsync("update_database", EnableTls()));
                h.LastDecision.ShouldBe("declined-by-user");
                return null;
            },
        },
        ["dry run: confirmation skipped never skips the dry run"] = new("update_database", EnableTls(), "refused-dry-run-required", 0, "dry_run_required")
        {
            Options = (o, _) => o.DangerouslySkipConfirmation = true,
        },

        // ---- preflight, target, writes without confirmation ----
        ["preflight: a backup with nowhere to go is refused"] = new("backup_database", Backup(), "refused-will-fail", 0, "will_fail") { Elicits = Elicits.Form },
        ["preflight: a backup with a path runs unconfirmed"] = new("backup_database", BackupTo(), "executed", 1) { Elicits = Elicits.Form, Check = (h, _) => h.Elicitations.ShouldBeEmpty() },
        ["target: a missing database stops before asking"] = new("delete_database", DeleteMissing(), "refused-target-unreadable", 0, "not_found")
        {
            Elicits = Elicits.Form, Check = (h, _) => h.Elicitations.ShouldBeEmpty(),
        },
        ["target: a tag set that keeps every tag is not confirmed"] = new("update_database_tags", KeepTags(), "executed", 1),

        // ---- form elicitation ----
        ["form: accept sends the delete"] = new("delete_database", Delete(), "confirmed-by-elicitation", 1) { Elicits = Elicits.Form },
        ["form: a blank capability means form"] = new("delete_database", Delete(), "confirmed-by-elicitation", 1) { Elicits = Elicits.Blank },
        ["form: accept without the box ticked sends nothing"] = new("delete_database", Delete(), "declined-unchecked", 0, "confirmation_declined")
        {
            Elicits = Elicits.Form, Answers = [Answer.AcceptUnchecked],
        },
        ["form: decline"] = new("delete_database", Delete(), "declined-by-user", 0, "confirmation_declined") { Elicits = Elicits.Form, Answers = [Answer.Decline] },
        ["form: cancel"] = new("delete_database", Delete(), "cancelled-by-user", 0, "confirmation_declined") { Elicits = Elicits.Form, Answers = [Answer.Cancel] },
        ["form: nobody answers in time"] = new("delete_database", Delete(), "confirmation-timed-out", 0, "confirmation_timed_out")
        {
            Elicits = Elicits.Form, Answers = [Answer.Never], Options = (o, _) => o.ElicitationTimeout = TimeSpan.FromMilliseconds(50),
        },
        ["form: a tag removal found on the target is confirmed"] = new("update_database_tags", DropTeam(), "confirmed-by-elicitation", 1) { Elicits = Elicits.Form },
        ["form: an access change after its dry run shows the change and no price"] = new("update_database", EnableTls(), "confirmed-by-elicitation", 1)
        {
            Elicits = Elicits.Form, Setup = DryRun("update_database", EnableTls()),
            Check = (h, _) =>
            {
                var message = h.Elicitations.Single().Message!;
                message.ShouldContain("enableTls: false → true");
                message.ShouldNotContain("Estimated price");
                message.ShouldNotContain("billable");
            },
        },
        ["form: a change of size with the access change shows its price"] = new("update_database", With(EnableTls(), "datasetSizeInGb", 2), "confirmed-by-elicitation", 1)
        {
            Elicits = Elicits.Form, Setup = DryRun("update_database", With(EnableTls(), "datasetSizeInGb", 2)),
            Check = (h, _) =>
            {
                var message = h.Elicitations.Single().Message!;
                message.ShouldContain("datasetSizeInGb: 1 → 2");
                message.ShouldContain("Estimated price: 0.5 USD per hour");
            },
        },
        ["form: revealing secrets, accepted"] = new("get_database", Reveal(), "confirmed-by-elicitation; secrets revealed", 0)
        {
            Elicits = Elicits.Form, Check = (_, r) => r.StructuredContent!.Value.GetRawText().ShouldContain("db-password-0123456789"),
        },
        ["form: revealing secrets, declined"] = new("get_database", Reveal(), "declined-by-user", 0, "confirmation_declined")
        {
            Elicits = Elicits.Form, Answers = [Answer.Decline],
        },
        ["form: a client that can ask is asked despite a valid token"] = new("delete_database", Delete(), "declined-by-user", 0, "confirmation_declined")
        {
            Elicits = Elicits.Form, Answers = [Answer.Decline], Options = Tokens,
            Setup = async h =>
            {
                // The token comes from a client of the same server that cannot ask (the same caller's keys).
                await using var other = await GateHarness.StartAsync(Tokens, sharedStateDir: h.Options.StateDir, clock: h.Clock);
                return new JsonObject { ["confirmationToken"] = await IssueToken(other, "delete_database", Delete()) };
            },
            SharedGate = true,
        },
        ["form: a failing client falls back to refusal"] = new("delete_database", Delete(), "refused-no-approval-channel", 0, "confirmation_required")
        {
            Elicits = Elicits.Form, Answers = [Answer.Throw],
        },
        ["form: a failing client falls back to the opened page"] = new("delete_database", Delete(), "approval-pending", 0)
        {
            Elicits = Elicits.Form, Answers = [Answer.Throw], Options = Opener, Check = (h, _) => h.Opened.Count.ShouldBe(1),
        },
        ["form: a failing client falls back to a token under automation"] = new("delete_database", Delete(), "confirmation-requested", 0)
        {
            Elicits = Elicits.Form, Answers = [Answer.Throw], Options = Tokens,
        },
        ["form: a failing client's carried token is checked"] = new("delete_database", Delete(), "confirmed-by-token", 1)
        {
            Elicits = Elicits.Form, Answers = [Answer.Throw], Options = Tokens, SharedGate = true,
            Setup = TokenFromOtherServer(Tokens, "delete_database", Delete()),
        },

        // ---- MRTR: sessionless requests under the 2026-07-28 revision ----
        ["mrtr: accept on retry sends the delete"] = new("delete_database", Delete(), "confirmed-by-elicitation", 1)
        {
            Elicits = Elicits.Form, Sessionless = true, Protocol = "2026-07-28",
            Check = (h, _) => h.AuditLines().Select(l => l.GetProperty("decision").GetString()).ShouldBe(["elicitation-requested", "confirmed-by-elicitation"]),
        },
        ["mrtr: decline on retry"] = new("delete_database", Delete(), "declined-by-user", 0, "confirmation_declined")
        {
            Elicits = Elicits.Form, Answers = [Answer.Decline], Sessionless = true, Protocol = "2026-07-28",
        },
        ["mrtr: a replayed accept is refused"] = new("delete_database", Delete(), "refused-request-state-alreadyused", 1, "confirmation_required")
        {
            Elicits = Elicits.Form, Sessionless = true, Protocol = "2026-07-28", Act = ReplayAccepted(),
        },
        ["mrtr: a forged request state is refused"] = new("delete_database", Delete(), "refused-request-state-forged", 1, "confirmation_required")
        {
            Elicits = Elicits.Form, Sessionless = true, Protocol = "2026-07-28",
            Act = ReplayAccepted(p =>
            {
                var state = (string)p["requestState"]!;
                p["requestState"] = state[..^2] + (state[^2] == 'A' ? "BB" : "AA");
            }),
        },
        ["mrtr: an accept carried to another call is refused"] = new("delete_database", Delete(), "refused-request-state-othercall", 1, "confirmation_required")
        {
            Elicits = Elicits.Form, Sessionless = true, Protocol = "2026-07-28",
            Act = ReplayAccepted(p => p["arguments"]!["databaseId"] = FakeCloudClient.MissingDatabaseId),
        },
        ["mrtr: an accept after the state expired is refused"] = new("delete_database", Delete(), "refused-request-state-expired", 0, "confirmation_required")
        {
            Elicits = Elicits.Form, Answers = [Answer.AcceptLate], Sessionless = true, Protocol = "2026-07-28",
        },
        // Stateless HTTP with a pre-2026 client (no MRTR, no session) cannot be built in process: every in-memory
        // transport has a session, and then the SDK reports MRTR as supported and answers the gate's input-required
        // result itself with a plain elicitation, retrying the handler. This row pins that SDK behaviour, which the
        // gate relies on; the stateless branch (tokens) is covered over real HTTP by HttpTransportTests.
        ["mrtr: over a session the SDK asks a pre-2026 client itself"] = new("delete_database", Delete(), "confirmed-by-elicitation", 1)
        {
            Elicits = Elicits.Form, Sessionless = true,
            Check = (h, _) => h.AuditLines().Select(l => l.GetProperty("decision").GetString()).ShouldBe(["elicitation-requested", "confirmed-by-elicitation"]),
        },

        // ---- the approval page: URL elicitation ----
        ["url: approved on the page, sent"] = new("delete_database", Delete(), "approved-on-page", 1) { Elicits = Elicits.Url, Answers = [Answer.ApproveOnPage] },
        ["url: declined to open the page"] = new("delete_database", Delete(), "denied-on-page by (declined to open the page)", 0, "confirmation_declined")
        {
            Elicits = Elicits.Url, Answers = [Answer.Decline],
        },
        ["url: opened, undecided: pending"] = new("delete_database", Delete(), "approval-pending", 0)
        {
            Elicits = Elicits.Url, Answers = [Answer.Accept],
            Check = (_, r) => r.StructuredContent!.Value.GetProperty("approvalPage").ValueKind.ShouldBe(JsonValueKind.Null),
        },
        ["url: approved later, the same call resumes and sends"] = new("delete_database", Delete(), "approved-on-page", 1)
        {
            Elicits = Elicits.Url, Answers = [Answer.Accept], Setup = Pending("delete_database", Delete(), approve: true),
            Check = (h, _) => h.Elicitations.Count.ShouldBe(1),
        },
        ["url: a failing client with no other channel"] = new("delete_database", Delete(), "refused-no-approval-channel", 0, "confirmation_required")
        {
            Elicits = Elicits.Url, Answers = [Answer.Throw],
        },
        ["url: a failing client falls back to the opened page"] = new("delete_database", Delete(), "approval-pending", 0)
        {
            Elicits = Elicits.Url, Answers = [Answer.Throw], Options = Opener, Check = (h, _) => h.Opened.Count.ShouldBe(1),
        },

        // ---- the approval page opened by the server ----
        ["opener: the page is opened, the call pends"] = new("delete_database", Delete(), "approval-pending", 0)
        {
            Options = Opener,
            Check = (h, r) =>
            {
                var opened = h.Opened.ShouldHaveSingleItem();
                opened.ShouldContain("?k=");
                r.StructuredContent!.Value.GetProperty("approvalId").GetString().ShouldBe(GateHarness.ApprovalIdOf(opened));
            },
        },
        ["opener: approved, the same call sends"] = new("delete_database", Delete(), "approved-on-page", 1)
        {
            Options = Opener, Setup = Pending("delete_database", Delete(), approve: true),
        },
        ["opener: an approval is used once"] = new("delete_database", Delete(), "approval-pending", 1)
        {
            Options = Opener, Setup = Pending("delete_database", Delete(), approve: true, sendOnce: true), Check = (h, _) => h.Opened.Count.ShouldBe(2),
        },
        ["opener: denied"] = new("delete_database", Delete(), "denied-on-page", 0, "confirmation_declined")
        {
            Options = Opener, Setup = Pending("delete_database", Delete(), approve: false),
        },
        ["opener: an approval does not carry to other arguments"] = new("update_database_tags", DropTeam("owner"), "approval-pending", 0)
        {
            Options = Opener, Setup = Pending("update_database_tags", DropTeam(), approve: true), Check = (h, _) => h.Opened.Count.ShouldBe(2),
        },
        ["opener: approved after expiry is not honoured"] = new("delete_database", Delete(), "approval-pending", 0)
        {
            Options = Opener, Setup = async h =>
            {
                await Pending("delete_database", Delete(), thenWait: TimeSpan.FromMinutes(5))(h);
                h.Book.Decide(GateHarness.ApprovalIdOf(h.Opened[0]), true, null, null).ShouldBe(DecideOutcome.Expired);
                return null;
            },
            Check = (h, _) => h.Opened.Count.ShouldBe(2),
        },
        ["opener: expires while the call waits"] = new("delete_database", Delete(), "approval-expired", 0, "confirmation_timed_out")
        {
            Options = (o, f) => { Opener(o, f); o.WaitTimeoutSeconds = 30; },
            Act = async (h, args) =>
            {
                var call = h.CallAsync("delete_database", args);
                while (h.Opened.Count == 0) await Task.Delay(2);
                h.Clock.Advance(TimeSpan.FromMinutes(5));
                return await call.WaitAsync(TimeSpan.FromSeconds(20));
            },
        },
        ["opener: a failing opener is no channel"] = new("delete_database", Delete(), "refused-no-approval-channel", 0, "confirmation_required")
        {
            Options = (o, f) => o.ApprovalOpener = GateHarness.WriteOpener(f, fails: true),
        },
        ["opener: an access change after its dry run, approved on the page"] = new("update_database", EnableTls(), "approved-on-page", 1)
        {
            Options = Opener,
            Setup = async h => { await DryRun("update_database", EnableTls())(h); return await Pending("update_database", EnableTls(), approve: true)(h); },
        },
        ["opener: tags removal approved on the page"] = new("update_database_tags", DropTeam(), "approved-on-page", 1)
        {
            Options = Opener, Setup = Pending("update_database_tags", DropTeam(), approve: true),
        },
        ["opener: revealing secrets approved on the page"] = new("get_database", Reveal(), "approved-on-page; secrets revealed", 0)
        {
            Options = Opener, Setup = Pending("get_database", Reveal(), approve: true),
        },

        // ---- named approvers ----
        ["approvers: pending with the link without its secret"] = new("delete_database", Delete(), "approval-pending", 0)
        {
            Options = (o, f) => o.ApproversFile = GateHarness.WriteApprovers(f),
            Check = (_, r) =>
            {
                var link = r.StructuredContent!.Value.GetProperty("approvalPage").GetString()!;
                link.ShouldContain("/approvals/");
                link.ShouldNotContain("?k=");
            },
        },
        ["approvers: approved by alice"] = new("delete_database", Delete(), "approved-on-page by alice", 1)
        {
            Options = (o, f) => o.ApproversFile = GateHarness.WriteApprovers(f), Setup = Pending("delete_database", Delete(), approve: true, by: "alice"),
        },
        ["approvers: denied by alice"] = new("delete_database", Delete(), "denied-on-page by alice", 0, "confirmation_declined")
        {
            Options = (o, f) => o.ApproversFile = GateHarness.WriteApprovers(f), Setup = Pending("delete_database", Delete(), approve: false, by: "alice"),
        },

        // ---- --require-elicitation ----
        ["require-elicitation: no elicitation is refused even with an opener"] = new("delete_database", Delete(), "refused-elicitation-required", 0, "confirmation_required")
        {
            Options = (o, f) => { Opener(o, f); o.RequireElicitation = true; }, Check = (h, _) => h.Opened.ShouldBeEmpty(),
        },
        ["require-elicitation: form accept"] = new("delete_database", Delete(), "confirmed-by-elicitation", 1)
        {
            Elicits = Elicits.Form, Options = (o, _) => o.RequireElicitation = true,
        },
        ["require-elicitation: URL approval"] = new("delete_database", Delete(), "approved-on-page", 1)
        {
            Elicits = Elicits.Url, Answers = [Answer.ApproveOnPage], Options = (o, _) => o.RequireElicitation = true,
        },
        ["require-elicitation: a failing URL client is not sent to the opener"] = new("delete_database", Delete(), "refused-no-approval-channel", 0, "confirmation_required")
        {
            Elicits = Elicits.Url, Answers = [Answer.Throw], Options = (o, f) => { Opener(o, f); o.RequireElicitation = true; },
            Check = (h, _) => h.Opened.ShouldBeEmpty(),
        },

        // ---- tokens: --allow-agent-confirmation and the sandbox ----
        ["no channel: refused"] = new("delete_database", Delete(), "refused-no-approval-channel", 0, "confirmation_required"),
        ["tokens: issued under automation"] = new("delete_database", Delete(), "confirmation-requested", 0)
        {
            Options = Tokens, Check = (_, r) => r.StructuredContent!.Value.GetProperty("confirmationToken").GetString().ShouldStartWith("rcmcp-confirm-"),
        },
        ["tokens: automation keeps tokens even with an opener"] = new("delete_database", Delete(), "confirmation-requested", 0)
        {
            Options = (o, f) => { Opener(o, f); Tokens(o, f); }, Check = (h, _) => h.Opened.ShouldBeEmpty(),
        },
        ["tokens: valid once, and logged"] = new("delete_database", Delete(), "confirmed-by-token", 1)
        {
            Options = Tokens, Setup = Token("delete_database", Delete()),
            Check = (h, _) => h.Warnings.ShouldContain(w => w.Contains("confirmed by a token", StringComparison.Ordinal)),
        },
        ["tokens: used twice"] = new("delete_database", Delete(), "refused-token-alreadyused", 1, "token_used")
        {
            Options = Tokens, Setup = Token("delete_database", Delete(), useOnce: true),
        },
        ["tokens: expired"] = new("delete_database", Delete(), "refused-token-expired", 0, "token_expired")
        {
            Options = Tokens, Setup = Token("delete_database", Delete(), thenWait: TimeSpan.FromMinutes(5)),
        },
        ["tokens: for another call"] = new("update_database_tags", DropTeam("owner"), "refused-token-othercall", 0, "token_other_call")
        {
            Options = Tokens, Setup = Token("update_database_tags", DropTeam()),
        },
        ["tokens: never issued"] = new("delete_database", With(Delete(), "confirmationToken", "rcmcp-confirm-00000000000000000000000000000000"), "refused-token-unknown", 0, "token_unknown")
        {
            Options = Tokens,
        },
        ["tokens: issued under another policy"] = new("delete_database", Delete(), "refused-token-otherpolicy", 0, "token_other_call")
        {
            Options = Tokens, SharedGate = true,
            Setup = TokenFromOtherServer((o, f) => { Tokens(o, f); o.ExcludeTools = ["create_subscription"]; }, "delete_database", Delete()),
        },
        ["tokens: a stricter lifetime caps another process's token"] = new("delete_database", Delete(), "refused-token-expired", 0, "token_expired")
        {
            Options = (o, f) => { Tokens(o, f); o.ConfirmationTokenLifetime = TimeSpan.FromMinutes(2); }, SharedGate = true,
            Setup = TokenFromOtherServer((o, f) => { Tokens(o, f); o.ConfirmationTokenLifetime = TimeSpan.FromMinutes(10); }, "delete_database", Delete(), TimeSpan.FromMinutes(3)),
        },
        ["tokens: not honoured without the switch"] = new("delete_database", Delete(), "refused-token-not-honoured", 0, "confirmation_required")
        {
            SharedGate = true, Setup = TokenFromOtherServer(Tokens, "delete_database", Delete()),
        },
        ["sandbox: tokens without a desktop"] = new("delete_database", Delete(), "confirmation-requested", 0)
        {
            Options = (o, _) => o.Sandbox = true,
            Check = (_, r) => r.StructuredContent!.Value.GetProperty("next").GetString().ShouldContain("Sandbox"),
        },
        ["sandbox: a token confirms"] = new("delete_database", Delete(), "confirmed-by-token", 1)
        {
            Options = (o, _) => o.Sandbox = true, Setup = Token("delete_database", Delete()),
        },
        ["sandbox: the page when it can be opened"] = new("delete_database", Delete(), "approval-pending", 0)
        {
            Options = (o, f) => { Opener(o, f); o.Sandbox = true; },
        },

        // ---- --dangerously-skip-confirmation, policy ----
        ["skip: the delete is sent unasked"] = new("delete_database", Delete(), "confirmation-skipped", 1)
        {
            Options = (o, _) => o.DangerouslySkipConfirmation = true,
            Check = (h, _) => h.Warnings.ShouldContain(w => w.Contains("--dangerously-skip-confirmation", StringComparison.Ordinal)),
        },
        ["skip: secrets revealed unasked"] = new("get_database", Reveal(), "confirmation-skipped; secrets revealed", 0)
        {
            Options = (o, _) => o.DangerouslySkipConfirmation = true,
        },
        ["read-only: refused before the gate"] = new("delete_database", Delete(), "refused-read-only", 0, "read_only")
        {
            Elicits = Elicits.Form, Options = (o, _) => o.ReadOnly = true,
        },
    };

    public static TheoryData<string> Names() => new(Rows.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_gate_decides(string name)
    {
        var row = Rows[name];
        var watch = Stopwatch.StartNew();
        var shared = row.SharedGate ? NewStateDir() : null;
        try
        {
            await using var h = await GateHarness.StartAsync(row.Options, row.Elicits, row.Answers, row.Sessionless, row.Protocol, shared);
            var args = row.Args.DeepClone().AsObject();
            if (row.Setup is not null && await row.Setup(h) is { } added)
                foreach (var (k, v) in added) args[k] = v?.DeepClone();
            var result = row.Act is not null ? await row.Act(h, args) : await h.CallAsync(row.Tool, args);

            var text = JsonSerializer.Serialize(result);
            h.LastDecision.ShouldBe(row.Decision, text);
            h.Cloud.Mutations.Count.ShouldBe(row.Mutations, text);
            CodeOf(result).ShouldBe(row.Error, text);
            // The model never holds the approval link's secret, in any row.
            text.ShouldNotContain("?k=");
            row.Check?.Invoke(h, result);
        }
        finally
        {
            if (shared is not null) Directory.Delete(shared, recursive: true);
            output.WriteLine($"{name}: {watch.ElapsedMilliseconds} ms");
        }
    }

    /// <summary>The table covers every decision string the gate and its channels can write, but those noted.</summary>
    [Fact]
    public void The_table_has_every_decision()
    {
        Rows.Count.ShouldBeGreaterThanOrEqualTo(35);
        var covered = Rows.Values.Select(r => r.Decision.Split(' ', ';')[0]).ToHashSet();
        string[] expected =
        [
            "preview", "dry-run", "executed", "refused-dry-run-required", "refused-dry-run-in-use", "refused-dry-run-spent", "refused-will-fail",
            "refused-target-unreadable", "confirmed-by-elicitation", "declined-unchecked", "declined-by-user", "cancelled-by-user",
            "confirmation-timed-out", "refused-request-state-alreadyused", "refused-request-state-forged", "refused-request-state-othercall",
            "refused-request-state-expired", "approved-on-page", "denied-on-page", "approval-pending", "approval-expired",
            "refused-no-approval-channel", "refused-elicitation-required", "confirmation-requested", "confirmed-by-token",
            "refused-token-alreadyused", "refused-token-expired", "refused-token-othercall", "refused-token-unknown", "refused-token-otherpolicy",
            "refused-token-not-honoured", "confirmation-skipped",
        ];
        expected.Except(covered).ShouldBeEmpty();
    }

    private static string NewStateDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rcmcp-gate-shared-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return dir;
    }

    private static string? CodeOf(CallToolResult result)
    {
        if (result.StructuredContent is not { ValueKind: JsonValueKind.Object } s) return null;
        if (s.TryGetProperty("error", out var e) && e.TryGetProperty("code", out var c)) return c.GetString();
        return s.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    private static JsonElement Ok(CallToolResult result)
    {
        (result.IsError ?? false).ShouldBeFalse(JsonSerializer.Serialize(result));
        return result.StructuredContent!.Value;
    }
}
