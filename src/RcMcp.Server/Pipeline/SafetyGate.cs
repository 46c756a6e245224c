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
/// 3. A person's approval for destructive calls, purchases, lost access and secret reveals (<see cref="Approval"/>),
///    shown the preview (<see cref="Previews"/>).
/// This class holds the order and the dry-run reservation: reserved before anyone is asked, consumed when the request
/// is sent, given back only on a definite "not sent". A shared store (Redis) that cannot be reached refuses the change
/// before anything is sent (fail closed, code store_unavailable); once a request was sent, a store failure never
/// turns its result into an error (the reservation's lease runs out and the dry run is spent).
/// </summary>
public sealed class SafetyGate(
    ServerOptions options,
    IDryRunLedger dryRuns,
    Previews previews,
    Approval approval,
    IGateStoreStatus store,
    ILogger<SafetyGate> logger)
{
    public async ValueTask<CallToolResult> CheckAsync(RequestContext<CallToolRequestParams> context, CallState state,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken ct)
    {
        var spec = state.Spec;
        var reveal = spec.CanRevealSecrets && state.Args.Flag(StandardArguments.RevealSecretsName);
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
            state.Decision = GateDecision.RefusedUnsafeStateFile;
            logger.LogError("{Problem}", e.Message);
            return ToolResults.Error(ErrorCodes.UnsafeStateFile, e.Message + " Nothing was sent.",
                next: "Tell the person: the fix is in the message. Do not retry until they have fixed it.");
        }
        catch (StoreUnavailableException e)
        {
            return StoreUnavailable(state, e);
        }
        CallToolResult result;
        try
        {
            result = await GateAsync(context, state, next, ct).ConfigureAwait(false);
        }
        catch (StoreUnavailableException e)
        {
            return StoreUnavailable(state, e);
        }
        if (store.TakeNotice() is { } notice)
        {
            logger.LogWarning("{Notice}", notice);
            result.Content = [.. result.Content, new TextContentBlock { Text = "Note: " + notice }];
        }
        return result;
    }

    private CallToolResult StoreUnavailable(CallState state, StoreUnavailableException e)
    {
        state.Decision = GateDecision.RefusedStoreUnavailable;
        logger.LogWarning("{Tool} refused: {Problem}", state.Spec.Name, e.Message);
        return ToolResults.Error(ErrorCodes.StoreUnavailable,
            $"{state.Spec.Name} was refused because the shared store of dry runs and approvals cannot be reached ({e.Message}). " +
            "No change was made. Reads still work; changes resume by themselves once the store is back.",
            next: $"Wait a few seconds and call {state.Spec.Name} again with the same arguments. If it keeps failing, tell the person: the server's Redis store is down.");
    }

    /// <summary>Releases or consumes a reservation after the fact: a store failure here is logged, never thrown (a
    /// lease that is not settled runs out, and the dry run is then spent).</summary>
    private void Settle(Action<string> settle, string dryRunKey, string what)
    {
        try
        {
            settle(dryRunKey);
        }
        catch (StoreUnavailableException e)
        {
            logger.LogWarning("The dry-run reservation could not be {What} ({Problem}); it will be taken as spent", what, e.Message);
        }
    }

    private async ValueTask<CallToolResult> GateAsync(RequestContext<CallToolRequestParams> context, CallState state,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken ct)
    {
        var spec = state.Spec;
        var args = state.Args;
        var reveal = spec.CanRevealSecrets && args.Flag(StandardArguments.RevealSecretsName);
        var dryRunKey = CanonicalArguments.Hash(spec.Name, args.Json, ignoreDryRun: true, state.Principal);

        if (reveal && !spec.IsMutating)
        {
            // Showing a secret is confirmed like a destructive call: the person sees what will be shown, and says yes.
            var refused = await approval.ConfirmAsync(context, state, dryRunKey, ct).ConfigureAwait(false);
            if (refused is not null) return refused;
            state.SecretsRevealed = true;
            return await next(context, ct).ConfigureAwait(false);
        }

        if (args.DryRun)
        {
            if (!spec.ApiDryRun)
            {
                state.Decision = GateDecision.Preview;
                var (preview, missing) = await previews.BuildAsync(state, ct).ConfigureAwait(false);
                if (missing is not null) return missing;
                preview["dryRun"] = true;
                preview["next"] = $"Nothing was sent. To apply, call {spec.Name} with the same arguments without dryRun" +
                                  (spec.NeedsConfirmation(args, state.Target) ? "; it needs the person's confirmation." : ".");
                return ToolResults.Json(preview);
            }

            state.Decision = GateDecision.DryRun;
            var result = await next(context, ct).ConfigureAwait(false);
            if (state.DryRunResult is not null && result.IsError != true) dryRuns.Record(dryRunKey, state.DryRunResult);
            return result;
        }

        // A call that will certainly fail is refused before anyone is asked and before anything is reserved or sent.
        if (spec.Preflight is not null && await previews.PreflightAsync(state, ct).ConfigureAwait(false) is { } predicted) return predicted;

        if (spec.ApiDryRun)
        {
            switch (dryRuns.TryReserve(dryRunKey))
            {
                case DryRunClaim.Missing:
                    state.Decision = GateDecision.RefusedDryRunRequired;
                    return ToolResults.Error(ErrorCodes.DryRunRequired,
                        $"{spec.Name} must be dry-run first: nothing was sent. Call {spec.Name} with exactly these arguments plus \"dryRun\": true; " +
                        $"it validates the request and returns the price without creating or changing anything. Then, within {options.DryRunValidity.TotalMinutes:0} minutes, " +
                        "call it again with the same arguments and without dryRun. Any change to the arguments needs a new dry run.");
                case DryRunClaim.Spent:
                    state.Decision = GateDecision.RefusedDryRunSpent;
                    return ToolResults.Error(ErrorCodes.DryRunSpent,
                        $"The dry run for this {spec.Name} call was held by a call that ended without saying whether it sent the change (its process stopped), " +
                        "so it may already have reached the API and the dry run is spent. Nothing was sent by this call. Check with list_tasks (and the " +
                        $"resource's list or get tool) whether the change happened; if it did not and it is still wanted, call {spec.Name} with dryRun: true again.");
                case DryRunClaim.InUse:
                    state.Decision = GateDecision.RefusedDryRunInUse;
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
            if (spec.Confirm.DependsOnTarget && !spec.NeedsConfirmation(args))
            {
                var (current, unreadable) = await previews.ReadTargetAsync(state, ct).ConfigureAwait(false);
                if (unreadable is not null)
                {
                    if (spec.ApiDryRun) Settle(dryRuns.Release, dryRunKey, "released");
                    return unreadable;
                }
                target = current;
            }
            if (spec.NeedsConfirmation(args, target))
            {
                var refusal = await approval.ConfirmAsync(context, state, dryRunKey, ct).ConfigureAwait(false);
                if (refusal is not null)
                {
                    if (spec.ApiDryRun) Settle(dryRuns.Release, dryRunKey, "released");
                    return refusal;
                }
            }
            // A reservation in a shared store lives on a lease: one that could not be renewed may have passed to
            // another call as spent, so this call sends nothing.
            if (spec.ApiDryRun && !dryRuns.Holds(dryRunKey))
                throw new StoreUnavailableException("this call lost its hold on the dry run: its lease could not be renewed in time; if the next call says dry_run_spent, dry-run again");
        }
        catch
        {
            if (spec.ApiDryRun) Settle(dryRuns.Release, dryRunKey, "released");
            throw;
        }

        try
        {
            var result = await next(context, ct).ConfigureAwait(false);
            if (spec.ApiDryRun) Settle(dryRuns.Consume, dryRunKey, "used up");
            return result;
        }
        catch (Exception e) when (spec.ApiDryRun)
        {
            if (NothingWasSent(e)) Settle(dryRuns.Release, dryRunKey, "released");
            else Settle(dryRuns.Consume, dryRunKey, "used up");
            throw;
        }
    }

    /// <summary>True when a failure certainly happened before the request left this machine.</summary>
    private static bool NothingWasSent(Exception e) => e is RedisCloudApiException
    {
        Kind: ApiErrorKind.NotConfigured,
    } or RedisCloudApiException { Kind: ApiErrorKind.Network, MayHaveBeenApplied: false };
}
