using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using RcMcp.Server.Approvals;
using static Microsoft.Playwright.Assertions;

namespace RcMcp.BrowserTests;

/// <summary>
/// The approval page as a person meets it: Debian's Chromium, headless, driven by Playwright, against an
/// <see cref="ApprovalListener"/> on 127.0.0.1. Every wait is for an event (page text, the book's state) with a
/// 60-second cap; none is a fixed sleep.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class ApprovalPageBrowserTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(60);
    private readonly ManualTime _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private InMemoryApprovalBook _book = null!;
    private ApprovalListener _listener = null!;
    private Uri _base = null!;
    private IBrowserContext _context = null!;

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout((float)Cap.TotalMilliseconds);
        _book = new InMemoryApprovalBook(_clock);
        _listener = new ApprovalListener(_book, _clock);
        _base = await _listener.StartAsync();
        _context = await chromium.Browser.NewContextAsync();
        _context.SetDefaultTimeout((float)Cap.TotalMilliseconds);
        _context.SetDefaultNavigationTimeout((float)Cap.TotalMilliseconds);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _listener.DisposeAsync();
        _book.Dispose();
    }

    private ApprovalRequest Add()
    {
        var request = ApprovalRequest.Create("update_pro_database", "Update a Pro database", "keys:ab12", "digest:cd34", "policy:ef56",
            new ApprovalPreview(
                new ApprovalTarget("orders-cache", "12345", "active"),
                [
                    new FieldChange("memoryLimitInGb", "1", "2"),
                    new FieldChange("name", "orders", "<script>document.title='pwned'</script>"),
                    new FieldChange("sourceIps", null, null, Added: ["10.0.0.0/24"], Removed: ["0.0.0.0/0"]),
                ],
                "Nothing is deleted; the database restarts its shards.",
                "$0.881/hour",
                new PreviewRequest("PUT", "https://api.redislabs.com/v1/subscriptions/7/databases/12345", """{"memoryLimitInGb":2}"""),
                []),
            _clock, TimeSpan.FromMinutes(5));
        _book.Add(request);
        return request;
    }

    private async Task<IPage> OpenAsync(ApprovalRequest request)
    {
        var page = await _context.NewPageAsync();
        var response = await page.GotoAsync(ApprovalPage.LinkFor(_base, request).AbsoluteUri);
        response!.Status.ShouldBe(200);
        return page;
    }

    /// <summary>Moves the focus with Tab, as a keyboard user would, until the named button has it.</summary>
    private static async Task TabToAsync(IPage page, string button)
    {
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.Locator("button:focus").CountAsync() == 1 && (await page.Locator("button:focus").InnerTextAsync()).Trim() == button) return;
        }
        throw new InvalidOperationException($"Tab never reached the {button} button.");
    }

    private async Task<ApprovalState> LeftPendingAsync(ApprovalRequest request) => await _book.WaitAsync(request.Id, CancellationToken.None).WaitAsync(Cap);

    [Fact]
    public async Task A_person_sees_the_changes_and_approves_with_the_keyboard()
    {
        var request = Add();
        var page = await OpenAsync(request);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approve this change?" })).ToBeVisibleAsync();
        await Expect(page.Locator("li", new() { HasText = "memoryLimitInGb: 1 → 2" })).ToBeVisibleAsync();
        await Expect(page.Locator("li", new() { HasText = "name: orders → <script>document.title='pwned'</script>" })).ToBeVisibleAsync();
        await Expect(page.Locator("li.added")).ToHaveTextAsync("Added: 10.0.0.0/24");
        await Expect(page.Locator("li.removed")).ToHaveTextAsync("Removed: 0.0.0.0/0");
        await Expect(page.GetByText("This approval expires in 5 min 0 s (at 2026-03-01 12:05:00 UTC)")).ToBeVisibleAsync();
        (await page.TitleAsync()).ShouldNotBe("pwned");
        // The stylesheet loaded under the page's CSP: the Approve button has its colours.
        (await page.Locator("form.approve button").EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor")).ShouldBe("rgb(11, 93, 30)");
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Pending);
        if (Environment.GetEnvironmentVariable("RCMCP_SCREENSHOT_DIR") is { Length: > 0 } shots) // to look at the page by eye
            await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "approval-page.png"), FullPage = true });

        await TabToAsync(page, "Approve");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByText("Approved: you can close this tab; the assistant continues.")).ToBeVisibleAsync();
        (await LeftPendingAsync(request)).ShouldBe(ApprovalState.Approved);

        // Opening the link again after the decision says so, and offers no form.
        await page.GotoAsync(ApprovalPage.LinkFor(_base, request).AbsoluteUri);
        await Expect(page.GetByText("Already decided: this change was approved")).ToBeVisibleAsync();
        await Expect(page.Locator("form")).ToHaveCountAsync(0);
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Approved);
    }

    [Fact]
    public async Task A_person_denies_with_the_keyboard_and_a_reload_says_already_decided()
    {
        var request = Add();
        var page = await OpenAsync(request);
        await TabToAsync(page, "Deny");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByText("Denied: nothing was sent.")).ToBeVisibleAsync();
        (await LeftPendingAsync(request)).ShouldBe(ApprovalState.Denied);

        await page.GotoAsync(ApprovalPage.LinkFor(_base, request).AbsoluteUri);
        await page.ReloadAsync();
        await Expect(page.GetByText("Already decided: this change was denied")).ToBeVisibleAsync();
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Denied);
    }

    [Fact]
    public async Task Approving_an_expired_page_approves_nothing()
    {
        var request = Add();
        var page = await OpenAsync(request);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToBeVisibleAsync();
        _clock.Advance(TimeSpan.FromMinutes(5));

        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.GetByText("Expired: this approval expired before a decision; nothing was sent.")).ToBeVisibleAsync();
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Expired);
        _book.TakeApproved(request.Id).ShouldBeNull();
    }

    [Fact]
    public async Task A_form_posted_from_another_origin_approves_nothing_even_with_the_right_fields()
    {
        var request = Add();
        var page = await OpenAsync(request);
        // Worst case: the other page knows every field (even the anti-forgery value and the link's secret), and the
        // browser sends the SameSite=Strict cookie along (another port of 127.0.0.1 is the same site).
        var csrf = await page.Locator("form.approve input[name=csrf]").GetAttributeAsync("value");
        csrf.ShouldNotBeNullOrEmpty();

        await using var attacker = await AttackerSite.StartAsync(new Uri(_base, $"/approvals/{request.Id}/decision"),
            new Dictionary<string, string> { ["decision"] = "approve", ["csrf"] = csrf, ["k"] = request.Secret });
        attacker.Origin.ShouldNotBe($"http://127.0.0.1:{_base.Port}");

        var other = await _context.NewPageAsync();
        await other.GotoAsync(attacker.Page.AbsoluteUri);
        await Expect(other.GetByText("The decision was not sent from the approval page itself.")).ToBeVisibleAsync();
        other.Url.ShouldBe(new Uri(_base, $"/approvals/{request.Id}/decision").AbsoluteUri);
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Pending);

        // The person's own page still works afterwards.
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        (await LeftPendingAsync(request)).ShouldBe(ApprovalState.Approved);
    }

    /// <summary>A page on another 127.0.0.1 port (another origin) whose form posts itself to the decision URL.</summary>
    private sealed class AttackerSite : IAsyncDisposable
    {
        private WebApplication _app = null!;
        public Uri Page { get; private set; } = null!;
        public string Origin { get; private set; } = "";

        public static async Task<AttackerSite> StartAsync(Uri target, Dictionary<string, string> fields)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var inputs = string.Concat(fields.Select(f => $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(f.Key)}\" value=\"{WebUtility.HtmlEncode(f.Value)}\">"));
            var html = $"<!doctype html><html><body><form method=\"post\" action=\"{WebUtility.HtmlEncode(target.AbsoluteUri)}\">{inputs}</form>" +
                       "<script>document.forms[0].submit()</script></body></html>";
            app.MapGet("/win-a-prize", (HttpContext context) =>
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                return context.Response.WriteAsync(html);
            });
            await app.StartAsync();
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return new AttackerSite { _app = app, Page = new Uri($"http://127.0.0.1:{address.Port}/win-a-prize"), Origin = $"http://127.0.0.1:{address.Port}" };
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
