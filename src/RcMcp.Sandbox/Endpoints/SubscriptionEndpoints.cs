using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.Requests;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Pro subscriptions: list, create, read, update, delete; the Redis versions on offer and a subscription's pricing.</summary>
internal static class SubscriptionEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        var subscriptions = v1.MapGroup("/subscriptions");
        subscriptions.MapGet("/redis-versions", ListRedisVersions);
        subscriptions.MapGet("", List);
        subscriptions.MapPost("", Create);
        subscriptions.MapGet("/{subscriptionId:int}", Get);
        subscriptions.MapPut("/{subscriptionId:int}", Update);
        subscriptions.MapDelete("/{subscriptionId:int}", Delete);
        subscriptions.MapGet("/{subscriptionId:int}/pricing", GetPricing);
    }

    private static IResult List(ApiCall call) => call.Run(_ => SandboxJson.Result(new JsonObject
    {
        ["accountId"] = call.Account.Id,
        ["subscriptions"] = call.Account.Subscriptions.Select(s => s.ToView()).ToJsonArray(),
    }));

    private static IResult Get(ApiCall call, int subscriptionId) =>
        call.Run(_ => SandboxJson.Result(call.Account.GetSubscription(subscriptionId).ToView()));

    private static IResult Create(ApiCall call)
    {
        var request = call.ReadBody(SandboxJsonContext.Default.SubscriptionCreateRequest);
        SubscriptionRequestValidator.ValidateCreate(request);
        return call.Run(now =>
        {
            var account = call.Account;
            if (request.Name is { } name)
                account.EnsureSubscriptionNameFree(name);

            if (request.DryRun)
            {
                var preview = Subscription.Create(new IdAllocator(), request, now);
                var quote = account.Tasks.Finished("subscriptionCreateRequest", now, TaskOutcome.Success(resource: Pricing.Quote(preview.Databases)));
                return call.TaskResult(quote, now, StatusCodes.Status202Accepted);
            }

            var subscription = Subscription.Create(account.Ids, request, now);
            account.Add(subscription);
            return call.StartTask("subscriptionCreateRequest", now, completedAt =>
            {
                subscription.Activate(completedAt);
                return TaskOutcome.Success(subscription.Id, resource: new JsonObject
                {
                    ["databases"] = subscription.Databases
                        .Select(d => new JsonObject { ["databaseId"] = d.Id, ["databaseName"] = d.Name })
                        .ToJsonArray(),
                });
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult Update(ApiCall call, int subscriptionId)
    {
        var request = call.ReadBody(SandboxJsonContext.Default.SubscriptionUpdateRequest);
        return call.Run(now =>
        {
            var subscription = call.Account.GetSubscription(subscriptionId);
            SubscriptionRequestValidator.ValidateUpdate(request);
            if (request.CustomerManagedKeys is { } keys)
                subscription.EnsureKeysFit(keys.Select(k => k!).ToList());
            subscription.EnsureActive();
            if (request.Name is { } name)
                call.Account.EnsureSubscriptionNameFree(name, except: subscription);

            return call.StartTask("subscriptionUpdateRequest", now, _ =>
            {
                subscription.Apply(request);
                return TaskOutcome.Success(subscription.Id);
            });
        });
    }

    private static IResult Delete(ApiCall call, int subscriptionId) => call.Run(now =>
    {
        var account = call.Account;
        var subscription = account.GetSubscription(subscriptionId);
        if (subscription.Databases.Count > 0)
        {
            throw ApiException.Conflict("CONFLICT_ERROR",
                $"Subscription {subscriptionId} still has {subscription.Databases.Count} database(s); delete them first.");
        }
        subscription.EnsureActive();

        subscription.Status = ResourceStatus.Deleting;
        return call.StartTask("subscriptionDeleteRequest", now, _ =>
        {
            account.Remove(subscription);
            return TaskOutcome.Success(subscription.Id);
        });
    });

    private static IResult ListRedisVersions(ApiCall call, int? subscriptionId) => call.Run(_ =>
    {
        if (subscriptionId is { } id)
            call.Account.GetSubscription(id);
        return SandboxJson.Result(new JsonObject
        {
            ["redisVersions"] = RedisVersions.All.Select(v => (JsonNode?)v.ToView()).ToJsonArray(),
        });
    });

    /// <summary>Spec schema SubscriptionPricings: the subscription's shards per database and region.</summary>
    private static IResult GetPricing(ApiCall call, int subscriptionId) => call.Run(_ =>
    {
        var subscription = call.Account.GetSubscription(subscriptionId);
        var quote = Pricing.Quote(subscription.Databases);
        foreach (var item in (JsonArray)quote["pricing"]!)
            ((JsonObject)item!).Remove("databaseName");
        return SandboxJson.Result(quote);
    });
}
