using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Cloud;
using RcMcp.Server.Hosting;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// The safety model (ENGINEERING.md section 2), applied to every write and destructive call:
/// 1. dryRun: true never changes anything: API dry runs go to the API; other tools return a preview (the exact
///    request plus the target's current state) and send nothing to a mutating endpoint.
/// 2. Dry-run first: a real call of a tool whose API supports dryRun needs a successful dry run with the same
///    arguments within the validity window.
/// 3. Confirmation: the person confirms through elicitation when the client supports it; otherwise the call returns
///    the preview and a single-use token bound to the tool and its exact arguments.
/// </summary>
public sealed class SafetyGate(
    ServerOptions options,
    DryRunLedger dryRuns,
    ConfirmationTokens tokens,
    SealedState seals,
    Approvals.ApprovalChannels channels,
    IRedisCloudClient client,
    Redactor redactor,
    TaskWaiter waiter,
    GateStore store,
    ILogger<SafetyGate> logger)
{
    public async ValueTask<CallToolResult> CheckAsync(RequestContext<CallToolRequestParams> context, CallState state,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken ct)
    {
        var spec = state.Spec;
        var reveal = spec.CanRevealSecrets && state.Args.Flag(ToolParams.RevealSecretsName);
        if ((!spec.IsMutating && !reveal) || spec.Request is null) return await next(context, ct).ConfigureAwait(false);

        // The store of dry runs and tokens is read and checked before anything goes to the API: an unsafe one (a link,
        // another user's file, readable by others) stops the call here, and a damaged one is moved aside now, so a
        // dry run is never sent only to fail when its result is recorded.
        try
        {
            store.Check();
        }
        catch (UnsafeStateFileException e)
        {
            state.Decision = "refused-unsafe-state-file";
            logger.LogError("{Problem}", e.Message);
            return ToolResults.Error(ErrorCodes.UnsafeStateFile, e.Message + " Nothing was sent.",
                next: "Tell the person: the fix is in the message. Do not retry until they have fixed it.");
        }
        var result = await GateAsync(context, state, next, ct).ConfigureAwait(false);
        if (store.TakeNotice() is { } notice)
        {
            logger.LogWarning("{Notice}", notice);
            result.Content = [.. result.Content, new TextContentBlock { Text = "Note: " + notice }];
        }
        return result;
    }

    private async ValueTask<CallToolResult> GateAsync(RequestContext<CallToolRequestParams> context, CallState state,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken ct)
    {
        var spec = state.Spec;
        var args = state.Args;
        var reveal = spec.CanRevealSecrets && args.Flag(ToolParams.RevealSecretsName);
        var dryRunKey = CanonicalArguments.Hash(spec.Name, args.Json, ignoreDryRun: true, state.Principal);

        if (reveal && !spec.IsMutating)
        {
            // Showing a secret is confirmed like a destructive call: the person sees what will be shown, and says yes.
            var refused = await ConfirmAsync(context, state, dryRunKey, ct).ConfigureAwait(false);
            if (refused is not null) return refused;
            state.SecretsRevealed = true;
            state.Decision += "; secrets revealed";
            return await next(context, ct).ConfigureAwait(false);
        }

        if (args.DryRun)
        {
            if (!spec.ApiDryRun)
            {
                state.Decision = "preview";
                var (preview, missing) = await BuildPreviewAsync(state, ct).ConfigureAwait(false);
                if (missing is not null) return missing;
                preview["dryRun"] = true;
                preview["next"] = $"Nothing was sent to any mutating endpoint. To apply, call {spec.Name} again with the same arguments without dryRun." +
                                  (spec.NeedsConfirmation(args, state.Target) ? " It will need the person's confirmation." : "");
                return ToolResults.Json(preview);
            }

            state.Decision = "dry-run";
            var result = await next(context, ct).ConfigureAwait(false);
            if (state.DryRunResult is not null && result.IsError != true) dryRuns.Record(dryRunKey, state.DryRunResult);
            return result;
        }

        // A call that will certainly fail is refused before anyone is asked and before anything is reserved or sent.
        if (spec.Preflight is not null && await PreflightAsync(state, ct).ConfigureAwait(false) is { } predicted) return predicted;

        if (spec.ApiDryRun)
        {
            switch (dryRuns.TryReserve(dryRunKey))
            {
                case DryRunClaim.Missing:
                    state.Decision = "refused-dry-run-required";
                    return ToolResults.Error(ErrorCodes.DryRunRequired,
                        $"{spec.Name} must be dry-run first: nothing was sent. Call {spec.Name} with exactly these arguments plus \"dryRun\": true; " +
                        $"it validates the request and returns the price without creating or changing anything. Then, within {options.DryRunValidity.TotalMinutes:0} minutes, " +
                        "call it again with the same arguments and without dryRun. Any change to the arguments needs a new dry run.");
                case DryRunClaim.Spent:
                    state.Decision = "refused-dry-run-spent";
                    return ToolResults.Error(ErrorCodes.DryRunSpent,
                        $"The dry run for this {spec.Name} call was held by a call that ended without saying whether it sent the change (its process stopped), " +
                        "so it may already have reached the API and the dry run is spent. Nothing was sent by this call. Check with list_tasks (and the " +
                        $"resource's list or get tool) whether the change happened; if it did not and it is still wanted, call {spec.Name} with dryRun: true again.");
                case DryRunClaim.InUse:
                    state.Decision = "refused-dry-run-in-use";
                    return ToolResults.Error(ErrorCodes.DryRunInUse,
                        $"Another {spec.Name} call with these arguments is already using this dry run (it is being confirmed or sent); one dry run " +
                        "authorises exactly one change. Nothing was sent by this call. Wait for the other call's result; if another change is really " +
                        $"wanted, call {spec.Name} with dryRun: true again afterwards.");
            }
        }

        // From here on this call holds the dry run (if the tool needs one): released unless a request was sent.
        try
        {
            JsonElement? target = null;
            if (spec.ConfirmWhenTarget is not null && !spec.NeedsConfirmation(args))
            {
                var (current, unreadable) = await ReadTargetAsync(state, ct).ConfigureAwait(false);
                if (unreadable is not null)
                {
                    if (spec.ApiDryRun) dryRuns.Release(dryRunKey);
                    return unreadable;
                }
                target = current;
            }
            if (spec.NeedsConfirmation(args, target))
            {
                var refusal = await ConfirmAsync(context, state, dryRunKey, ct).ConfigureAwait(false);
                if (refusal is not null)
                {
                    if (spec.ApiDryRun) dryRuns.Release(dryRunKey);
                    return refusal;
                }
            }
        }
        catch
        {
            if (spec.ApiDryRun) dryRuns.Release(dryRunKey);
            throw;
        }

        try
        {
            var result = await next(context, ct).ConfigureAwait(false);
            if (spec.ApiDryRun) dryRuns.Consume(dryRunKey);
            return result;
        }
        catch (Exception e) when (spec.ApiDryRun)
        {
            if (NothingWasSent(e)) dryRuns.Release(dryRunKey);
            else dryRuns.Consume(dryRunKey);
            throw;
        }
    }

    /// <summary>True when a failure certainly happened before the request left this machine.</summary>
    private static bool NothingWasSent(Exception e) => e is RedisCloudApiException
    {
        Kind: ApiErrorKind.NotConfigured,
    } or RedisCloudApiException { Kind: ApiErrorKind.Network, MayHaveBeenApplied: false };

    /// <summary>Returns null when the call may proceed, otherwise the result to give instead.</summary>
    private async Task<CallToolResult?> ConfirmAsync(RequestContext<CallToolRequestParams> context, CallState state, string dryRunKey, CancellationToken ct)
    {
        var spec = state.Spec;
        var args = state.Args;
        var callKey = CanonicalArguments.Hash(spec.Name, args.Json, ignoreDryRun: false, state.Principal);

        if (options.DangerouslySkipConfirmation)
        {
            state.Decision = "confirmation-skipped";
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
            var check = seals.Redeem(requestState, state.Principal, spec.Name, callKey);
            if (check != SealCheck.Valid)
            {
                state.Decision = "refused-request-state-" + check.ToString().ToLowerInvariant();
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

        var (preview, missing) = await BuildPreviewAsync(state, ct).ConfigureAwait(false);
        if (missing is not null) return missing;
        if (dryRuns.Get(dryRunKey) is { } dryRun && Pricing.Summarize(dryRun.Response) is { } price) preview["estimatedPrice"] = price;

        if (askByRetry)
        {
            state.Decision = "elicitation-requested";
            throw new InputRequiredException(
                new Dictionary<string, InputRequest> { [ConfirmInputKey] = InputRequest.ForElicitation(BuildElicitation(spec, preview)) },
                seals.Seal(state.Principal, spec.Name, callKey, options.ConfirmationTokenLifetime));
        }

        if (canElicit && !state.Sessionless)
        {
            using var unanswered = CancellationTokenSource.CreateLinkedTokenSource(ct);
            unanswered.CancelAfter(options.ElicitationTimeout);
            try
            {
                return Decide(state, await server.ElicitAsync(BuildElicitation(spec, preview), unanswered.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                state.Decision = "confirmation-timed-out";
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
            state.Decision = "refused-elicitation-required";
            return ToolResults.Error(ErrorCodes.ConfirmationRequired,
                $"{spec.Name} needs a person's approval, and this server asks for it only through the client (--require-elicitation), " +
                "which cannot ask the person. Nothing was sent. Use a client that supports elicitation, or make the change in the Redis Cloud console.");
        }

        if (!options.TokensConfirm)
        {
            state.Decision = "refused-no-approval-channel";
            return ToolResults.Error(ErrorCodes.ConfirmationRequired,
                $"{spec.Name} needs a person's approval, and there is no way to ask one here: this client cannot show a confirmation (MCP elicitation), " +
                "and the server has no approval page to open (no desktop opener; start it with --approval-opener CMD) and no approvers (--approvers FILE over HTTP). " +
                "Nothing was sent. Tell the person: use a client with elicitation, enable one of those options, or make the change in the Redis Cloud console. " +
                "(--allow-agent-confirmation lets the assistant confirm by itself, for unattended automation only.)");
        }

        state.Decision = "confirmation-requested";
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
        if (!options.TokensConfirm)
        {
            state.Decision = "refused-token-not-honoured";
            return ToolResults.Error(ErrorCodes.ConfirmationRequired,
                $"confirmationToken is not honoured by this server: only a person approves changes here (it was started without --allow-agent-confirmation). " +
                $"Nothing was sent. Call {spec.Name} again without confirmationToken and follow what it says to get the person's approval.");
        }
        var check = tokens.Redeem(token, spec.Name, callKey, options.PolicyKey);
        if (check == TokenCheck.Valid)
        {
            state.Decision = "confirmed-by-token";
            if (options.AllowAgentConfirmation)
                logger.LogWarning("{Tool} was confirmed by a token held by the caller (--allow-agent-confirmation), not by a person", spec.Name);
            return null;
        }
        state.Decision = "refused-token-" + check.ToString().ToLowerInvariant();
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
            state.Decision = "confirmed-by-elicitation";
            return null;
        }
        state.Decision = answer.Action switch { "accept" => "declined-unchecked", "decline" => "declined-by-user", _ => "cancelled-by-user" };
        return ToolResults.Json(new JsonObject
        {
            ["confirmed"] = false,
            ["code"] = ErrorCodes.ConfirmationDeclined,
            ["userResponse"] = answer.Action,
            ["message"] = $"The person did not confirm {state.Spec.Title.ToLowerInvariant()}, so nothing was sent and nothing changed. Do not retry unless they ask for it again.",
        });
    }

    /// <summary>
    /// The exact request plus a summary of the target's current state. When the target cannot be read (404,
    /// unreachable) or the preview shows the call would certainly fail, the call ends here: nobody is asked, no token
    /// is issued, nothing is sent.
    /// </summary>
    private async Task<(JsonObject Preview, CallToolResult? Stop)> BuildPreviewAsync(CallState state, CancellationToken ct)
    {
        var spec = state.Spec;
        var args = state.Args;
        var request = spec.Request!(args);
        var preview = new JsonObject
        {
            ["tool"] = spec.Name,
            ["action"] = spec.Title,
            ["request"] = new JsonObject
            {
                ["method"] = request.Method.Method,
                ["url"] = client.BaseUrl.ToString().TrimEnd('/') + request.RelativeUri,
                ["body"] = redactor.Redact(request.Body?.DeepClone()),
            },
        };

        var (target, unreadable) = await ReadTargetAsync(state, ct).ConfigureAwait(false);
        if (unreadable is not null) return (preview, unreadable);
        if (target is { } t)
        {
            preview["target"] = redactor.Redact(TargetSummary.Of(t));
            if (await PredictAsync(state, t, ct).ConfigureAwait(false) is { } refusal)
            {
                state.Decision = "refused-will-fail";
                return (preview, ToolResults.Error(refusal.Code, refusal.Message, refusal.Field, refusal.Next));
            }
        }

        // The impact names what the call touches (an import source, a backup location): it is redacted here, once for
        // every tool, because the confirmation prompt built from it goes to the client without passing the result shaper.
        // An update (PUT, PATCH) shows before → after per field; a create's request body is its "after", a delete's impact says what is lost.
        if (request.Method == HttpMethod.Put || request.Method == HttpMethod.Patch)
            if (ChangeDiff.Of(spec, args, target) is { Count: > 0 } changes)
                preview["changes"] = redactor.Redact(ChangeDiff.ToJson(changes));
        preview["impact"] = redactor.Redact(spec.DescribeImpact?.Invoke(args, target) ??
            (spec.CanRevealSecrets && args.Flag(ToolParams.RevealSecretsName) && !spec.IsMutating
                ? $"Show the secrets (passwords) in the answer of {spec.Name} to the assistant and this conversation. Everything else stays redacted."
                : spec.Title));
        return (preview, null);
    }

    /// <summary>The target's current state (once per call), or the refusal when it cannot be read.</summary>
    private async Task<(JsonElement? Target, CallToolResult? Unreadable)> ReadTargetAsync(CallState state, CancellationToken ct)
    {
        var spec = state.Spec;
        if (spec.TargetState is not { } stateRequest) return (null, null);
        if (state.Target is { } cached) return (cached, null);
        try
        {
            var request = stateRequest(state.Args);
            if (request.Expect == ApiResponse.Task) return await ReadTargetThroughTaskAsync(state, request, ct).ConfigureAwait(false);
            var current = await client.SendAsync(request, ct).ConfigureAwait(false);
            state.Target = current;
            return (current, null);
        }
        catch (RedisCloudApiException e)
        {
            state.Decision = "refused-target-unreadable";
            var why = e.StatusCode == 404 ? "the target does not exist" : "its current state could not be read";
            return (null, ToolResults.Error(ErrorCodes.For(e),
                $"{spec.Name} stopped before asking or sending anything: {why} ({redactor.Redact(e.ApiMessage ?? e.Message)}). {ErrorHints.For(e, spec, state.Args)}",
                next: ErrorHints.For(e, spec, state.Args)));
        }
    }

    /// <summary>
    /// A target whose GET answers with a task (e.g. the VPC peerings of a subscription): waits for the task (the
    /// wait_for_task limits) and uses its response.resource; a task that fails or does not finish stops the call.
    /// </summary>
    private async Task<(JsonElement? Target, CallToolResult? Unreadable)> ReadTargetThroughTaskAsync(CallState state, ApiRequest request, CancellationToken ct)
    {
        var task = await client.SendForTaskAsync(request, ct).ConfigureAwait(false);
        if (!task.IsFinished && task.TaskId is { } taskId)
            task = (await waiter.WaitAsync(client, taskId, waiter.DefaultTimeout, null, null, ct).ConfigureAwait(false)).Task;
        if (task.IsCompleted)
        {
            var current = task.Response?.Resource ?? JsonSerializer.SerializeToElement(new JsonObject(), ServerJson.Context.JsonObject);
            state.Target = current;
            return (current, null);
        }
        state.Decision = "refused-target-unreadable";
        var why = task.IsFailed
            ? $"the task reading it failed: {task.Response?.ErrorCode ?? "error"}{(task.Response?.ErrorDescription is { Length: > 0 } d ? $" ({redactor.Redact(d).TrimEnd('.')})" : "")}"
            : $"the task reading it did not finish within {waiter.DefaultTimeout.TotalSeconds:0} s (still {task.Status})";
        return (null, ToolResults.Error(task.IsFailed ? ErrorCodes.TaskFailed : ErrorCodes.Timeout,
            $"{state.Spec.Name} stopped before asking or sending anything: the current state of its target could not be read, because {why}. Nothing was sent.",
            next: task.IsFailed ? "Read the error, fix the cause (e.g. the subscription or the id), and call again." : $"Call {state.Spec.Name} again in a moment."));
    }

    /// <summary>The spec's prediction for a call that needs no preview (no confirmation): refusal, or null.</summary>
    private async Task<CallToolResult?> PreflightAsync(CallState state, CancellationToken ct)
    {
        var (target, unreadable) = await ReadTargetAsync(state, ct).ConfigureAwait(false);
        if (unreadable is not null) return unreadable;
        if (target is not { } t || await PredictAsync(state, t, ct).ConfigureAwait(false) is not { } refusal) return null;
        state.Decision = "refused-will-fail";
        return ToolResults.Error(refusal.Code, refusal.Message, refusal.Field, refusal.Next);
    }

    /// <summary>
    /// The spec's preflight against the target, run once per call: a call that passes it before asking is not
    /// predicted again (with the same API reads) while its prompt is built.
    /// </summary>
    private Task<ToolRefusal?> PredictAsync(CallState state, JsonElement target, CancellationToken ct) =>
        state.Spec.Preflight is not { } preflight ? Task.FromResult<ToolRefusal?>(null)
            : state.Prediction ??= preflight(state.Args, target, client, ct);

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
            : spec.CreatesSubscription || spec.ApiDryRun ? "This creates or changes billable resources."
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
