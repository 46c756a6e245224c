using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Essentials databases themselves (the spec's "Databases - Essentials"): list, create, get, update and delete, their slow log and traffic state.</summary>
internal static class EssentialsDatabaseEndpoints
{
    private const string Database = "/{databaseId:int}";

    public static void Map(IEndpointRouteBuilder v1)
    {
        var databases = v1.MapGroup("/fixed/subscriptions/{subscriptionId:int}/databases");
        databases.MapGet("", List);
        databases.MapPost("", Create);
        databases.MapGet(Database, Get);
        databases.MapPut(Database, Update);
        databases.MapDelete(Database, Delete);
        databases.MapGet(Database + "/slow-log", SlowLog);
        databases.MapGet(Database + "/traffic", Traffic);
        databases.MapPost(Database + "/traffic/resume", ResumeTraffic);
    }

    private static IResult List(ApiCall call, int subscriptionId, int? offset, int? limit) => call.Run(_ =>
    {
        var subscription = call.Account.Essentials.GetSubscription(subscriptionId);
        if (offset < 0 || limit < 0)
            throw ApiException.BadRequest("BAD_REQUEST", "'offset' and 'limit' must not be negative.");
        return SandboxJson.Result(new JsonObject
        {
            ["accountId"] = call.Account.Id,
            ["subscription"] = new JsonObject
            {
                ["subscriptionId"] = subscription.Id,
                ["numberOfDatabases"] = subscription.Databases.Count,
                ["databases"] = subscription.Databases.Skip(offset ?? 0).Take(limit ?? 100).Select(d => d.ToView(includePassword: false)).ToJsonArray(),
                ["links"] = new JsonArray(),
            },
            ["links"] = new JsonArray(),
        });
    });

    private static IResult Get(ApiCall call, int subscriptionId, int databaseId) =>
        call.Run(_ => SandboxJson.Result(call.Account.Essentials.GetDatabase(subscriptionId, databaseId).ToView(includePassword: true)));

    private static IResult Create(ApiCall call, int subscriptionId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var essentials = call.Account.Essentials;
            var subscription = essentials.GetSubscription(subscriptionId);
            var settings = EssentialsDatabaseSettings.Parse(body, create: true);
            subscription.EnsureActive();
            settings.CheckAgainst(subscription.Plan, current: null);
            subscription.EnsureDatabaseNameFree(settings.Name!);
            if (subscription.Databases.Count >= subscription.Plan.MaximumDatabases)
            {
                throw ApiException.Conflict("DATABASE_LIMIT_REACHED",
                    $"The plan '{subscription.Plan.Name}' of subscription {subscriptionId} holds {subscription.Plan.MaximumDatabases} database(s), and it has {subscription.Databases.Count}.");
            }

            var database = EssentialsDatabase.Create(essentials.NextDatabaseId(), subscription, settings, now);
            subscription.Databases.Add(database);
            return call.StartTask("fixedDatabaseCreateRequest", now, completedAt =>
            {
                database.Activate(completedAt);
                return TaskOutcome.Success(database.Id, subscription.Id);
            });
        });
    }

    private static IResult Update(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
            var settings = EssentialsDatabaseSettings.Parse(body, create: false);
            database.EnsureActive();
            settings.CheckAgainst(database.Plan, database);
            if (settings.Name is { } name)
                database.Subscription.EnsureDatabaseNameFree(name, except: database);

            database.Status = ResourceStatus.Pending;
            return call.StartTask("fixedDatabaseUpdateRequest", now, completedAt =>
            {
                database.Apply(settings, completedAt);
                database.Status = ResourceStatus.Active;
                return TaskOutcome.Success(database.Id, subscriptionId);
            });
        });
    }

    private static IResult Delete(ApiCall call, int subscriptionId, int databaseId) => call.Run(now =>
    {
        var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
        database.EnsureActive();

        database.Status = ResourceStatus.Deleting;
        return call.StartTask("fixedDatabaseDeleteRequest", now, _ =>
        {
            database.Subscription.Databases.Remove(database);
            return TaskOutcome.Success(database.Id, subscriptionId);
        });
    });

    // ---- Slow log ----

    private static IResult SlowLog(ApiCall call, int subscriptionId, int databaseId) => call.Run(_ =>
    {
        var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
        return SandboxJson.Result(new JsonObject
        {
            ["entries"] = database.SlowLog.Select(e => e.ToView()).ToJsonArray(),
            ["links"] = new JsonArray(),
        });
    });

    // ---- Traffic ----

    private static IResult Traffic(ApiCall call, int subscriptionId, int databaseId) => call.Run(now =>
    {
        var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
        return SandboxJson.Result(TrafficOf(database).ToView(databaseId, now));
    });

    private static IResult ResumeTraffic(ApiCall call, int subscriptionId, int databaseId) => call.Run(now =>
    {
        var database = call.Account.Essentials.GetDatabase(subscriptionId, databaseId);
        var traffic = TrafficOf(database);
        if (traffic.Status != "stopped")
            throw ApiException.Conflict("DATABASE_TRAFFIC_NOT_STOPPED", $"The traffic of database {databaseId} is not stopped.");
        if (!traffic.CanResume(now))
        {
            throw ApiException.Conflict("DATABASE_TRAFFIC_RESUME_NOT_ELIGIBLE",
                $"The traffic of database {databaseId} can be resumed from {SandboxJson.Timestamp(traffic.ResumeEligibleAt!.Value)}.");
        }
        traffic.Status = "active";
        return Results.NoContent();
    });

    private static EssentialsTraffic TrafficOf(EssentialsDatabase database) =>
        database.Traffic ?? throw ApiException.NotFound("DATABASE_TRAFFIC_NOT_FOUND",
            $"Database {database.Id} was not the source of an endpoint redirection, so it has no traffic state.");
}
