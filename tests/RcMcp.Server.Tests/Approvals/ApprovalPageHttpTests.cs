using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using RcMcp.Server.Approvals;

namespace RcMcp.Server.Tests.Approvals;

/// <summary>The approval page over real HTTP: an <see cref="ApprovalListener"/> on 127.0.0.1 and a real HttpClient.</summary>
public sealed partial class ApprovalPageHttpTests : IAsyncLifetime
{
    private const string AliceSecret = "correct horse battery staple";
    private static readonly Lazy<ApproverDirectory> Approvers =
        new(() => ApproverDirectory.FromEntries([("alice", ApproverDirectory.HashSecret(AliceSecret, ApproverDirectory.MinimumIterations))]));

    private readonly TimerClock _clock = new(ApprovalSamples.Start);
    private readonly InMemoryApprovalBook _book;
    private readonly CapturingLoggerProvider _logs = new();
    private ApprovalListener _listener = null!;
    private Uri _base = null!;

    public ApprovalPageHttpTests() => _book = new InMemoryApprovalBook(_clock);

    public Task InitializeAsync() => StartAsync(approvers: null);

    private async Task StartAsync(ApproverDirectory? approvers)
    {
        if (_listener is not null) await _listener.DisposeAsync();
        _listener = new ApprovalListener(_book, _clock, approvers, logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(_logs);
        });
        _base = await _listener.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _listener.DisposeAsync();
        _book.Dispose();
        // Whatever happened in a test, the link's secrets never reached a log line.
        foreach (var line in _logs.Lines)
            foreach (var secret in _secrets)
                line.ShouldNotContain(secret);
    }

    private readonly List<string> _secrets = [];

    private ApprovalRequest Add(ApprovalPreview? preview = null)
    {
        var request = ApprovalSamples.Request(_clock, preview);
        _book.Add(request);
        _secrets.Add(request.Secret);
        return request;
    }

    private static HttpClient Browser() =>
        new(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        { Timeout = TimeSpan.FromSeconds(60) };

    private async Task<(HttpResponseMessage Response, string Body)> GetAsync(HttpClient client, string relative, Action<HttpRequestMessage>? tweak = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(_base, relative));
        tweak?.Invoke(message);
        var response = await client.SendAsync(message);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private Task<(HttpResponseMessage Response, string Body)> OpenAsync(HttpClient client, ApprovalRequest request) =>
        GetAsync(client, ApprovalPage.LinkFor(_base, request).PathAndQuery);

    private async Task<(HttpResponseMessage Response, string Body)> PostAsync(HttpClient client, ApprovalRequest request,
        Dictionary<string, string> fields, Action<HttpRequestMessage>? tweak = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, $"/approvals/{request.Id}/decision"))
        {
            Content = new FormUrlEncodedContent(fields),
        };
        tweak?.Invoke(message);
        var response = await client.SendAsync(message);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Opens the page as the person would and returns the fields of its Approve (or Deny) form.</summary>
    private async Task<Dictionary<string, string>> FormAsync(HttpClient client, ApprovalRequest request, string decision = "approve")
    {
        var (response, body) = await OpenAsync(client, request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return FormFields(body, decision);
    }

    private static Dictionary<string, string> FormFields(string html, string decision)
    {
        var form = FormPattern().Matches(html).Single(m => m.Groups["class"].Value == decision).Value;
        return HiddenPattern().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
    }

    [GeneratedRegex("""<form method="post" action="[^"]+" class="(?<class>\w+)">.*?</form>""", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenPattern();

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static void ShouldHaveSecurityHeaders(HttpResponseMessage response)
    {
        response.Headers.GetValues("Content-Security-Policy").Single()
            .ShouldBe("default-src 'none'; style-src 'self'; img-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("same-origin");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
    }

    [Fact]
    public async Task The_page_shows_every_change_HTML_encoded_with_the_security_headers()
    {
        var request = Add(ApprovalSamples.Preview(
        [
            new FieldChange("memoryLimitInGb", "1", "2"),
            new FieldChange("name", "orders", "<script>alert('pwned')</script>"),
            new FieldChange("alerts", "[\"dataset-size\"]", "[]", Removed: ["dataset-size \"80%\""]),
            new FieldChange("sourceIps", null, null, Added: ["10.0.0.0/24"], Removed: ["0.0.0.0/0"]),
        ]));
        using var client = Browser();
        var (response, body) = await OpenAsync(client, request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("text/html; charset=utf-8");
        ShouldHaveSecurityHeaders(response);
        body.ShouldContain("<strong>memoryLimitInGb</strong>: 1 → 2");
        body.ShouldContain($"<strong>name</strong>: orders → {E("<script>alert('pwned')</script>")}");
        body.ShouldNotContain("<script");
        body.ShouldContain($"<strong>alerts</strong>: {E("[\"dataset-size\"]")} → []");
        body.ShouldContain($"Removed: {E("dataset-size \"80%\"")}");
        body.ShouldContain("<strong>sourceIps</strong>: <ul><li class=\"added\">Added: 10.0.0.0/24</li><li class=\"removed\">Removed: 0.0.0.0/0</li></ul>");
        body.ShouldContain("Update a Pro database");
        body.ShouldContain("<code>update_pro_database</code>");
        body.ShouldContain("<dd>orders-cache</dd><dt>Id</dt><dd>12345</dd><dt>State</dt><dd>active</dd>");
        body.ShouldContain("Nothing is deleted; the database restarts its shards.");
        body.ShouldContain("$0.881/hour");
        body.ShouldContain("PUT https://api.redislabs.com/v1/subscriptions/7/databases/12345\n\n" + E("""{"memoryLimitInGb":2,"password":"[redacted]"}"""));
        body.ShouldContain("expires in 5 min 0 s (at 2026-03-01 12:05:00 UTC)");
        body.ShouldNotContain("<script", Case.Insensitive);
        body.ShouldNotContain("style=", Case.Insensitive);
        response.Headers.GetValues("Set-Cookie").Single().ShouldMatch(
            $"^rcmcp_csrf_{Regex.Escape(request.Id)}=[A-Za-z0-9_-]{{22}}; path=/approvals/{Regex.Escape(request.Id)}; samesite=strict; httponly$");

        _clock.Advance(TimeSpan.FromSeconds(48));
        (await OpenAsync(client, request)).Body.ShouldContain("expires in 4 min 12 s");

        var (css, text) = await GetAsync(client, "/approvals/style.css");
        css.StatusCode.ShouldBe(HttpStatusCode.OK);
        css.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        text.ShouldContain(":focus-visible");
        ShouldHaveSecurityHeaders(css);
        ShouldHaveSecurityHeaders((await GetAsync(client, "/nothing-here")).Response);
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_cookie_or_field_is_forbidden_and_decides_nothing()
    {
        var request = Add();
        using var person = Browser();
        var fields = await FormAsync(person, request);

        using var stranger = Browser(); // has the fields (even k) but not the cookie
        var (noCookie, _) = await PostAsync(stranger, request, fields);
        noCookie.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        ShouldHaveSecurityHeaders(noCookie);

        var (wrongField, _) = await PostAsync(person, request, new(fields) { ["csrf"] = ApprovalRequest.NewKey() });
        wrongField.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var withoutField = new Dictionary<string, string>(fields);
        withoutField.Remove("csrf");
        (await PostAsync(person, request, withoutField)).Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        _book.StateOf(request.Id).ShouldBe(ApprovalState.Pending);
    }

    [Fact]
    public async Task Every_view_gets_a_fresh_anti_forgery_value_and_a_planted_cookie_is_not_taken()
    {
        var request = Add();
        using var client = Browser();
        var older = await FormAsync(client, request);
        var newer = await FormAsync(client, request);
        newer["csrf"].ShouldNotBe(older["csrf"]);
        (await PostAsync(client, request, older)).Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Pending);

        const string planted = "PlantedByAnotherPage_0123";
        using var victim = new HttpClient(new SocketsHttpHandler { UseCookies = false });
        var (page, _) = await GetAsync(victim, ApprovalPage.LinkFor(_base, request).PathAndQuery,
            m => m.Headers.Add("Cookie", $"rcmcp_csrf_{request.Id}={planted}"));
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Headers.GetValues("Set-Cookie").Single().ShouldNotContain(planted);
    }

    [Theory]
    [InlineData("Origin", "http://127.0.0.1:1")]
    [InlineData("Origin", "null")]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task A_post_from_another_origin_is_forbidden_even_with_every_field_and_the_cookie(string header, string value)
    {
        var request = Add();
        using var client = Browser();
        var fields = await FormAsync(client, request);

        var (response, _) = await PostAsync(client, request, fields, m => m.Headers.Add(header, value));
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Pending);

        // The same post from the page's own origin goes through.
        var own = $"http://127.0.0.1:{_base.Port}";
        (await PostAsync(client, request, fields, m => { m.Headers.Add("Origin", own); m.Headers.Add("Sec-Fetch-Site", "same-origin"); }))
            .Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Approved);
    }

    [Fact]
    public async Task A_foreign_Host_header_is_forbidden_on_every_endpoint()
    {
        var request = Add();
        using var client = Browser();
        var fields = await FormAsync(client, request);
        void Rebound(HttpRequestMessage m) => m.Headers.Host = $"attacker.example:{_base.Port}";

        (await GetAsync(client, ApprovalPage.LinkFor(_base, request).PathAndQuery, Rebound)).Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await GetAsync(client, "/approvals/style.css", Rebound)).Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await GetAsync(client, ApprovalPage.LinkFor(_base, request).PathAndQuery, m => m.Headers.Host = "127.0.0.1:1"))
            .Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await PostAsync(client, request, fields, Rebound)).Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Pending);
    }

    [Fact]
    public async Task A_wrong_secret_or_unknown_id_gets_a_404_that_reveals_nothing()
    {
        var request = Add();
        using var client = Browser();
        var (wrong, wrongBody) = await GetAsync(client, $"/approvals/{request.Id}?k={ApprovalRequest.NewKey()}");
        var (unknown, unknownBody) = await GetAsync(client, $"/approvals/{ApprovalRequest.NewKey()}?k={request.Secret}");
        var (noKey, noKeyBody) = await GetAsync(client, $"/approvals/{request.Id}");
        foreach (var (response, body) in new[] { (wrong, wrongBody), (unknown, unknownBody), (noKey, noKeyBody) })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            ShouldHaveSecurityHeaders(response);
            body.ShouldBe(wrongBody);
            body.ShouldNotContain("update_pro_database");
            body.ShouldNotContain("orders-cache");
            response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        }

        var fields = await FormAsync(client, request);
        var (post, _) = await PostAsync(client, request, new(fields) { ["k"] = ApprovalRequest.NewKey() });
        post.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var withoutKey = new Dictionary<string, string>(fields);
        withoutKey.Remove("k");
        (await PostAsync(client, request, withoutKey)).Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Pending);
    }

    [Fact]
    public async Task Approving_works_once_and_a_replayed_post_decides_nothing_more()
    {
        var request = Add();
        using var client = Browser();
        var (opened, openedBody) = await OpenAsync(client, request);
        var cookie = opened.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var approve = FormFields(openedBody, "approve");

        var (first, firstBody) = await PostAsync(client, request, approve);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldHaveSecurityHeaders(first);
        firstBody.ShouldContain("<strong>Approved</strong>: you can close this tab; the assistant continues.");
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Approved);
        _book.DecisionOf(request.Id).ShouldBe(new ApprovalDecision(true, null, ApprovalSamples.Start));

        // The exact request again, cookie and all (as captured on the wire): nothing is decided a second time.
        using var replayer = new HttpClient(new SocketsHttpHandler { UseCookies = false });
        var (replay, replayBody) = await PostAsync(replayer, request, approve, m => m.Headers.Add("Cookie", cookie));
        replay.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        replayBody.ShouldContain("<strong>Already decided</strong>: this change was approved");
        var (flip, _) = await PostAsync(replayer, request, new(approve) { ["decision"] = "deny" }, m => m.Headers.Add("Cookie", cookie));
        flip.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Approved);

        var (page, pageBody) = await OpenAsync(client, request);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        pageBody.ShouldContain("<strong>Already decided</strong>: this change was approved");
        pageBody.ShouldNotContain("<form");
        _book.TakeApproved(request.Id).ShouldNotBeNull();
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Used);
        (await OpenAsync(client, request)).Body.ShouldContain("this change was approved");
    }

    [Fact]
    public async Task A_second_decision_with_a_valid_form_and_cookie_gets_already_decided()
    {
        var request = Add();
        using var first = Browser();
        using var second = Browser();
        var approve = await FormAsync(first, request);
        var deny = await FormAsync(second, request, "deny"); // a second tab opened before the first decided

        (await PostAsync(first, request, approve)).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var (late, lateBody) = await PostAsync(second, request, deny);
        late.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        lateBody.ShouldContain("<strong>Already decided</strong>: this change was approved");
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Approved);
        _book.DecisionOf(request.Id)!.Approved.ShouldBeTrue();
    }

    [Fact]
    public async Task Denying_records_a_denial()
    {
        var request = Add();
        using var client = Browser();
        var (response, body) = await PostAsync(client, request, await FormAsync(client, request, "deny"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.ShouldContain("<strong>Denied</strong>: nothing was sent.");
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Denied);
        _book.TakeApproved(request.Id).ShouldBeNull();
    }

    [Fact]
    public async Task An_expired_approval_cannot_be_approved()
    {
        var request = Add();
        using var client = Browser();
        var fields = await FormAsync(client, request);
        _clock.Advance(TimeSpan.FromMinutes(5));

        var (response, body) = await PostAsync(client, request, fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Gone);
        body.ShouldContain("<strong>Expired</strong>");
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Expired);
        _book.TakeApproved(request.Id).ShouldBeNull();
        var (page, pageBody) = await OpenAsync(client, request);
        pageBody.ShouldContain("<strong>Expired</strong>");
        pageBody.ShouldNotContain("<form");
    }

    [Fact]
    public async Task A_GET_never_changes_anything()
    {
        var request = Add();
        using var client = Browser();
        var fields = await FormAsync(client, request);
        var query = string.Join("&", fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}"));
        for (var i = 0; i < 3; i++)
        {
            (await GetAsync(client, $"/approvals/{request.Id}?{query}")).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await GetAsync(client, $"/approvals/{request.Id}/decision?{query}")).Response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        }
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Pending);
    }

    [Fact]
    public async Task Approvers_decide_with_their_name_and_secret_and_a_wrong_secret_is_refused()
    {
        await StartAsync(Approvers.Value);
        var request = Add();
        using var client = Browser();
        var (page, body) = await GetAsync(client, ApprovalPage.ApproverLinkFor(_base, request).PathAndQuery);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.ShouldContain("<label for=\"approve-approver\">Approver name</label>");
        body.ShouldContain("<label for=\"approve-approver-secret\">Approver secret</label>");
        body.ShouldNotContain("name=\"k\"");
        var fields = FormFields(body, "approve");

        foreach (var (name, secret) in new[] { ("alice", "wrong"), ("bob", AliceSecret), ("alice", ""), (AliceSecret, "typed into the wrong field") })
        {
            var (refused, refusedBody) = await PostAsync(client, request, new(fields) { ["approver"] = name, ["approverSecret"] = secret });
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            refusedBody.ShouldContain("approver name or secret is wrong");
            _book.StateOf(request.Id).ShouldBe(ApprovalState.Pending);
        }

        var (ok, _) = await PostAsync(client, request, new(fields) { ["approver"] = "alice", ["approverSecret"] = AliceSecret });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        _book.StateOf(request.Id).ShouldBe(ApprovalState.Approved);
        _book.DecisionOf(request.Id)!.DecidedBy.ShouldBe("alice");
        (await OpenAsync(client, request)).Body.ShouldContain("approved at 2026-03-01 12:00:00 UTC by alice");

        // With approvers configured, the secret link still proves the right to decide.
        var linked = Add();
        var linkFields = await FormAsync(client, linked, "deny");
        (await PostAsync(client, linked, linkFields)).Response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _book.DecisionOf(linked.Id)!.DecidedBy.ShouldBeNull();
        _logs.Lines.ShouldNotContain(l => l.Contains(AliceSecret));
    }

    [Fact]
    public async Task A_typed_secret_reaches_only_TakeApproved()
    {
        const string typed = "Typed-On-The-Page-9f3k";
        var request = Add(ApprovalSamples.Preview(secretInputs: ["password"]));
        using var client = Browser();
        var (page, body) = await OpenAsync(client, request);
        body.ShouldContain("<input type=\"password\" id=\"approve-secret-password\" name=\"secret.password\" autocomplete=\"new-password\">");
        body.ShouldContain("<label for=\"approve-secret-password\">");
        FormFields(body, "deny").Keys.ShouldNotContain("secret.password");

        var (response, responseBody) = await PostAsync(client, request, new(FormFields(body, "approve")) { ["secret.password"] = typed, ["secret.other"] = "not asked for" });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        responseBody.ShouldNotContain(typed);
        (await OpenAsync(client, request)).Body.ShouldNotContain(typed);

        var secrets = _book.TakeApproved(request.Id).ShouldNotBeNull();
        secrets.ShouldBe(new Dictionary<string, string> { ["password"] = typed });
        _book.TakeApproved(request.Id).ShouldBeNull();
        _logs.Lines.ShouldNotContain(l => l.Contains(typed));
    }

    [Fact]
    public async Task The_link_secret_never_reaches_a_log_even_at_trace_level()
    {
        var request = Add();
        using var client = Browser();
        await PostAsync(client, request, await FormAsync(client, request));
        await GetAsync(client, $"/approvals/{request.Id}?k={request.Secret}&x=1");
        _logs.Lines.ShouldContain(l => l.Contains(request.Id)); // the decision is logged, by id
        _logs.Lines.ShouldNotContain(l => l.Contains(request.Secret));
    }
}
