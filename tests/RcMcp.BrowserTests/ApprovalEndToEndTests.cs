using Microsoft.Playwright;
using RcMcp.IntegrationTests;
using static Microsoft.Playwright.Assertions;

namespace RcMcp.BrowserTests;

/// <summary>
/// The whole approval as a person meets it: the real server over stdio, against the sandbox over real HTTP, with a
/// client that cannot ask the person; the server opens the approval page through --approval-opener (a script that
/// hands the URL to this test), and Debian's Chromium, driven by Playwright, is the person's browser. The model (the
/// test's MCP client) never sees the link's secret.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ApprovalEndToEndTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(60);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"rcmcp-opener-{Guid.NewGuid():N}");
    private IBrowserContext _context = null!;

    private string UrlsFile => Path.Combine(_folder, "urls.txt");
    private string Opener => Path.Combine(_folder, "opener.sh");

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout((float)Cap.TotalMilliseconds);
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(Opener, $"#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{UrlsFile}'\n");
        File.SetUnixFileMode(Opener, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _context = await chromium.Browser.NewContextAsync();
        _context.SetDefaultTimeout((float)Cap.TotalMilliseconds);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The n-th URL the server asked the opener to show (waits for the event, capped).</summary>
    private async Task<string> OpenedUrlAsync(int n)
    {
        var deadline = DateTime.UtcNow + Cap;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(UrlsFile) && File.ReadAllLines(UrlsFile) is { } lines && lines.Length >= n) return lines[n - 1];
            await Task.Delay(50);
        }
        throw new TimeoutException($"the server never opened approval page {n}");
    }

    private static async Task PressAsync(IPage page, string button)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = button }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
    }

    [Fact]
    public async Task Approve_on_the_opened_page_sends_exactly_one_change_and_a_replayed_url_sends_none()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--toolsets", "all", "--approval-opener", Opener);
        var (subscriptionId, _) = await sandbox.SeededAsync(server);
        var added = (await server.CallAsync("update_subscription_cidr_allowlist", new { subscriptionId, cidrIps = new[] { "10.1.1.0/24", "10.2.0.0/16" } })).Ok();
        (await server.CallAsync("wait_for_task", new { taskId = added.GetProperty("taskId").GetString() })).Ok()
            .GetProperty("status").GetString().ShouldBe("processing-completed");
        var puts = () => sandbox.Mutations.Count(r => r.Method == "PUT" && r.Path.EndsWith("/cidr", StringComparison.Ordinal));
        puts().ShouldBe(1);

        // Shrinking the allow-list removes access: the call waits for the person.
        var shrink = new { subscriptionId, cidrIps = new[] { "10.1.1.0/24" } };
        var call = server.CallAsync("update_subscription_cidr_allowlist", shrink);
        var url = await OpenedUrlAsync(1);
        url.ShouldContain("k=");

        var page = await _context.NewPageAsync();
        await page.GotoAsync(url);
        await Expect(page.Locator("li", new() { HasText = "cidrIps: [10.1.1.0/24, 10.2.0.0/16] → [10.1.1.0/24]" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Removed: 10.2.0.0/16")).ToBeVisibleAsync();
        puts().ShouldBe(1);
        await PressAsync(page, "Approve");
        await Expect(page.GetByText("Approved")).ToBeVisibleAsync();

        var result = (await call.WaitAsync(Cap)).Ok();
        result.GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        puts().ShouldBe(2);
        // The model's result holds no link secret.
        (await call).Text().ShouldNotContain(url[(url.IndexOf("k=", StringComparison.Ordinal) + 2)..]);

        // The same URL again: already decided; no form, nothing sent.
        await page.GotoAsync(url);
        await Expect(page.Locator("form")).ToHaveCountAsync(0);
        puts().ShouldBe(2);

        // The same call again needs a new approval (a new page); denied there, nothing is sent.
        var again = server.CallAsync("update_subscription_cidr_allowlist", new { subscriptionId, cidrIps = new[] { "10.9.9.0/24" } });
        var second = await OpenedUrlAsync(2);
        second.ShouldNotBe(url);
        var page2 = await _context.NewPageAsync();
        await page2.GotoAsync(second);
        await PressAsync(page2, "Deny");
        var denied = (await again.WaitAsync(Cap)).Ok();
        denied.GetProperty("confirmed").GetBoolean().ShouldBeFalse();
        puts().ShouldBe(2);
        server.AuditLines().Select(a => a.GetProperty("decision").GetString()).ShouldContain("approved-on-page");
        server.AuditLines().Select(a => a.GetProperty("decision").GetString()).ShouldContain("denied-on-page");
    }

    [Fact]
    public async Task A_pending_approval_answers_resumably_and_the_same_call_keeps_waiting_on_it()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--approval-opener", Opener, "--wait-timeout", "1");
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);

        var progress = new ProgressLog();
        var first = (await server.CallAsync("delete_database", new { subscriptionId, databaseId }, progress)).Ok();
        first.GetProperty("approvalPending").GetBoolean().ShouldBeTrue();
        // While it waited, the client heard why (notifications may be dispatched a moment after the result).
        var heard = DateTime.UtcNow + Cap;
        while (progress.Values.IsEmpty && DateTime.UtcNow < heard) await Task.Delay(50);
        progress.Values.ShouldContain(v => v.Message!.Contains("Waiting for the person's decision on the approval page"));
        first.GetProperty("next").GetString()!.ShouldContain("call delete_database again");
        var url = await OpenedUrlAsync(1);
        first.GetRawText().ShouldNotContain(url[(url.IndexOf("k=", StringComparison.Ordinal) + 2)..]);
        sandbox.Mutations.ShouldBeEmpty();

        // The person approves while nobody waits; the same call then finds the decision, once.
        var page = await _context.NewPageAsync();
        await page.GotoAsync(url);
        await PressAsync(page, "Approve");
        await Expect(page.GetByText("Approved")).ToBeVisibleAsync();
        (await server.CallAsync("delete_database", new { subscriptionId, databaseId })).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        sandbox.Mutations.Count(r => r.Method == "DELETE").ShouldBe(1);
        File.ReadAllLines(UrlsFile).Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_client_with_url_elicitation_opens_the_page_for_the_person_who_approves_once()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        // The client declares URL-mode elicitation only: it shows the person the link and opens it (here: Chromium).
        await using var server = await ServerProcess.StartAsync([], _ => ServerProcess.Accept(), sandbox.Environment,
            capability: new ModelContextProtocol.Protocol.ElicitationCapability { Url = new ModelContextProtocol.Protocol.UrlElicitationCapability() });
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);

        var call = server.CallAsync("delete_database", new { subscriptionId, databaseId });
        var deadline = DateTime.UtcNow + Cap;
        while (server.Elicitations.IsEmpty && DateTime.UtcNow < deadline) await Task.Delay(50);
        var elicitation = server.Elicitations.ShouldHaveSingleItem();
        elicitation.Mode.ShouldBe("url");
        var url = elicitation.Url!;
        url.ShouldContain("/approvals/");
        File.Exists(UrlsFile).ShouldBeFalse(); // the server opened nothing itself
        sandbox.Mutations.ShouldBeEmpty();

        var page = await _context.NewPageAsync();
        await page.GotoAsync(url);
        await Expect(page.GetByText("sandbox")).Not.ToHaveCountAsync(0);
        await PressAsync(page, "Approve");
        (await call.WaitAsync(Cap)).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        sandbox.Mutations.Count(r => r.Method == "DELETE").ShouldBe(1);
        (await call).Text().ShouldNotContain(url[(url.IndexOf("k=", StringComparison.Ordinal) + 2)..]);
    }

    [Fact]
    public async Task Over_http_a_named_approver_signs_in_on_the_page_and_a_wrong_secret_approves_nothing()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var approvers = Path.Combine(_folder, "approvers.json");
        // The hash comes from the command an operator runs: the secret on standard input, never on the command line.
        var hashed = await CliProcess.RunWithInputAsync(new Dictionary<string, string?>(), "alice-long-secret\n", "approvers", "hash");
        hashed.ExitCode.ShouldBe(0, hashed.ToString());
        hashed.Stdout.Trim().ShouldStartWith("pbkdf2-sha256$");
        hashed.Stdout.ShouldNotContain("alice-long-secret");
        (await CliProcess.RunWithInputAsync(new Dictionary<string, string?>(), "short\n", "approvers", "hash")).ExitCode.ShouldBe(2);
        await File.WriteAllTextAsync(approvers, $$"""{"approvers":[{"name":"alice","secretHash":"{{hashed.Stdout.Trim()}}"}]}""");
        File.SetUnixFileMode(approvers, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var server = await HttpServerProcess.StartAsync(["--approvers", approvers, "--approval-opener", "none", "--wait-timeout", "1"], sandbox.Environment);
        await using var client = await server.ConnectAsync(protocolVersion: "2025-11-25");

        var call = client.CallAsync("delete_database", new { subscriptionId = 100001, databaseId = 5000001 });
        // The model's answer carries the page's link without a secret, for the approver.
        var pending = (await call.WaitAsync(Cap)).Ok();
        pending.GetProperty("approvalPending").GetBoolean().ShouldBeTrue();
        var link = pending.GetProperty("approvalPage").GetString()!;
        link.ShouldNotContain("k=");
        sandbox.Mutations.ShouldBeEmpty();

        var page = await _context.NewPageAsync();
        await page.GotoAsync(link.Replace(Environment.MachineName, "127.0.0.1"));
        await page.Locator("#approve-approver").FillAsync("alice");
        await page.Locator("#approve-approver-secret").FillAsync("wrong-secret");
        await PressAsync(page, "Approve");
        await Expect(page.GetByText("The approver name or secret is wrong")).ToBeVisibleAsync();
        (await client.CallAsync("delete_database", new { subscriptionId = 100001, databaseId = 5000001 })).Ok()
            .GetProperty("approvalPending").GetBoolean().ShouldBeTrue();
        sandbox.Mutations.ShouldBeEmpty();

        await page.GotoAsync(link.Replace(Environment.MachineName, "127.0.0.1"));
        await page.Locator("#approve-approver").FillAsync("alice");
        await page.Locator("#approve-approver-secret").FillAsync("alice-long-secret");
        await PressAsync(page, "Approve");
        await Expect(page.GetByText("Approved")).ToBeVisibleAsync();
        (await client.CallAsync("delete_database", new { subscriptionId = 100001, databaseId = 5000001 })).Ok()
            .GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();
        sandbox.Mutations.Count(r => r.Method == "DELETE").ShouldBe(1);
    }

    [Fact]
    public async Task A_new_password_typed_on_the_page_goes_to_the_api_and_nowhere_else()
    {
        const string modelPassword = "Model-Chosen-Pa55word";
        const string typed = "Person-Typed-Pa55w0rd-7q";
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--approval-opener", Opener);
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);
        var change = new Dictionary<string, object?> { ["subscriptionId"] = subscriptionId, ["databaseId"] = databaseId, ["password"] = modelPassword };
        (await server.CallAsync("update_database", new Dictionary<string, object?>(change) { ["dryRun"] = true })).Ok();

        var call = server.CallAsync("update_database", change);
        var page = await _context.NewPageAsync();
        await page.GotoAsync(await OpenedUrlAsync(1));
        await Expect(page.Locator("li", new() { HasText = "password" })).Not.ToHaveCountAsync(0);
        await page.Locator("input[type=password][name='secret.password']").FillAsync(typed);
        await PressAsync(page, "Approve");
        (await call.WaitAsync(Cap)).Ok().GetProperty("taskId").GetString().ShouldNotBeNullOrEmpty();

        var put = sandbox.Mutations.Where(r => r.Method == "PUT" && !TestSandbox.IsDryRun(r)).ShouldHaveSingleItem();
        put.Body!.ShouldContain(typed);
        put.Body.ShouldNotContain(modelPassword);
        (await call).Text().ShouldNotContain(typed);
        File.ReadAllText(server.AuditPath).ShouldNotContain(typed);
        File.ReadAllText(server.LogPath).ShouldNotContain(typed);
        server.AuditLines().Select(a => a.GetProperty("decision").GetString()).ShouldContain("approved-on-page; secret typed on the page");
    }
}
