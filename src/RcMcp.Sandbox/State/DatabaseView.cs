using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

internal sealed partial class Database
{
    /// <summary>The spec's Database shape; property order is the wire order. Lists leave out the password, as the API does.</summary>
    public JsonObject ToView(bool includePassword) => new()
    {
        ["databaseId"] = Id,
        ["name"] = Name,
        ["protocol"] = Protocol,
        ["provider"] = Subscription.Regions[0].Provider,
        ["region"] = Subscription.Regions[0].Region,
        ["redisVersion"] = RedisVersion,
        ["respVersion"] = RespVersion,
        ["status"] = Status,
        ["datasetSizeInGb"] = DatasetSizeInGb,
        ["memoryLimitInGb"] = MemoryLimitInGb,
        ["memoryUsedInMb"] = MemoryUsedInMb,
        ["memoryStorage"] = Subscription.MemoryStorage,
        ["supportOSSClusterApi"] = SupportOssClusterApi,
        ["useExternalEndpointForOSSClusterApi"] = UseExternalEndpointForOssClusterApi,
        ["dataPersistence"] = DataPersistence,
        ["replication"] = Replication,
        ["dataEvictionPolicy"] = DataEvictionPolicy,
        ["throughputMeasurement"] = new JsonObject { ["by"] = Throughput.By, ["value"] = Throughput.Value },
        ["activatedOn"] = ActivatedOn is { } activated ? SandboxJson.Timestamp(activated) : null,
        ["lastModified"] = SandboxJson.Timestamp(LastModified),
        ["publicEndpoint"] = Endpoint(Subscription.Regions[0], isPrivate: false),
        ["privateEndpoint"] = Endpoint(Subscription.Regions[0], isPrivate: true),
        ["replica"] = SandboxJson.ExplicitNull(),
        ["clustering"] = new JsonObject
        {
            ["numberOfShards"] = NumberOfShards,
            ["regexRules"] = RegexRules.ToJsonArray(),
            ["hashingPolicy"] = "standard",
        },
        ["security"] = new JsonObject
        {
            ["enableDefaultUser"] = EnableDefaultUser,
            ["password"] = includePassword ? Password : null,
            ["sslClientAuthentication"] = false,
            ["tlsClientAuthentication"] = false,
            ["enableTls"] = EnableTls,
            ["sourceIps"] = SourceIps.ToJsonArray(),
        },
        ["modules"] = Modules.Select(m => new JsonObject
        {
            ["id"] = m.Id,
            ["name"] = m.Name,
            ["capabilityName"] = m.CapabilityName,
            ["version"] = m.Version,
            ["parameters"] = new JsonObject(),
        }).ToJsonArray(),
        ["alerts"] = Alerts.Select(a => new JsonObject { ["name"] = a.Name, ["value"] = a.Value }).ToJsonArray(),
        ["backup"] = BackupView(),
        ["activeActiveRedis"] = Subscription.IsActiveActive,
        ["crdbDatabases"] = Subscription.IsActiveActive ? Subscription.Regions.Select(CrdbView).ToJsonArray() : null,
        ["links"] = new JsonArray(),
    };

    private JsonObject BackupView() => new()
    {
        ["remoteBackupEnabled"] = HasRemoteBackup,
        ["interval"] = RemoteBackup?.Interval,
        ["destination"] = RemoteBackup?.StoragePath ?? PeriodicBackupPath,
    };

    private JsonObject CrdbView(SubscriptionRegion region) => new()
    {
        ["provider"] = region.Provider,
        ["region"] = region.Region,
        ["regionId"] = region.Id,
        ["publicEndpoint"] = Endpoint(region, isPrivate: false),
        ["privateEndpoint"] = Endpoint(region, isPrivate: true),
        ["memoryLimitInGb"] = MemoryLimitInGb,
        ["datasetSizeInGb"] = DatasetSizeInGb,
        ["memoryUsedInMb"] = MemoryUsedInMb,
        ["readOperationsPerSecond"] = Throughput.Value,
        ["writeOperationsPerSecond"] = Throughput.Value,
        ["dataPersistence"] = DataPersistence,
        ["backup"] = BackupView(),
    };

    private string Endpoint(SubscriptionRegion region, bool isPrivate)
    {
        var cloud = region.Provider == "GCP" ? "gce" : "ec2";
        var scope = isPrivate ? "internal." : "";
        return $"redis-{Port}.{scope}c{Subscription.Id}.{region.Region}-1.{cloud}.cloud.redislabs.com:{Port}";
    }
}
