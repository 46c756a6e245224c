using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.Requests;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Active-Active regions (added and removed through tasks; dry runs change nothing), local properties and flush.</summary>
internal static class ActiveActiveEndpoints
{
    private const double AwsShardHour = 0.124;
    private const double GcpShardHour = 0.136;

    public static void Map(IEndpointRouteBuilder v1)
    {
        var regions = v1.MapGroup("/subscriptions/{subscriptionId:int}/regions");
        regions.MapGet("", List);
        regions.MapPost("", Add);
        regions.MapDelete("", Delete);
        v1.MapPut("/subscriptions/{subscriptionId:int}/databases/{databaseId:int}/regions", UpdateLocalProperties);
        v1.MapPut("/subscriptions/{subscriptionId:int}/databases/{databaseId:int}/flush", Flush);
    }

    private static IResult List(ApiCall call, int subscriptionId) => call.Run(_ =>
    {
        var subscription = ActiveActive(call.Account.GetSubscription(subscriptionId));
        return SandboxJson.Result(new JsonObject
        {
            ["subscriptionId"] = subscription.Id,
            ["regions"] = subscription.Regions.Select(r => (JsonNode?)call.Account.ActiveActive.RegionView(subscription, r)).ToJsonArray(),
            ["links"] = new JsonArray(),
        });
    });

    private static IResult Add(ApiCall call, int subscriptionId)
    {
        var body = call.ReadJsonBody();
        var regionName = body.Str("region", required: true, minLength: 1, maxLength: 64)!;
        var cidr = body.Str("deploymentCIDR", required: true, minLength: 1, maxLength: 18)!;
        if (!IPNetwork.TryParse(cidr, out var network) || network.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || network.PrefixLength != 24)
            throw ApiException.BadRequest("SUBSCRIPTION_INVALID_CIDR", $"'deploymentCIDR' must be an IPv4 CIDR of 256 addresses (a /24), e.g. 10.0.2.0/24 (got '{cidr}').");
        var vpcId = body.Str("vpcId", maxLength: 64);
        var subnetIds = body.Strings("subnetIds", maxItems: 16) ?? [];
        var securityGroupId = body.Str("securityGroupId", maxLength: 64);
        var multipleZones = body.Bool("multipleAvailabilityZones") ?? true;
        var zones = body.Strings("preferredAvailabilityZones", maxItems: 3) ?? [];
        // Deprecated in the spec, still taken: the RESP version of every database's copy in the new region.
        var respVersion = body.Enum("respVersion", Catalog.RespVersions);
        body.Str("customerManagedKeyResourceName", maxLength: 512);
        var dryRun = body.Bool("dryRun") ?? false;
        var throughputs = (body.Objects("databases", maxItems: 50) ?? []).Select(d =>
        {
            var name = d.Str("name", required: true, minLength: 1)!;
            var local = d.Obj("localThroughputMeasurement");
            if (local?.Str("region") is { } localRegion && localRegion != regionName)
                throw ApiException.BadRequest("BAD_REQUEST", $"'{local.Field("region")}' must be the region being added ('{regionName}').");
            return (Name: name, Settings: new LocalRegionSettings(
                local?.Long("readOperationsPerSecond", min: 0) ?? ActiveActiveState.DefaultLocalOperations,
                local?.Long("writeOperationsPerSecond", min: 0) ?? ActiveActiveState.DefaultLocalOperations));
        }).ToList();

        return call.Run(now =>
        {
            var account = call.Account;
            var subscription = ActiveActive(account.GetSubscription(subscriptionId));
            subscription.EnsureActive();
            var provider = subscription.Regions[0].Provider;
            if (!Catalog.RegionsByProvider[provider].Contains(regionName, StringComparer.Ordinal))
                throw ApiException.BadRequest("REGION_NOT_SUPPORTED", $"'region' must be a {provider} region (list_regions), got '{regionName}'.");
            if (subscription.Regions.Any(r => r.Region == regionName))
                throw ApiException.Conflict("REGION_ALREADY_EXISTS", $"Subscription {subscriptionId} already has the region {regionName}.");
            if (subscription.Regions.FirstOrDefault(r => IPNetwork.TryParse(r.DeploymentCidr, out var other) && (other.Contains(network.BaseAddress) || network.Contains(other.BaseAddress))) is { } overlapping)
                throw ApiException.Conflict("DEPLOYMENT_CIDR_OVERLAP", $"'deploymentCIDR' {cidr} overlaps {overlapping.DeploymentCidr} of region {overlapping.Region}.");
            foreach (var (name, _) in throughputs)
            {
                if (subscription.Databases.All(d => d.Name != name))
                    throw ApiException.BadRequest("DATABASE_NOT_FOUND", $"'databases' names '{name}', which is not a database of subscription {subscriptionId}.");
            }

            if (dryRun)
            {
                var quote = new JsonObject
                {
                    ["pricing"] = subscription.Databases.Select(d => (JsonNode?)PriceLine(d, provider, regionName)).ToJsonArray(),
                };
                return call.TaskResult(account.Tasks.Finished("activeActiveRegionCreateRequest", now, TaskOutcome.Success(subscriptionId, resource: quote)), now);
            }

            subscription.Status = ResourceStatus.Pending;
            return call.StartTask("activeActiveRegionCreateRequest", now, _ =>
            {
                if (!account.Subscriptions.Contains(subscription))
                    return TaskOutcome.Failure("SUBSCRIPTION_NOT_FOUND", $"Subscription {subscriptionId} was deleted before the region was added.", subscriptionId);
                var region = new SubscriptionRegion(account.Ids.NextRegionId(), provider, regionName, cidr, multipleZones, zones);
                subscription.Regions = [.. subscription.Regions, region];
                account.ActiveActive.SetNetwork(region, new RegionNetwork(vpcId ?? $"vpc-{subscription.Id:x}{region.Id:x4}", subnetIds, securityGroupId));
                foreach (var database in subscription.Databases)
                {
                    var given = throughputs.FirstOrDefault(t => t.Name == database.Name).Settings;
                    account.ActiveActive.SetLocal(database, regionName, (given ?? new LocalRegionSettings(ActiveActiveState.DefaultLocalOperations, ActiveActiveState.DefaultLocalOperations)) with { RespVersion = respVersion });
                }
                subscription.Status = ResourceStatus.Active;
                return TaskOutcome.Success(subscriptionId, region.Id);
            });
        });
    }

    private static IResult Delete(ApiCall call, int subscriptionId)
    {
        var body = call.ReadJsonBody();
        var names = body.Objects("regions", required: true, minItems: 1, maxItems: 10)!.Select(r => r.Str("region", required: true, minLength: 1)!).ToList();
        if (names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            throw ApiException.BadRequest("BAD_REQUEST", $"'regions' names {repeated.Key} twice.");
        var dryRun = body.Bool("dryRun") ?? false;

        return call.Run(now =>
        {
            var account = call.Account;
            var subscription = ActiveActive(account.GetSubscription(subscriptionId));
            subscription.EnsureActive();
            var removed = names.Select(n => subscription.Regions.FirstOrDefault(r => r.Region == n)
                ?? throw ApiException.NotFound("REGION_NOT_FOUND", $"Subscription {subscriptionId} has no region {n}.")).ToList();
            if (subscription.Regions.Count - removed.Count < 2)
            {
                throw ApiException.Unprocessable("ACTIVE_ACTIVE_MINIMUM_REGIONS",
                    $"An Active-Active subscription keeps at least two regions; subscription {subscriptionId} has {subscription.Regions.Count}.");
            }
            var plan = new JsonObject
            {
                ["regions"] = removed.Select(r => r.Region).ToJsonArray(),
                ["databases"] = subscription.Databases.Select(d => (JsonNode?)new JsonObject { ["databaseId"] = d.Id, ["databaseName"] = d.Name }).ToJsonArray(),
            };
            if (dryRun)
                return call.TaskResult(account.Tasks.Finished("activeActiveRegionDeleteRequest", now, TaskOutcome.Success(subscriptionId, resource: plan)), now);

            subscription.Status = ResourceStatus.Pending;
            return call.StartTask("activeActiveRegionDeleteRequest", now, _ =>
            {
                if (!account.Subscriptions.Contains(subscription))
                    return TaskOutcome.Failure("SUBSCRIPTION_NOT_FOUND", $"Subscription {subscriptionId} was deleted before the regions were removed.", subscriptionId);
                subscription.Regions = subscription.Regions.Except(removed).ToList();
                foreach (var region in removed)
                    account.ActiveActive.RemoveRegion(subscription, region);
                subscription.Status = ResourceStatus.Active;
                return TaskOutcome.Success(subscriptionId, resource: plan);
            });
        });
    }

    /// <summary>Global settings apply to the database in every region; a region's local settings override them there.</summary>
    private static IResult UpdateLocalProperties(ApiCall call, int subscriptionId, int databaseId)
    {
        var body = call.ReadJsonBody();
        var update = new DatabaseUpdateRequest
        {
            Name = body.Str("name", minLength: 1, maxLength: 40),
            DatasetSizeInGb = body.Double("datasetSizeInGb", min: 0.1),
            SupportOSSClusterApi = body.Bool("supportOSSClusterApi"),
            UseExternalEndpointForOSSClusterApi = body.Bool("useExternalEndpointForOSSClusterApi"),
            EnableTls = body.Bool("enableTls"),
            DataPersistence = body.Enum("globalDataPersistence", Catalog.DataPersistence),
            Password = SecretLedger.RecordIfAny(body.Str("globalPassword", minLength: 8, maxLength: 128)),
            EnableDefaultUser = body.Bool("globalEnableDefaultUser"),
            SourceIp = body.Strings("globalSourceIp", maxItems: 1000)?.ToList(),
            Alerts = Alerts(body, "globalAlerts"),
            DataEvictionPolicy = body.Enum("dataEvictionPolicy", Catalog.EvictionPolicies),
        };
        foreach (var certificate in body.Objects("clientTlsCertificates", maxItems: 50) ?? [])
            certificate.Str("publicCertificatePEMString", required: true, minLength: 1);
        body.Bool("autoMinorVersionUpgrade");
        if (update.UseExternalEndpointForOSSClusterApi == true && update.SupportOSSClusterApi != true)
            throw ApiException.Unprocessable("BAD_REQUEST", "'useExternalEndpointForOSSClusterApi' needs 'supportOSSClusterApi': true.");
        var dryRun = body.Bool("dryRun") ?? false;
        var regions = (body.Objects("regions", maxItems: 20) ?? []).Select(r => (Name: r.Str("region", required: true, minLength: 1)!, Body: r)).ToList();
        if (regions.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            throw ApiException.BadRequest("BAD_REQUEST", $"'regions' names {repeated.Key} twice.");

        return call.Run(now =>
        {
            var account = call.Account;
            var database = account.GetDatabase(subscriptionId, databaseId);
            var subscription = ActiveActive(database.Subscription);
            database.EnsureActive();
            if (update.Name is { } name)
                subscription.EnsureDatabaseNameFree(name, except: database);
            var locals = regions.Select(r =>
            {
                if (subscription.Regions.All(x => x.Region != r.Name))
                    throw ApiException.NotFound("REGION_NOT_FOUND", $"Subscription {subscriptionId} has no region {r.Name}.");
                return (r.Name, Settings: Local(r.Body, account.ActiveActive.Local(database, r.Name)));
            }).ToList();

            if (dryRun)
            {
                var preview = database.Preview(update, now);
                return call.TaskResult(account.Tasks.Finished("crdbUpdateLocalPropertiesRequest", now, TaskOutcome.Success(databaseId, resource: State.Pricing.Quote([preview]))), now);
            }

            return call.StartTask("crdbUpdateLocalPropertiesRequest", now, completedAt =>
            {
                if (!database.Exists)
                    return TaskOutcome.Failure("DATABASE_NOT_FOUND", $"Database {databaseId} was deleted before the update ran.", databaseId);
                database.Apply(update, completedAt);
                foreach (var (region, settings) in locals)
                {
                    if (database.Subscription.Regions.Any(r => r.Region == region))
                        account.ActiveActive.SetLocal(database, region, settings);
                }
                return TaskOutcome.Success(databaseId, subscriptionId);
            });
        });
    }

    /// <summary>A region's local settings from the request, over the ones it has.</summary>
    private static LocalRegionSettings Local(JsonBody region, LocalRegionSettings current)
    {
        var throughput = region.Obj("localThroughputMeasurement");
        if (throughput?.Str("region") is { } named && named != region.Str("region"))
            throw ApiException.BadRequest("BAD_REQUEST", $"'{throughput.Field("region")}' must be '{region.Str("region")}'.");
        var backup = region.Obj("remoteBackup");
        return current with
        {
            ReadOperationsPerSecond = throughput?.Long("readOperationsPerSecond", min: 0) ?? current.ReadOperationsPerSecond,
            WriteOperationsPerSecond = throughput?.Long("writeOperationsPerSecond", min: 0) ?? current.WriteOperationsPerSecond,
            DataPersistence = region.Enum("dataPersistence", Catalog.DataPersistence) ?? current.DataPersistence,
            Password = SecretLedger.RecordIfAny(region.Str("password", minLength: 8, maxLength: 128)) ?? current.Password,
            SourceIps = region.Strings("sourceIp", maxItems: 1000) ?? current.SourceIps,
            Alerts = Alerts(region, "alerts")?.Select(a => new Alert(a!.Name!, a.Value!.Value)).ToList() ?? current.Alerts,
            RespVersion = region.Enum("respVersion", Catalog.RespVersions) ?? current.RespVersion,
            EnableDefaultUser = region.Bool("enableDefaultUser") ?? current.EnableDefaultUser,
            RemoteBackup = backup is null ? current.RemoteBackup : new RemoteBackupSpec
            {
                Active = backup.Bool("active"),
                Interval = backup.Str("interval"),
                TimeUtc = backup.Str("timeUTC"),
                StorageType = backup.Str("storageType"),
                StoragePath = backup.Str("storagePath"),
            },
        };
    }

    private static List<AlertSpec?>? Alerts(JsonBody body, string field) =>
        body.Objects(field, maxItems: 20)?.Select(a => (AlertSpec?)new AlertSpec(a.Enum("name", required: true, Catalog.AlertNames), a.Int("value", required: true, min: 0))).ToList();

    private static Subscription ActiveActive(Subscription subscription) => subscription.IsActiveActive
        ? subscription
        : throw ApiException.BadRequest("SUBSCRIPTION_NOT_ACTIVE_ACTIVE", $"Subscription {subscription.Id} is single-region; regions are managed only in Active-Active subscriptions.");

    /// <summary>One pricing line (spec schema SubscriptionPricing) of a database's copy in a new region.</summary>
    private static JsonObject PriceLine(Database database, string provider, string region) => new()
    {
        ["databaseName"] = database.Name,
        ["type"] = "Shards",
        ["typeDetails"] = "high-throughput",
        ["quantity"] = database.NumberOfShards * (database.Replication ? 2 : 1),
        ["quantityMeasurement"] = "shards",
        ["pricePerUnit"] = provider == "GCP" ? GcpShardHour : AwsShardHour,
        ["priceCurrency"] = "USD",
        ["pricePeriod"] = "hour",
        ["region"] = region,
    };

    private static IResult Flush(ApiCall call, int subscriptionId, int databaseId)
    {
        var request = call.ReadOptionalBody(SandboxJsonContext.Default.CrdbFlushRequest) ?? new CrdbFlushRequest();
        return call.Run(now =>
        {
            var database = call.Account.GetDatabase(subscriptionId, databaseId);
            database.EnsureActive();
            var subscription = database.Subscription;
            var unknown = (request.RegionIds ?? []).Where(id => subscription.Regions.All(r => r.Id != id)).ToList();
            if (subscription.IsActiveActive && unknown.Count > 0)
            {
                throw ApiException.BadRequest("SUBSCRIPTION_INVALID_REGION_ID",
                    $"'regionIds' contains ids that are not regions of subscription {subscriptionId}: {string.Join(", ", unknown)}.");
            }

            return call.StartTask("crdbFlushRequest", now, _ =>
            {
                if (!subscription.IsActiveActive)
                {
                    return TaskOutcome.Failure("CRDB_FLUSH_ACTION_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
                        $"Flush is only available for active-active databases; subscription {subscriptionId} is single-region.", databaseId);
                }
                if (!database.Exists)
                    return TaskOutcome.Failure("DATABASE_NOT_FOUND", $"Database {databaseId} was deleted before the flush ran.", databaseId);
                database.MemoryUsedInMb = 0;
                return TaskOutcome.Success(databaseId, subscriptionId);
            });
        });
    }
}
