using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.Requests;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Essentials plans, Redis versions and subscriptions (the spec's "Subscriptions - Essentials").</summary>
internal static class EssentialsEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapGet("/fixed/plans", ListPlans);
        v1.MapGet("/fixed/plans/{planId:int}", GetPlan);
        v1.MapGet("/fixed/plans/subscriptions/{subscriptionId:int}", ListPlansForSubscription);
        v1.MapGet("/fixed/redis-versions", ListRedisVersions);

        var subscriptions = v1.MapGroup("/fixed/subscriptions");
        subscriptions.MapGet("", List);
        subscriptions.MapPost("", Create);
        subscriptions.MapGet("/{subscriptionId:int}", Get);
        subscriptions.MapPut("/{subscriptionId:int}", Update);
        subscriptions.MapDelete("/{subscriptionId:int}", Delete);

        EssentialsDatabaseEndpoints.Map(v1);
        EssentialsDatabaseUpgradeEndpoints.Map(v1);
        EssentialsDatabaseBackupAndImportEndpoints.Map(v1);
        EssentialsDatabaseTagEndpoints.Map(v1);
    }

    private static IResult ListPlans(ApiCall call, string? provider, bool? redisFlex) => call.Run(_ =>
    {
        if (provider is not null && !EssentialsCatalog.Providers.Contains(provider, StringComparer.Ordinal))
            throw ApiException.BadRequest("BAD_REQUEST", $"'provider' must be one of: {string.Join(", ", EssentialsCatalog.Providers)} (got '{provider}').");
        var plans = EssentialsCatalog.Plans
            .Where(p => provider is null || p.Provider == provider)
            .Where(p => redisFlex is null || p.RedisFlex == redisFlex);
        return SandboxJson.Result(PlanList(plans));
    });

    private static IResult GetPlan(ApiCall call, int planId) =>
        call.Run(_ => SandboxJson.Result(EssentialsState.GetPlan(planId).ToView()));

    private static IResult ListPlansForSubscription(ApiCall call, int subscriptionId) => call.Run(_ =>
    {
        var current = call.Account.Essentials.GetSubscription(subscriptionId).Plan;
        return SandboxJson.Result(PlanList(EssentialsCatalog.Plans.Where(current.IsCompatibleWith)));
    });

    private static IResult ListRedisVersions(ApiCall call, int? subscriptionId) => call.Run(_ =>
    {
        if (subscriptionId is not { } id)
            throw ApiException.BadRequest("BAD_REQUEST", "The query parameter 'subscriptionId' is required.");
        call.Account.Essentials.GetSubscription(id);
        return SandboxJson.Result(new JsonObject
        {
            ["redisVersions"] = EssentialsCatalog.RedisVersions.Select(v => v.ToView()).ToJsonArray(),
        });
    });

    private static IResult List(ApiCall call) => call.Run(_ => SandboxJson.Result(new JsonObject
    {
        ["accountId"] = call.Account.Id,
        ["subscriptions"] = call.Account.Essentials.Subscriptions.Select(s => s.ToView()).ToJsonArray(),
        ["links"] = new JsonArray(),
    }));

    private static IResult Get(ApiCall call, int subscriptionId) =>
        call.Run(_ => SandboxJson.Result(call.Account.Essentials.GetSubscription(subscriptionId).ToView()));

    private static IResult Create(ApiCall call)
    {
        var body = call.ReadJsonBody();
        var name = body.Str("name", required: true, minLength: 1, maxLength: 100)!;
        var planId = body.Int("planId", required: true)!.Value;
        var paymentMethod = body.Enum("paymentMethod", Catalog.PaymentMethods);
        var paymentMethodId = body.Int("paymentMethodId");
        return call.Run(now =>
        {
            var state = call.Account.Essentials;
            var plan = EssentialsCatalog.FindPlan(planId)
                ?? throw ApiException.BadRequest("INVALID_PLAN_ID", $"'planId' {planId} is not an Essentials plan; list plans with GET /fixed/plans.");
            state.EnsureNameFree(name);
            state.EnsureFreePlanAvailable(plan);
            CheckPaymentMethod(paymentMethod, paymentMethodId);

            var type = paymentMethod ?? "credit-card";
            var subscription = new EssentialsSubscription
            {
                Id = state.NextSubscriptionId(),
                Name = name,
                Plan = plan,
                CreationDate = now,
                PaymentMethodType = type,
                PaymentMethodId = paymentMethodId ?? (type == "credit-card" && !plan.IsFree ? Subscription.DefaultPaymentMethodId : null),
            };
            state.Add(subscription);
            return call.StartTask("fixedSubscriptionCreateRequest", now, _ =>
            {
                subscription.Status = ResourceStatus.Active;
                return TaskOutcome.Success(subscription.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult Update(ApiCall call, int subscriptionId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var state = call.Account.Essentials;
            var subscription = state.GetSubscription(subscriptionId);
            var name = body.Str("name", minLength: 1, maxLength: 100);
            var planId = body.Int("planId");
            var paymentMethod = body.Enum("paymentMethod", Catalog.PaymentMethods);
            var paymentMethodId = body.Int("paymentMethodId");
            subscription.EnsureActive();
            if (name is not null)
                state.EnsureNameFree(name, except: subscription);
            CheckPaymentMethod(paymentMethod, paymentMethodId);
            var plan = planId is { } id ? NewPlan(state, subscription, id) : null;

            return call.StartTask("fixedSubscriptionUpdateRequest", now, _ =>
            {
                subscription.Name = name ?? subscription.Name;
                subscription.Plan = plan ?? subscription.Plan;
                subscription.PaymentMethodType = paymentMethod ?? subscription.PaymentMethodType;
                subscription.PaymentMethodId = paymentMethodId ?? subscription.PaymentMethodId;
                return TaskOutcome.Success(subscription.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult Delete(ApiCall call, int subscriptionId) => call.Run(now =>
    {
        var state = call.Account.Essentials;
        var subscription = state.GetSubscription(subscriptionId);
        if (subscription.Databases.Count > 0)
        {
            throw ApiException.Conflict("SUBSCRIPTION_NOT_EMPTY",
                $"Essentials subscription {subscriptionId} still has {subscription.Databases.Count} database(s) " +
                $"({string.Join(", ", subscription.Databases.Select(d => $"'{d.Name}' {d.Id}"))}); delete them first.");
        }
        subscription.EnsureActive();

        subscription.Status = ResourceStatus.Deleting;
        return call.StartTask("fixedSubscriptionDeleteRequest", now, _ =>
        {
            state.Remove(subscription);
            return TaskOutcome.Success(subscription.Id);
        });
    });

    /// <summary>The plan a subscription switches to: it must exist, be compatible and hold the data.</summary>
    private static EssentialsPlan NewPlan(EssentialsState state, EssentialsSubscription subscription, int planId)
    {
        var plan = EssentialsCatalog.FindPlan(planId)
            ?? throw ApiException.BadRequest("INVALID_PLAN_ID", $"'planId' {planId} is not an Essentials plan; list compatible plans with GET /fixed/plans/subscriptions/{subscription.Id}.");
        if (plan.Id == subscription.Plan.Id)
            return plan;
        if (!subscription.Plan.IsCompatibleWith(plan))
        {
            throw ApiException.Unprocessable("SUBSCRIPTION_PLAN_NOT_COMPATIBLE",
                $"Plan {plan.Id} ({plan.Describe()}) is not compatible with subscription {subscription.Id} on {subscription.Plan.Describe()}; " +
                $"list compatible plans with GET /fixed/plans/subscriptions/{subscription.Id}.");
        }
        if (subscription.Databases.Count > plan.MaximumDatabases)
        {
            throw ApiException.Unprocessable("SUBSCRIPTION_PLAN_TOO_SMALL",
                $"Plan {plan.Id} allows {plan.MaximumDatabases} database(s); subscription {subscription.Id} has {subscription.Databases.Count}.");
        }
        var used = subscription.Databases.Sum(d => d.MemoryUsedInMb);
        if (used > plan.SizeInMb)
        {
            throw ApiException.Unprocessable("SUBSCRIPTION_PLAN_TOO_SMALL",
                $"The databases of subscription {subscription.Id} use {used:0.#} MB, more than plan {plan.Id} holds ({plan.SizeInMb:0.#} MB).");
        }
        state.EnsureFreePlanAvailable(plan, except: subscription);
        return plan;
    }

    private static void CheckPaymentMethod(string? paymentMethod, int? paymentMethodId)
    {
        if (paymentMethod == "credit-card" && paymentMethodId is null)
            throw ApiException.BadRequest("PAYMENT_METHOD_ID_REQUIRED", "'paymentMethodId' is required when 'paymentMethod' is 'credit-card'.");
        if (paymentMethodId is { } id && id != Subscription.DefaultPaymentMethodId)
            throw ApiException.BadRequest("SUBSCRIPTION_PI_NOT_FOUND", $"Payment method {id} is not one of this account's payment methods (GET /payment-methods).");
    }

    private static JsonObject PlanList(IEnumerable<EssentialsPlan> plans) => new()
    {
        ["plans"] = plans.Select(p => p.ToView()).ToJsonArray(),
        ["links"] = new JsonArray(),
    };
}
