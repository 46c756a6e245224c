using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Server.Approvals;
using RcMcp.Server.Hosting;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// A person's approval, through the best channel there is (docs/approval.md): form elicitation (a multi-round-trip
/// input request, with sealed single-use state, when the request has no session), then the approval page (URL
/// elicitation, the page opened by the server, named approvers), then, only for unattended automation or on the
/// sandbox, a token the caller holds; otherwise refused. Returns null when the call may proceed.
/// </summary>
public sealed class Approval(
    ServerOptions options,
    IDryRunLedger dryRuns,
    IConfirmationTokens tokens,
    SealedState seals,
    ApprovalChannels channels,
    Previews previews,
    ILogger<Approval> logger)
{
    /// <summary>Returns null when the call may proceed, otherwise the result to give instead.</summary>
    public async Task<CallToolResult?> ConfirmAsync(RequestContext<CallToolRequestParams> context, CallState state, string dryRunKey, CancellationToken ct)
    {
        var spec = state.Spec;
        var args = state.Args;
        var callKey = CanonicalArguments.Hash(spec.Name, args.Json, ignoreDryRun: false, state.Principal);

        if (options.DangerouslySkipConfirmation)
        {
            state.Decision = GateDecision.ConfirmationSkipped;
            state.Channel = ApprovalChannel.Skipped;
            logger.LogWarning("Confirmation skipped for {Tool} because --dangerously-skip-confirmation is set", spec.Name);
            return null;
        }

        var server = context.Server;
        // A client that declares elicitation without modes speaks the form mode (the 2025-06-18 shape).
        var elicitation = server.ClientCapabilities?.Elicitation;
        var canElicit = elicitation is not null && (elicitation.Form is not null || elicitation.Url is null);
        // Without a session the handler cannot wait for the answer: ask with an input-required result instead, and the
        // client retries the call carrying the person's answer. With a session, ElicitAsync waits (and uses the same
        // multi-round-trip mechanism by itself when the client supports it).
        var askByRetry = canElicit && state.Sessionless && server.IsMrtrSupported;

        if (askByRetry && context.Params is { InputResponses: { } responses, RequestState: var requestState }
            && responses.TryGetValue(ConfirmInputKey, out var response))
        {
            // The person's answer comes back with the state we sealed: honoured once, for this caller and exact call.
            state.Channel = ApprovalChannel.Form;
            var check = seals.Redeem(requestState, state.Principal, spec.Name, callKey);
            if (check != SealCheck.Valid)
            {
                state.Decision = GateDecisions.ForSeal(check);
                var why = check switch
                {
                    SealCheck.AlreadyUsed => "that answer was already used (one approval authorises one change)",
                    SealCheck.Expired => "that answer's approval expired",
                    SealCheck.OtherCall => "that answer was given for another call (other arguments, tool or caller)",
                    _ => "its request state was not issued by this server or was changed",
                };
                return ToolResults.Error(ErrorCodes.ConfirmationRequired,
                    $"The confirmation carried by this retry was refused because {why}. Nothing was sent. Call {spec.Name} again without " +
                    "input responses so the person is asked afresh.");
            }
            if (response.Deserialize(InputResponse.ElicitResultJsonTypeInfo) is { } answer) return Decide(state, answer);
        }

        // A client that can ask the person is always asked, whatever token the call carries.
        if (args.ConfirmationToken is { } token && !canElicit) return RedeemToken(state, token, callKey);

        var (preview, missing) = await previews.BuildAsync(state, ct).ConfigureAwait(false);
        if (missing is not null) return missing;
        if (spec.ChangesPrice(args) && dryRuns.Get(dryRunKey) is { } dryRun && Pricing.Summarize(dryRun.Response) is { } price) preview["estimatedPrice"] = price;

        if (askByRetry)
        {
            state.Decision = GateDecision.ElicitationRequested;
            state.Channel = ApprovalChannel.Form;
            throw new InputRequiredException(
                new Dictionary<string, InputRequest> { [ConfirmInputKey] = InputRequest.ForElicitation(BuildElicitation(spec, preview)) },
                seals.Seal(state.Principal, spec.Name, callKey, options.ConfirmationTokenLifetime));
        }

        if (canElicit && !state.Sessionless)
        {
            state.Channel = ApprovalChannel.Form;
            using var unanswered = CancellationTokenSource.CreateLinkedTokenSource(ct);
            unanswered.CancelAfter(options.ElicitationTimeout);
            try
            {
                return Decide(state, await server.ElicitAsync(BuildElicitation(spec, preview), unanswered.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                state.Decision = GateDecision.ConfirmationTimedOut;
                return ToolResults.Error(ErrorCodes.ConfirmationTimedOut,
                    $"Nobody answered the confirmation prompt for {spec.Name} within {FormatWait(options.ElicitationTimeout)}, so nothing was sent and nothing changed. " +
                    $"Ask the person whether they still want this, then call {spec.Name} again.");
            }
            catch (Exception e) when (e is McpException or InvalidOperationException && !ct.IsCancellationRequested)
            {
                logger.LogWarning("Elicitation failed for {Tool} ({Error}); falling back to a confirmation token", spec.Name, e.Message);
            }
        }

        // The client could not show the prompt after all: a token the call carries is checked like any token.
        if (args.ConfirmationToken is { } carried) return RedeemToken(state, carried, callKey);

        // The approval page: opened by the client (URL elicitation), by the server for the person, or for approvers.
        // Unattended automation (--allow-agent-confirmation) keeps its tokens; the sandbox uses the page when there is
        // a way to show it, else tokens.
        var clientOpensUrls = elicitation?.Url is not null && !state.Sessionless;
        if (!options.AllowAgentConfirmation && channels.CanReach(clientOpensUrls))
            return await channels.ApproveAsync(context, state, preview, callKey, clientOpensUrls, ct).ConfigureAwait(false);

        if (options.RequireElicitation)
        {
            state.Decision = GateDecision.RefusedElicitationRequired;
            state.Channel = ApprovalChannel.None;
            return ToolResults.Error(ErrorCodes.ConfirmationRequired,
                $"{spec.Name} needs a person's approval, and this server asks for it only through the client (--require-elicitation), " +
                "which cannot ask the person. Nothing was sent. Use a client that supports elicitation, or make the change in the Redis Cloud console.");
        }

        if (!options.TokensConfirm)
        {
            state.Decision = GateDecision.RefusedNoApprovalChannel;
            state.Channel = ApprovalChannel.None;
            return ToolResults.Error(ErrorCodes.ConfirmationRequired,
                $"{spec.Name} needs a person's approval, and there is no way to ask one here: this client cannot show a confirmation (MCP elicitation), " +
                "and the server has no approval page to open (no desktop opener; start it with --approval-opener CMD) and no approvers (--approvers FILE over HTTP). " +
                "Nothing was sent. Tell the person: use a client with elicitation, enable one of those options, or make the change in the Redis Cloud console. " +
                "(--allow-agent-confirmation lets the assistant confirm by itself, for unattended automation only.)");
        }

        state.Decision = GateDecision.ConfirmationRequested;
        state.Channel = ApprovalChannel.Token;
        var (issued, expiresAt) = tokens.Issue(spec.Name, callKey, options.PolicyKey);
        preview["confirmationRequired"] = true;
        preview["confirmationToken"] = issued;
        preview["expiresAt"] = expiresAt.ToString("O");
        preview["next"] =
            $"Nothing was sent yet. Show this preview to the person and ask whether to proceed. Only if they explicitly approve, call {spec.Name} again " +
            $"with exactly the same arguments plus \"confirmationToken\": \"{issued}\". The token works once, only for this exact call, and expires in {tokens.Lifetime.TotalMinutes:0} minutes." +
            (options.Sandbox && !options.AllowAgentConfirmation
                ? " (Sandbox: nothing real is at stake, so a token is enough here; on a real account a person approves on a page or in the client.)"
                : "");
        return ToolResults.Json(preview);
    }

    /// <summary>A model-held token confirms only where the operator chose unattended automation (or on the sandbox),
    /// once, for the exact call, under this process's policy and lifetime; every use is logged.</summary>
    private CallToolResult? RedeemToken(CallState state, string token, string callKey)
    {
        var spec = state.Spec;
        state.Channel = ApprovalChannel.Token;
        if (!options.TokensConfirm)
        {
            state.Decision = GateDecision.RefusedTokenNotHonoured;
            return ToolResults.Error(ErrorCodes.ConfirmationRequired,
                $"confirmationToken is not honoured by this server: only a person approves changes here (it was started without --allow-agent-confirmation). " +
                $"Nothing was sent. Call {spec.Name} again without confirmationToken and follow what it says to get the person's approval.");
        }
        var check = tokens.Redeem(token, spec.Name, callKey, options.PolicyKey);
        if (check == TokenCheck.Valid)
        {
            state.Decision = GateDecision.ConfirmedByToken;
            if (options.AllowAgentConfirmation)
                logger.LogWarning("{Tool} was confirmed by a token held by the caller (--allow-agent-confirmation), not by a person", spec.Name);
            return null;
        }
        state.Decision = GateDecisions.ForToken(check);
        var why = check switch
        {
            TokenCheck.Expired => $"it expired (tokens last {tokens.Lifetime.TotalMinutes:0} minutes here)",
            TokenCheck.AlreadyUsed => "it was already used (each token works once)",
            TokenCheck.OtherCall => "it was issued for a different tool or different arguments (a token is bound to the exact call it previewed)",
            TokenCheck.OtherPolicy => "it was issued by a server running under another policy (a token is honoured only under the policy it was issued with)",
            _ => "this server never issued it",
        };
        var code = check switch
        {
            TokenCheck.Expired => ErrorCodes.TokenExpired,
            TokenCheck.AlreadyUsed => ErrorCodes.TokenUsed,
            TokenCheck.OtherCall or TokenCheck.OtherPolicy => ErrorCodes.TokenOtherCall,
            _ => ErrorCodes.TokenUnknown,
        };
        return ToolResults.Error(code,
            $"The confirmationToken was refused because {why}. Nothing was sent. Call {spec.Name} again without confirmationToken " +
            "to get a fresh preview and token, show the preview to the person, and repeat the call with the new token only if they approve.");
    }

    private const string ConfirmInputKey = "rcmcp-confirm";

    private static string FormatWait(TimeSpan t) =>
        t.TotalMinutes >= 1 ? $"{t.TotalMinutes:0.#} minutes" : $"{t.TotalSeconds:0} seconds";

    /// <summary>Proceed (null) only on an explicit accept with confirm ticked; otherwise say that nothing was sent.</summary>
    private static CallToolResult? Decide(CallState state, ElicitResult answer)
    {
        if (answer.IsAccepted && answer.Content is { } content && content.TryGetValue("confirm", out var c) && c.ValueKind == JsonValueKind.True)
        {
            state.Decision = GateDecision.ConfirmedByElicitation;
            return null;
        }
        state.Decision = answer.Action switch { "accept" => GateDecision.DeclinedUnchecked, "decline" => GateDecision.DeclinedByUser, _ => GateDecision.CancelledByUser };
        return ToolResults.Json(new JsonObject
        {
            ["confirmed"] = false,
            ["code"] = ErrorCodes.ConfirmationDeclined,
            ["userResponse"] = answer.Action,
            ["message"] = $"The person did not confirm {state.Spec.Title.ToLowerInvariant()}, so nothing was sent and nothing changed. Do not retry unless they ask for it again.",
        });
    }

    /// <summary>One before → after line of a preview's changes, as a person reads it.</summary>
    public static string ChangeLine(JsonObject change)
    {
        var line = $"{(string?)change["field"]}: {(string?)change["before"]} → {(string?)change["after"]}";
        var added = (change["added"] as JsonArray)?.Select(a => (string?)a).ToList() ?? [];
        var removed = (change["removed"] as JsonArray)?.Select(a => (string?)a).ToList() ?? [];
        if (added.Count > 0) line += $" (adds {string.Join(", ", added)})";
        if (removed.Count > 0) line += $" (removes {string.Join(", ", removed)})";
        return line;
    }

    private static ElicitRequestParams BuildElicitation(ToolSpec spec, JsonObject preview)
    {
        var impact = (string?)preview["impact"] ?? "";
        var lines = new List<string> { $"{spec.Title}: please confirm.", impact };
        if (preview["changes"] is JsonArray changes)
            lines.AddRange(changes.OfType<JsonObject>().Select(ChangeLine));
        if ((string?)preview["estimatedPrice"] is { } price) lines.Add($"Estimated price: {price}");
        if (preview["request"] is JsonObject request) lines.Add($"Request: {(string?)request["method"]} {(string?)request["url"]}");
        // A destructive impact that already says it cannot be undone is not told twice.
        lines.Add(spec.Kind == ToolKind.Destructive
                ? impact.Contains("cannot be undone", StringComparison.OrdinalIgnoreCase) ? "" : "This cannot be undone."
            : !spec.IsMutating ? "The secret becomes visible to the assistant and stays in this conversation."
            : spec.CreatesSubscription || preview.ContainsKey("estimatedPrice") ? "This creates or changes billable resources."
            : "Please check the change above.");
        return new ElicitRequestParams
        {
            Message = string.Join("\n", lines.Where(l => l.Length > 0)),
            RequestedSchema = new ElicitRequestParams.RequestSchema
            {
                Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition>
                {
                    ["confirm"] = new ElicitRequestParams.BooleanSchema
                    {
                        Title = "I confirm",
                        Description = $"Tick to allow: {spec.Title}",
                        Default = false,
                    },
                },
                Required = ["confirm"],
            },
        };
    }
}
