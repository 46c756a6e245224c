using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RcMcp.Server.Approvals;

/// <summary>How the approval page decides who may see and decide an approval.</summary>
public sealed class ApprovalPageOptions
{
    /// <summary>
    /// Whether a request's Host header names this server (DNS-rebinding protection): the listener allows only its own
    /// loopback host:port. Required.
    /// </summary>
    public required Func<HostString, bool> IsAllowedHost { get; init; }

    /// <summary>Named approvers who may decide with their name and secret (team mode), or null.</summary>
    public ApproverDirectory? Approvers { get; init; }

    /// <summary>Whether the secret link (<c>?k=</c>) proves the right to decide. On by default.</summary>
    public bool AcceptLinkSecret { get; init; } = true;

    public ILogger Log { get; init; } = NullLogger.Instance;
}

/// <summary>
/// The page where a person approves or denies one change: <c>GET /approvals/{id}?k={secret}</c> shows what will
/// happen (before → after per field, what is lost, the price, the exact request, the time left) with Approve and Deny
/// as two plain HTML forms (no JavaScript at all); <c>POST /approvals/{id}/decision</c> records the decision after
/// checking, in order: the Host header (DNS rebinding), the Origin and Sec-Fetch-Site headers (cross-site posts), the
/// anti-forgery field against its SameSite=Strict cookie, then the link's secret or an approver's name and secret.
/// A GET never changes anything. Every value shown is HTML-encoded; every response carries a strict CSP and no-store.
/// The link's secret is never written to a log (see <see cref="QuietRequestLogging"/>).
/// </summary>
public sealed class ApprovalPage(IApprovalBook book, TimeProvider time, ApprovalPageOptions options)
{
    public const string Prefix = "/approvals";
    public const string CsrfCookiePrefix = "rcmcp_csrf_";
    public const string SecretFieldPrefix = "secret.";

    /// <summary>The page's address for a person holding the link's secret.</summary>
    public static Uri LinkFor(Uri baseAddress, ApprovalRequest request) =>
        new(baseAddress, $"{Prefix}/{Uri.EscapeDataString(request.Id)}?k={Uri.EscapeDataString(request.Secret)}");

    /// <summary>The page's address for named approvers (no secret in it: safe to show to the model or a chat).</summary>
    public static Uri ApproverLinkFor(Uri baseAddress, ApprovalRequest request) =>
        new(baseAddress, $"{Prefix}/{Uri.EscapeDataString(request.Id)}");

    /// <summary>
    /// Keeps ASP.NET Core's own request logging (which writes the URL with its query string, hence the link's secret)
    /// below Warning. Call it on the logging builder of any app that maps the page.
    /// </summary>
    public static void QuietRequestLogging(ILoggingBuilder logging)
    {
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Warning);
    }

    /// <summary>Maps <c>GET /approvals/style.css</c>, <c>GET /approvals/{id}</c>, <c>POST /approvals/{id}/decision</c>.</summary>
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Prefix + "/style.css", StyleAsync);
        endpoints.MapGet(Prefix + "/{id}", ShowAsync);
        endpoints.MapPost(Prefix + "/{id}/decision", DecideAsync);
    }

    /// <summary>The headers every response of the page carries.</summary>
    public static void ApplySecurityHeaders(HttpResponse response)
    {
        var h = response.Headers;
        h.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        h.XContentTypeOptions = "nosniff";
        // same-origin, not no-referrer: under no-referrer browsers send "Origin: null" with the page's own form posts,
        // which would defeat the Origin check. The page links to no other origin, so the link's secret never leaves it.
        h["Referrer-Policy"] = "same-origin";
        h.CacheControl = "no-store";
        h.XFrameOptions = "DENY";
    }

    private Task StyleAsync(HttpContext context)
    {
        ApplySecurityHeaders(context.Response);
        if (!options.IsAllowedHost(context.Request.Host)) return ForbiddenAsync(context, "This address is not this server's.");
        context.Response.ContentType = "text/css; charset=utf-8";
        return context.Response.WriteAsync(Css);
    }

    private Task ShowAsync(HttpContext context)
    {
        ApplySecurityHeaders(context.Response);
        if (!options.IsAllowedHost(context.Request.Host)) return ForbiddenAsync(context, "This address is not this server's.");

        var id = context.Request.RouteValues["id"] as string ?? "";
        var request = book.Find(id);
        var k = context.Request.Query["k"].ToString();
        var linkMode = k.Length > 0;
        if (request is null || (linkMode ? !options.AcceptLinkSecret || !request.SecretMatches(k) : options.Approvers is null))
            return NotFoundAsync(context);

        var state = book.StateOf(id);
        if (state != ApprovalState.Pending) return WriteAsync(context, 200, "Approval", StateMessage(id, state));

        // A fresh anti-forgery value on every view (never one the browser brings: no fixation by a planted cookie);
        // a form from an older view of the page is then refused with "open the approval link again".
        var csrf = ApprovalRequest.NewKey();
        context.Response.Cookies.Append(CsrfCookieName(id), csrf, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Path = $"{Prefix}/{id}", Secure = context.Request.IsHttps, IsEssential = true,
        });
        return WriteAsync(context, 200, "Approve: " + request.Title, RenderPending(request, linkMode ? k : null, csrf));
    }

    private async Task DecideAsync(HttpContext context)
    {
        ApplySecurityHeaders(context.Response);
        var http = context.Request;
        if (!options.IsAllowedHost(http.Host)) { await ForbiddenAsync(context, "This address is not this server's."); return; }

        var ownOrigin = $"{http.Scheme}://{http.Host.Value}";
        if (http.Headers.Origin.ToString() is { Length: > 0 } origin && !string.Equals(origin, ownOrigin, StringComparison.OrdinalIgnoreCase))
        {
            await ForbiddenAsync(context, "The decision was not sent from the approval page itself.");
            return;
        }
        if (http.Headers["Sec-Fetch-Site"].ToString() is { Length: > 0 } site && site != "same-origin")
        {
            await ForbiddenAsync(context, "The decision was not sent from the approval page itself.");
            return;
        }
        if (!http.HasFormContentType) { await WriteAsync(context, 400, "Bad request", Paragraph("Send the form of the approval page.")); return; }

        var id = http.RouteValues["id"] as string ?? "";
        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            await WriteAsync(context, 400, "Bad request", Paragraph("Send the form of the approval page."));
            return;
        }
        var cookie = http.Cookies[CsrfCookieName(id)];
        if (string.IsNullOrEmpty(cookie) || !SecretMatches(form["csrf"].ToString(), cookie))
        {
            await ForbiddenAsync(context, "This form is out of date or was not sent by the approval page. Open the approval link again.");
            return;
        }

        var request = book.Find(id);
        if (request is null) { await NotFoundAsync(context); return; }

        string? decidedBy = null;
        var k = form["k"].ToString();
        var approverName = form["approver"].ToString().Trim();
        var approverSecret = form["approverSecret"].ToString();
        var byLink = options.AcceptLinkSecret && k.Length > 0 && request.SecretMatches(k);
        if (!byLink)
        {
            if (options.Approvers is null || approverName.Length == 0)
            {
                await NotFoundAsync(context);
                return;
            }
            if (!options.Approvers.Verify(approverName, approverSecret))
            {
                // Not even the name typed is logged: a secret typed into the name field would land in the log.
                options.Log.LogWarning("Approval {Id}: wrong approver name or secret", id);
                await ForbiddenAsync(context, "The approver name or secret is wrong. Go back, check them and try again.");
                return;
            }
            decidedBy = approverName;
        }

        var decision = form["decision"].ToString();
        if (decision is not ("approve" or "deny"))
        {
            await WriteAsync(context, 400, "Bad request", Paragraph("Choose Approve or Deny."));
            return;
        }
        var approve = decision == "approve";
        Dictionary<string, string>? typed = null;
        if (approve)
            foreach (var name in request.Preview.SecretInputs)
                if (form[SecretFieldPrefix + name].ToString() is { Length: > 0 } value) (typed ??= new(StringComparer.Ordinal))[name] = value;

        var outcome = book.Decide(id, approve, decidedBy, typed);
        context.Response.Cookies.Delete(CsrfCookieName(id), new CookieOptions { Path = $"{Prefix}/{id}", HttpOnly = true, SameSite = SameSiteMode.Strict });
        switch (outcome)
        {
            case DecideOutcome.Decided:
                options.Log.LogInformation("Approval {Id} for {Tool}: {Decision} by {Approver}", id, request.Tool,
                    approve ? "approved" : "denied", decidedBy ?? "the holder of the approval link");
                await WriteAsync(context, 200, approve ? "Approved" : "Denied", approve
                    ? Paragraph("<strong>Approved</strong>: you can close this tab; the assistant continues.")
                    : Paragraph("<strong>Denied</strong>: nothing was sent."));
                break;
            case DecideOutcome.AlreadyDecided:
                await WriteAsync(context, 409, "Already decided", StateMessage(id, book.StateOf(id)));
                break;
            case DecideOutcome.Expired:
                await WriteAsync(context, 410, "Expired", StateMessage(id, ApprovalState.Expired));
                break;
            default:
                await NotFoundAsync(context);
                break;
        }
    }

    private static string CsrfCookieName(string id) => CsrfCookiePrefix + id;

    /// <summary>Constant-time comparison (of SHA-256 digests, so the length of the expected value does not leak).</summary>
    private static bool SecretMatches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private string StateMessage(string id, ApprovalState state)
    {
        var decision = book.DecisionOf(id);
        var when = decision is null ? "" : $" at {E(Utc(decision.DecidedAt))}";
        var by = decision?.DecidedBy is { } who ? $" by {E(who)}" : "";
        return state switch
        {
            ApprovalState.Approved or ApprovalState.Used =>
                Paragraph($"<strong>Already decided</strong>: this change was approved{when}{by}. Nothing more to do here."),
            ApprovalState.Denied => Paragraph($"<strong>Already decided</strong>: this change was denied{when}{by}. Nothing was sent."),
            ApprovalState.Expired => Paragraph("<strong>Expired</strong>: this approval expired before a decision; nothing was sent. " +
                                               "Ask the assistant to try again if you still want the change."),
            _ => Paragraph("Nothing to decide here."),
        };
    }

    private string RenderPending(ApprovalRequest request, string? k, string csrf)
    {
        var p = request.Preview;
        var html = new StringBuilder();
        html.Append("<h1>Approve this change?</h1>\n");
        html.Append("<p class=\"lead\">An assistant asks to run <strong>").Append(E(request.Title)).Append("</strong> (<code>")
            .Append(E(request.Tool)).Append("</code>). Nothing is sent unless you approve.</p>\n");

        if (p.Target is { } target)
        {
            html.Append("<section aria-labelledby=\"h-target\"><h2 id=\"h-target\">Target</h2>\n<dl>");
            html.Append("<dt>Name</dt><dd>").Append(E(target.Name ?? "(none)")).Append("</dd>");
            html.Append("<dt>Id</dt><dd>").Append(E(target.Id ?? "(none)")).Append("</dd>");
            html.Append("<dt>State</dt><dd>").Append(E(target.State ?? "(unknown)")).Append("</dd></dl></section>\n");
        }

        html.Append("<section aria-labelledby=\"h-changes\"><h2 id=\"h-changes\">What changes</h2>\n");
        if (p.Changes.Count == 0) html.Append("<p>No field changes.</p>\n");
        else
        {
            html.Append("<ul class=\"changes\">\n");
            foreach (var change in p.Changes)
            {
                html.Append("<li><strong>").Append(E(change.Field)).Append("</strong>: ");
                var lists = change.Added is { Count: > 0 } || change.Removed is { Count: > 0 };
                if (!lists || change.Before is not null || change.After is not null)
                    html.Append(E(change.Before ?? "(none)")).Append(" → ").Append(E(change.After ?? "(none)"));
                if (lists)
                {
                    html.Append("<ul>");
                    foreach (var added in change.Added ?? []) html.Append("<li class=\"added\">Added: ").Append(E(added)).Append("</li>");
                    foreach (var removed in change.Removed ?? []) html.Append("<li class=\"removed\">Removed: ").Append(E(removed)).Append("</li>");
                    html.Append("</ul>");
                }
                html.Append("</li>\n");
            }
            html.Append("</ul>\n");
        }
        html.Append("</section>\n");

        if (p.Lost is { Length: > 0 } lost)
            html.Append("<section class=\"lost\" aria-labelledby=\"h-lost\"><h2 id=\"h-lost\">What is lost</h2><p>").Append(E(lost)).Append("</p></section>\n");
        if (p.Price is { Length: > 0 } price)
            html.Append("<section aria-labelledby=\"h-price\"><h2 id=\"h-price\">Price</h2><p>").Append(E(price)).Append("</p></section>\n");

        html.Append("<section aria-labelledby=\"h-request\"><h2 id=\"h-request\">The exact request</h2><pre><code>")
            .Append(E(p.Request.Method)).Append(' ').Append(E(p.Request.Url));
        if (p.Request.Body is { Length: > 0 } body) html.Append("\n\n").Append(E(body));
        html.Append("</code></pre></section>\n");

        var left = request.ExpiresAt - time.GetUtcNow();
        if (left < TimeSpan.Zero) left = TimeSpan.Zero;
        html.Append("<p class=\"time\">This approval expires in ").Append(E(Duration(left))).Append(" (at ")
            .Append(E(Utc(request.ExpiresAt))).Append("). After that, nothing is sent.</p>\n");

        var action = E($"{Prefix}/{request.Id}/decision");
        html.Append("<div class=\"decide\">\n");
        AppendForm(html, request, action, "approve", k, csrf);
        AppendForm(html, request, action, "deny", k, csrf);
        html.Append("</div>\n");
        return html.ToString();
    }

    private void AppendForm(StringBuilder html, ApprovalRequest request, string action, string decision, string? k, string csrf)
    {
        var approve = decision == "approve";
        html.Append("<form method=\"post\" action=\"").Append(action).Append("\" class=\"").Append(decision).Append("\">\n");
        html.Append("<input type=\"hidden\" name=\"decision\" value=\"").Append(decision).Append("\">");
        html.Append("<input type=\"hidden\" name=\"csrf\" value=\"").Append(E(csrf)).Append("\">");
        if (k is not null) html.Append("<input type=\"hidden\" name=\"k\" value=\"").Append(E(k)).Append("\">");
        html.Append('\n');
        if (approve)
            foreach (var name in request.Preview.SecretInputs)
            {
                var field = E($"{decision}-secret-{name}");
                html.Append("<p><label for=\"").Append(field).Append("\">New value for <code>").Append(E(name))
                    .Append("</code> (optional: typed here, it never reaches the assistant)</label><input type=\"password\" id=\"")
                    .Append(field).Append("\" name=\"").Append(E(SecretFieldPrefix + name)).Append("\" autocomplete=\"new-password\"></p>\n");
            }
        if (k is null)
        {
            html.Append("<fieldset><legend>").Append(approve ? "Approve as" : "Deny as").Append("</legend>\n");
            html.Append("<p><label for=\"").Append(decision).Append("-approver\">Approver name</label><input type=\"text\" id=\"")
                .Append(decision).Append("-approver\" name=\"approver\" autocomplete=\"username\" required></p>\n");
            html.Append("<p><label for=\"").Append(decision).Append("-approver-secret\">Approver secret</label><input type=\"password\" id=\"")
                .Append(decision).Append("-approver-secret\" name=\"approverSecret\" autocomplete=\"current-password\" required></p>\n");
            html.Append("</fieldset>\n");
        }
        html.Append("<button type=\"submit\">").Append(approve ? "Approve" : "Deny").Append("</button>\n</form>\n");
    }

    private static string Duration(TimeSpan left)
    {
        var total = (long)Math.Floor(left.TotalSeconds);
        var minutes = total / 60;
        var seconds = total % 60;
        return minutes > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{minutes} min {seconds} s")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds} s");
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string E(string? text) => System.Net.WebUtility.HtmlEncode(text ?? "");

    private static string Paragraph(string html) => $"<p class=\"outcome\">{html}</p>\n";

    private static Task NotFoundAsync(HttpContext context) =>
        WriteAsync(context, 404, "Not found", Paragraph("There is no approval here. The link may be wrong or too old."));

    private static Task ForbiddenAsync(HttpContext context, string message) =>
        WriteAsync(context, 403, "Forbidden", Paragraph(E(message)));

    private static Task WriteAsync(HttpContext context, int status, string title, string bodyHtml)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        var page = new StringBuilder();
        page.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append(" · RcMcp</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(Prefix).Append("/style.css\">\n</head>\n<body>\n<main>\n")
            .Append(bodyHtml)
            .Append("</main>\n</body>\n</html>\n");
        return context.Response.WriteAsync(page.ToString());
    }

    private const string Css = """
        :root { color-scheme: light; }
        body { margin: 0; background: #ffffff; color: #111111; font: 1.05rem/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
        main { max-width: 48rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
        h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
        h2 { font-size: 1.15rem; margin: 1.5rem 0 .4rem; border-bottom: 1px solid #767676; }
        code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
        pre { background: #f2f2f2; border: 1px solid #767676; padding: .75rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
        dt { font-weight: 700; }
        dd { margin: 0; }
        .changes li { margin: .2rem 0; }
        .added { color: #0b5d1e; }
        .removed, .lost p { color: #9b1111; }
        .lost p { font-weight: 700; }
        .time { margin-top: 1.5rem; font-weight: 700; }
        .decide { display: flex; flex-wrap: wrap; gap: 1.5rem; margin-top: 1rem; align-items: flex-start; }
        form { border: 1px solid #767676; padding: 1rem; min-width: 16rem; }
        fieldset { border: 1px solid #767676; margin: 0 0 1rem; }
        label { display: block; font-weight: 600; margin-bottom: .2rem; }
        input[type=text], input[type=password] { font: inherit; padding: .4rem; border: 2px solid #111111; width: 100%; box-sizing: border-box; }
        button { font: inherit; font-weight: 700; padding: .6rem 1.4rem; border: 2px solid #111111; cursor: pointer; }
        form.approve button { background: #0b5d1e; color: #ffffff; }
        form.deny button { background: #ffffff; color: #111111; }
        :focus-visible { outline: 3px solid #1a4fd6; outline-offset: 3px; }
        .outcome { font-size: 1.2rem; }
        """;
}
