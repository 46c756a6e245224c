using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Server.Hosting;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Approvals;

/// <summary>Where the approval page is served: its base address (http://127.0.0.1:port/ in stdio mode, the server's
/// own address over HTTP), started on first use.</summary>
public sealed class ApprovalSite(Func<CancellationToken, Task<Uri>> baseAddress)
{
    public Task<Uri> BaseAsync(CancellationToken ct) => baseAddress(ct);
}

/// <summary>How a person was reached for one approval (telemetry writes the member's name in lower case).</summary>
public enum ApprovalChannel
{
    /// <summary>There was no way to ask.</summary>
    None,
    /// <summary>The client opened the approval page (URL elicitation).</summary>
    Url,
    /// <summary>The server opened the approval page for the person.</summary>
    Opener,
    /// <summary>Named approvers sign in on the page.</summary>
    Approvers,
    /// <summary>A form in the client (form elicitation, or its multi-round-trip answer).</summary>
    Form,
    /// <summary>A pending approval looked up again on the page.</summary>
    Page,
    /// <summary>A confirmation token held by the caller.</summary>
    Token,
    /// <summary>Confirmation skipped (--dangerously-skip-confirmation).</summary>
    Skipped,
}

/// <summary>
/// The approval page's channels, after form elicitation: URL-mode elicitation when the client declares it (the client
/// opens the page for the person), else the page opened by the server itself (--approval-opener or the desktop's
/// opener), else named approvers over HTTP (the result carries the link without its secret). The model never holds
/// the link's secret. While the decision is pending the call waits, with progress, up to the wait_for_task bound, then
/// answers resumably: the same call again keeps waiting on the same approval. An approval authorises exactly the call
/// it was made for (caller, tool, canonical arguments, policy), once.
/// </summary>
public sealed class ApprovalChannels(
    ServerOptions options,
    IApprovalBook book,
    ApprovalSite site,
    ApprovalOpener? opener,
    ApproverDirectory? approvers,
    TimeProvider time,
    ILogger<ApprovalChannels> logger)
{
    private readonly ConcurrentDictionary<string, string> _byCall = new(StringComparer.Ordinal);
    private static readonly Uri Probe = new("http://127.0.0.1/");

    /// <summary>The named approvers (--approvers), or null.</summary>
    public ApproverDirectory? Approvers => approvers;

    /// <summary>How long a page approval stays open (the confirmation lifetime, at least a minute).</summary>
    public TimeSpan Lifetime => options.ConfirmationTokenLifetime < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : options.ConfirmationTokenLifetime;

    private TimeSpan WaitBound => TimeSpan.FromSeconds(options.WaitTimeoutSeconds);

    /// <summary>Whether some page channel can reach a person for this client.</summary>
    public bool CanReach(bool clientOpensUrls) =>
        !options.RequireElicitation && (clientOpensUrls || opener?.CommandFor(Probe) is not null || approvers is not null)
        || options.RequireElicitation && clientOpensUrls;

    /// <summary>
    /// Null when the person approved this exact call (the approval is used up); else the result to give: declined,
    /// expired, or still waiting (resumable).
    /// </summary>
    public async Task<CallToolResult?> ApproveAsync(RequestContext<CallToolRequestParams> context, CallState state, JsonObject preview,
        string callKey, bool clientOpensUrls, CancellationToken ct)
    {
        var spec = state.Spec;
        var key = callKey + "|" + options.PolicyKey;
        state.Channel = ApprovalChannel.Page;

        ApprovalRequest? request = null;
        // This process's memory first, then the book's (shared by the instances of a fleet: the same call on another
        // instance, or after the one it waited on stopped, keeps waiting on the same approval).
        var existing = _byCall.TryGetValue(key, out var mine) ? mine : book.ForCall(key);
        if (existing is not null && book.Find(existing) is { } known && known.CallDigest == callKey &&
            known.Principal == state.Principal && known.PolicyKey == options.PolicyKey)
        {
            switch (book.StateOf(existing))
            {
                case ApprovalState.Approved:
                case ApprovalState.Denied:
                    return Finish(state, known, book.StateOf(existing));
                case ApprovalState.Pending:
                    request = known;
                    break;
            }
        }

        var channel = ApprovalChannel.None;
        if (request is null)
        {
            request = ApprovalRequest.Create(spec.Name, spec.Title, state.Principal, callKey, options.PolicyKey, PreviewOf(preview, SecretInputs(spec)), time, Lifetime);
            book.Add(request);
            _byCall[key] = request.Id;
            (channel, var whyNot) = await DeliverAsync(context, request, clientOpensUrls, ct).ConfigureAwait(false);
            state.Channel = channel;
            if (channel == ApprovalChannel.None)
            {
                book.Decide(request.Id, approve: false, "(no channel)", null);
                _byCall.TryRemove(key, out _);
                state.Decision = GateDecision.RefusedNoApprovalChannel;
                return ToolResults.Error(ErrorCodes.ConfirmationRequired,
                    $"{spec.Name} needs a person's approval, and the approval page could not be shown to them: {whyNot}. " +
                    "Nothing was sent. Tell the person, or let them make the change in the Redis Cloud console.");
            }
            book.RememberCall(key, request.Id, request.ExpiresAt);
            state.Decision = GateDecisions.Requested(channel);
            if (channel == ApprovalChannel.Url && book.StateOf(request.Id) == ApprovalState.Denied) return Finish(state, request, ApprovalState.Denied);
        }

        var outcome = await WaitAsync(context, request, ct).ConfigureAwait(false);
        if (outcome is ApprovalState.Approved or ApprovalState.Denied or ApprovalState.Expired) return Finish(state, request, outcome);

        // Still pending: a resumable answer, without the link's secret.
        state.Decision = GateDecision.ApprovalPending;
        var link = approvers is not null && channel != ApprovalChannel.Opener && channel != ApprovalChannel.Url
            ? ApprovalPage.ApproverLinkFor(await site.BaseAsync(ct).ConfigureAwait(false), request).ToString()
            : null;
        return ToolResults.Json(new JsonObject
        {
            ["approvalPending"] = true,
            ["approvalId"] = request.Id,
            ["expiresAt"] = request.ExpiresAt.ToString("O"),
            ["approvalPage"] = link,
            ["preview"] = preview.DeepClone(),
            ["next"] =
                $"Nothing was sent. The person has not decided yet on the approval page{(link is null ? " (opened for them)" : $" ({link}, where an approver signs in)")}; " +
                $"tell them what it shows and that it expires at {request.ExpiresAt:HH:mm:ss} UTC. Then call {spec.Name} again with exactly the same arguments " +
                "to keep waiting for their decision. You cannot approve it yourself.",
        });
    }

    /// <summary>Turns a decided approval into the call's outcome (taking it once when approved).</summary>
    private CallToolResult? Finish(CallState state, ApprovalRequest request, ApprovalState outcome)
    {
        var decision = book.DecisionOf(request.Id);
        switch (outcome)
        {
            case ApprovalState.Approved when book.TakeApproved(request.Id) is { } secrets:
                state.Decision = GateDecision.ApprovedOnPage;
                state.DecidedBy = decision?.DecidedBy;
                if (secrets.Count > 0 && WithTypedSecrets(state, secrets) is { } invalid) return invalid;
                logger.LogInformation("{Tool} approved on the approval page{By}", state.Spec.Name, decision?.DecidedBy is { } who ? " by " + who : "");
                return null;
            case ApprovalState.Denied:
                state.Decision = GateDecision.DeniedOnPage;
                state.DecidedBy = decision?.DecidedBy;
                return ToolResults.Json(new JsonObject
                {
                    ["confirmed"] = false,
                    ["code"] = ErrorCodes.ConfirmationDeclined,
                    ["message"] = $"The person denied {state.Spec.Title.ToLowerInvariant()} on the approval page, so nothing was sent and nothing changed. Do not retry unless they ask for it again.",
                });
            default:
                state.Decision = GateDecision.ApprovalExpired;
                return ToolResults.Error(ErrorCodes.ConfirmationTimedOut,
                    $"Nobody approved {state.Spec.Name} before its approval expired (or it was already used), so nothing was sent. " +
                    $"Ask the person whether they still want it, then call {state.Spec.Name} again for a new approval.");
        }
    }

    /// <summary>Shows the page to the person through the first channel that works; the channel, or None with why not.</summary>
    private async Task<(ApprovalChannel Channel, string? WhyNot)> DeliverAsync(RequestContext<CallToolRequestParams> context, ApprovalRequest request,
        bool clientOpensUrls, CancellationToken ct)
    {
        var baseAddress = await site.BaseAsync(ct).ConfigureAwait(false);
        var link = ApprovalPage.LinkFor(baseAddress, request);
        var whyNot = new List<string>();
        if (clientOpensUrls)
        {
            // The client's answer only says whether the person agreed to open the link; it is bounded like any prompt
            // (--elicitation-timeout), so a client that never answers cannot hold the call: the page stays open.
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bound.CancelAfter(options.ElicitationTimeout);
            try
            {
                var answer = await context.Server.ElicitAsync(new ElicitRequestParams
                {
                    Mode = "url",
                    Url = link.AbsoluteUri,
                    ElicitationId = request.Id,
                    Message = $"Approve or deny: {request.Title}. The page shows what changes; it expires at {request.ExpiresAt:HH:mm:ss} UTC.",
                }, bound.Token).ConfigureAwait(false);
                if (!answer.IsAccepted) book.Decide(request.Id, approve: false, "(declined to open the page)", null);
                return (ApprovalChannel.Url, null);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return (ApprovalChannel.Url, null); // unanswered: the link was shown; the decision is awaited as usual
            }
            catch (Exception e) when (e is ModelContextProtocol.McpException or InvalidOperationException && !ct.IsCancellationRequested)
            {
                logger.LogWarning("URL elicitation failed for {Tool} ({Error}); trying the other approval channels", request.Tool, e.Message);
                whyNot.Add("the client could not show the approval page's link (its URL prompt failed)");
            }
        }
        if (options.RequireElicitation)
            return (ApprovalChannel.None, string.Join("; ", whyNot.Append("this server asks only through the client (--require-elicitation)")));
        if (opener is not null && opener.CommandFor(link) is not null)
        {
            if (await opener.OpenAsync(link, ct).ConfigureAwait(false)) return (ApprovalChannel.Opener, null);
            whyNot.Add("the program that opens the page failed (see the server's log; --approval-opener)");
        }
        if (approvers is not null) return (ApprovalChannel.Approvers, null);
        return (ApprovalChannel.None, whyNot.Count > 0 ? string.Join("; ", whyNot) : "there is no way to show the page here");
    }

    /// <summary>Waits for the decision up to the wait_for_task bound, with a progress notification every few seconds.</summary>
    private async Task<ApprovalState> WaitAsync(RequestContext<CallToolRequestParams> context, ApprovalRequest request, CancellationToken ct)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(WaitBound);
        var decided = book.WaitAsync(request.Id, bound.Token);
        var started = time.GetUtcNow();
        var token = context.Params?.ProgressToken;
        while (!decided.IsCompleted)
        {
            if (token is { } progress)
            {
                var waited = time.GetUtcNow() - started;
                try
                {
                    await context.Server.NotifyProgressAsync(progress, new ProgressNotificationValue
                    {
                        Progress = (float)waited.TotalSeconds,
                        Total = (float)WaitBound.TotalSeconds,
                        Message = $"Waiting for the person's decision on the approval page (approval {request.Id}, expires at {request.ExpiresAt:HH:mm:ss} UTC)",
                    }, cancellationToken: ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogDebug("Progress notification failed: {Error}", e.Message);
                }
            }
            await Task.WhenAny(decided, Task.Delay(TimeSpan.FromSeconds(5), time, bound.Token)).ConfigureAwait(false);
        }
        try
        {
            return await decided.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ApprovalState.Pending;
        }
    }

    /// <summary>The tool's arguments that set a new secret (a password, a key) which the person may type on the page
    /// instead of giving it to the model.</summary>
    public static IReadOnlyList<string> SecretInputs(ToolSpec spec) =>
        spec.InputSchema["properties"] is JsonObject properties
            ? properties.Where(p => p.Value is JsonObject schema && (string?)schema["type"] == "string" && Redactor.IsSecretField(p.Key) && p.Key != StandardArguments.ConfirmationTokenName)
                .Select(p => p.Key).ToList()
            : [];

    /// <summary>
    /// The call's arguments with the secrets the person typed on the page in place of the model's, checked against the
    /// tool's schema like any argument (the value is never echoed). Null when they were set; else the refusal.
    /// </summary>
    private static CallToolResult? WithTypedSecrets(CallState state, IReadOnlyDictionary<string, string> secrets)
    {
        var arguments = JsonNode.Parse(state.Args.Json.GetRawText())!.AsObject();
        foreach (var (name, value) in secrets)
            if (value.Length > 0) arguments[name] = value;
        var json = System.Text.Json.JsonSerializer.SerializeToElement(arguments, ServerJson.Context.JsonObject);
        var errors = Schema.ArgumentValidator.Validate(state.Spec.InputSchema, json);
        if (errors.Count > 0)
        {
            state.Decision = GateDecision.RefusedTypedSecretInvalid;
            return ToolResults.Error(ErrorCodes.Validation,
                // The problem text may quote the value: only the field and what it needs are said.
                $"The value typed on the approval page for {errors[0].Field} was not accepted, so nothing was sent. " +
                $"Call {state.Spec.Name} again for a new approval, and tell the person what the value needs: {errors[0].Fix}", field: errors[0].Field);
        }
        state.Args = new ToolArgs(json);
        state.SecretTypedOnPage = true;
        return null;
    }

    /// <summary>The page's view of a preview: target, before → after, what is lost, price, the exact request.</summary>
    public static ApprovalPreview PreviewOf(JsonObject preview, IReadOnlyList<string>? secretInputs = null)
    {
        var target = preview["target"] as JsonObject;
        var request = preview["request"] as JsonObject;
        var changes = (preview["changes"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new FieldChange(
            (string?)c["field"] ?? "", (string?)c["before"], (string?)c["after"],
            (c["added"] as JsonArray)?.Select(a => (string?)a ?? "").ToList(),
            (c["removed"] as JsonArray)?.Select(a => (string?)a ?? "").ToList())).ToList();
        return new ApprovalPreview(
            target is null ? null : new ApprovalTarget(
                (string?)target["name"],
                (target["id"] ?? target["databaseId"] ?? target["subscriptionId"])?.ToJsonString().Trim('"'),
                (string?)target["status"]),
            changes,
            (string?)preview["impact"],
            (string?)preview["estimatedPrice"],
            new PreviewRequest((string?)request?["method"] ?? "", (string?)request?["url"] ?? "", request?["body"]?.ToJsonString()),
            secretInputs ?? []);
    }
}
