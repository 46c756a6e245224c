using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.Requests;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Pro databases: list, create, read, update, delete; their certificate, slow log and traffic state.</summary>
internal static class DatabaseEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        var databases = v1.MapGroup("/subscriptions/{subscriptionId:int}/databases");
        databases.MapGet("", List);
        databases.MapPost("", Create);
        databases.MapGet("/{databaseId:int}", Get);
        databases.MapPut("/{databaseId:int}", Update);
        databases.MapDelete("/{databaseId:int}", Delete);
        databases.MapGet("/{databaseId:int}/certificate", Certificate);
        databases.MapGet("/{databaseId:int}/slow-log", SlowLog);
        databases.MapGet("/{databaseId:int}/traffic", Traffic);
        databases.MapPost("/{databaseId:int}/traffic/resume", ResumeTraffic);
    }

    private static IResult List(ApiCall call, int subscriptionId, int? offset, int? limit) => call.Run(_ =>
    {
        var subscription = call.Account.GetSubscription(subscriptionId);
        if (offset < 0 || limit < 0)
            throw ApiException.BadRequest("BAD_REQUEST", "'offset' and 'limit' must not be negative.");
        var page = subscription.Databases.Skip(offset ?? 0).Take(limit ?? 100);
        return SandboxJson.Result(new JsonObject
        {
            ["accountId"] = call.Account.Id,
            ["subscription"] = new JsonArray(new JsonObject
            {
                ["subscriptionId"] = subscription.Id,
                ["numberOfDatabases"] = subscription.Databases.Count,
                ["databases"] = page.Select(d => d.ToView(includePassword: false)).ToJsonArray(),
            }),
            ["links"] = new JsonArray(),
        });
    });

    private static IResult Get(ApiCall call, int subscriptionId, int databaseId) =>
        call.Run(_ => SandboxJson.Result(call.Account.GetDatabase(subscriptionId, databaseId).ToView(includePassword: true)));

    private static IResult Create(ApiCall call, int subscriptionId)
    {
        var request = call.ReadBody(SandboxJsonContext.Default.DatabaseCreateRequest);
        return call.Run(now =>
        {
            var subscription = call.Account.GetSubscription(subscriptionId);
            subscription.EnsureActive();
            DatabaseRequestValidator.ValidateCreate(request);
            subscription.EnsureDatabaseNameFree(request.Name!);

            if (request.DryRun)
            {
                var preview = Database.Create(0, subscription, request, now);
                return DryRun(call, "databaseCreateRequest", preview, now);
            }

            var database = Database.Create(call.Account.Ids.NextDatabaseId(), subscription, request, now);
            subscription.Databases.Add(database);
            return call.StartTask("databaseCreateRequest", now, completedAt =>
            {
                database.Activate(completedAt);
                return TaskOutcome.Success(database.Id, subscription.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult Update(ApiCall call, int subscriptionId, int databaseId)
    {
        var request = call.ReadBody(SandboxJsonContext.Default.DatabaseUpdateRequest);
        return call.Run(now =>
        {
            var database = call.Account.GetDatabase(subscriptionId, databaseId);
            DatabaseRequestValidator.ValidateUpdate(request);
            database.EnsureActive();
            if (request.Name is { } name)
                database.Subscription.EnsureDatabaseNameFree(name, except: database);

            if (request.DryRun)
                return DryRun(call, "databaseUpdateRequest", database.Preview(request, now), now);

            database.Status = ResourceStatus.Pending;
            return call.StartTask("databaseUpdateRequest", now, completedAt =>
            {
                database.Apply(request, completedAt);
                database.Status = ResourceStatus.Active;
                return TaskOutcome.Success(database.Id, subscriptionId);
            });
        });
    }

    private static IResult Delete(ApiCall call, int subscriptionId, int databaseId) => call.Run(now =>
    {
        var database = call.Account.GetDatabase(subscriptionId, databaseId);
        database.EnsureActive();

        database.Status = ResourceStatus.Deleting;
        return call.StartTask("dbDeleteRequest", now, _ =>
        {
            database.Subscription.Databases.Remove(database);
            return TaskOutcome.Success(database.Id, subscriptionId);
        });
    });

    private static IResult DryRun(ApiCall call, string commandType, Database preview, DateTimeOffset now)
    {
        var task = call.Account.Tasks.Finished(commandType, now, TaskOutcome.Success(resource: Pricing.Quote([preview])));
        return call.TaskResult(task, now, StatusCodes.Status202Accepted);
    }

    private static IResult Certificate(ApiCall call, int subscriptionId, int databaseId) => call.Run(now =>
    {
        var database = call.Account.GetDatabase(subscriptionId, databaseId);
        return SandboxJson.Result(new JsonObject { ["publicCertificatePEMString"] = call.Account.Databases.Certificate(database, now) });
    });

    private static IResult SlowLog(ApiCall call, int subscriptionId, int databaseId, string? regionName) => call.Run(now =>
    {
        var database = call.Account.GetDatabase(subscriptionId, databaseId);
        var entries = call.Account.Databases.SlowLog(database, RegionOf(database, regionName), now);
        return SandboxJson.Result(new JsonObject
        {
            ["entries"] = entries.Select(e => (JsonNode?)e.ToView()).ToJsonArray(),
            ["links"] = new JsonArray(),
        });
    });

    private static IResult Traffic(ApiCall call, int subscriptionId, int databaseId) => call.Run(_ =>
    {
        var database = call.Account.GetDatabase(subscriptionId, databaseId);
        var state = call.Account.Databases.Traffic(database)
            ?? throw ApiException.NotFound("DATABASE_TRAFFIC_NOT_FOUND", $"Database {databaseId} was never the source of an endpoint redirection.");
        return SandboxJson.Result(state.ToView(databaseId));
    });

    private static IResult ResumeTraffic(ApiCall call, int subscriptionId, int databaseId) => call.Run(_ =>
    {
        call.Account.Databases.ResumeTraffic(call.Account.GetDatabase(subscriptionId, databaseId));
        return Results.StatusCode(StatusCodes.Status204NoContent);
    });

    /// <summary>
    /// The region a per-region read is about: required for an Active-Active database and one of its regions; for a
    /// single-region database, its own region or nothing.
    /// </summary>
    internal static string? RegionOf(Database database, string? regionName)
    {
        var subscription = database.Subscription;
        if (subscription.IsActiveActive && regionName is null)
            throw ApiException.BadRequest("ACTIVE_ACTIVE_MISSING_REGION_NAME", "'regionName' is required for an Active-Active database; ask for each region.");
        if (regionName is not null && subscription.Regions.All(r => r.Region != regionName))
        {
            throw ApiException.BadRequest("INVALID_REGION_NAME",
                $"'regionName' must be one of the database's regions: {string.Join(", ", subscription.Regions.Select(r => r.Region))}.");
        }
        return subscription.IsActiveActive ? regionName : null;
    }
}
