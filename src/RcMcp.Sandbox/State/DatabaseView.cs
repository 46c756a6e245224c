using System.Text.Json.Serialization;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

internal sealed partial class Database
{
    /// <summary>The spec's Database shape. Lists leave out the password, as the API does.</summary>
    public DatabaseView ToView(bool includePassword) => new()
    {
        DatabaseId = Id,
        Name = Name,
        Protocol = Protocol,
        Provider = Subscription.Regions[0].Provider,
        Region = Subscription.Regions[0].Region,
        RespVersion = RespVersion,
        Status = Status,
        DatasetSizeInGb = DatasetSizeInGb,
        MemoryLimitInGb = MemoryLimitInGb,
        MemoryUsedInMb = MemoryUsedInMb,
        MemoryStorage = Subscription.MemoryStorage,
        SupportOSSClusterApi = SupportOssClusterApi,
        UseExternalEndpointForOSSClusterApi = UseExternalEndpointForOssClusterApi,
        DataPersistence = DataPersistence,
        Replication = Replication,
        DataEvictionPolicy = DataEvictionPolicy,
        ThroughputMeasurement = new { by = Throughput.By, value = Throughput.Value },
        ActivatedOn = ActivatedOn is { } activated ? SandboxJson.Timestamp(activated) : null,
        LastModified = SandboxJson.Timestamp(LastModified),
        PublicEndpoint = Endpoint(Subscription.Regions[0], isPrivate: false),
        PrivateEndpoint = Endpoint(Subscription.Regions[0], isPrivate: true),
        Clustering = new { numberOfShards = NumberOfShards, regexRules = RegexRules, hashingPolicy = "standard" },
        Security = new
        {
            enableDefaultUser = EnableDefaultUser,
            password = includePassword ? Password : null,
            sslClientAuthentication = false,
            tlsClientAuthentication = false,
            enableTls = EnableTls,
            sourceIps = SourceIps,
        },
        Modules = Modules.Select(m => new { id = m.Id, name = m.Name, capabilityName = m.CapabilityName, version = m.Version, parameters = new { } }),
        Alerts = Alerts.Select(a => new { name = a.Name, value = a.Value }),
        Backup = BackupView(),
        ActiveActiveRedis = Subscription.IsActiveActive,
        CrdbDatabases = Subscription.IsActiveActive ? Subscription.Regions.Select(CrdbView) : null,
    };

    private object BackupView() => new
    {
        remoteBackupEnabled = HasRemoteBackup,
        interval = RemoteBackup?.Interval,
        destination = RemoteBackup?.StoragePath ?? PeriodicBackupPath,
    };

    private object CrdbView(SubscriptionRegion region) => new
    {
        provider = region.Provider,
        region = region.Region,
        regionId = region.Id,
        publicEndpoint = Endpoint(region, isPrivate: false),
        privateEndpoint = Endpoint(region, isPrivate: true),
        memoryLimitInGb = MemoryLimitInGb,
        datasetSizeInGb = DatasetSizeInGb,
        memoryUsedInMb = MemoryUsedInMb,
        readOperationsPerSecond = Throughput.Value,
        writeOperationsPerSecond = Throughput.Value,
        dataPersistence = DataPersistence,
        backup = BackupView(),
    };

    private string Endpoint(SubscriptionRegion region, bool isPrivate)
    {
        var cloud = region.Provider == "GCP" ? "gce" : "ec2";
        var scope = isPrivate ? "internal." : "";
        return $"redis-{Port}.{scope}c{Subscription.Id}.{region.Region}-1.{cloud}.cloud.redislabs.com:{Port}";
    }
}

/// <summary>JSON shape of a database; property order is the wire order.</summary>
internal sealed record DatabaseView
{
    public required int DatabaseId { get; init; }
    public required string Name { get; init; }
    public required string Protocol { get; init; }
    public required string Provider { get; init; }
    public required string Region { get; init; }
    public string RedisVersion => "7.4";
    public required string RespVersion { get; init; }
    public required string Status { get; init; }
    public required double DatasetSizeInGb { get; init; }
    public required double MemoryLimitInGb { get; init; }
    public required double MemoryUsedInMb { get; init; }
    public required string MemoryStorage { get; init; }
    public required bool SupportOSSClusterApi { get; init; }
    public required bool UseExternalEndpointForOSSClusterApi { get; init; }
    public required string DataPersistence { get; init; }
    public required bool Replication { get; init; }
    public required string DataEvictionPolicy { get; init; }
    public required object ThroughputMeasurement { get; init; }
    public required string? ActivatedOn { get; init; }
    public required string LastModified { get; init; }
    public required string PublicEndpoint { get; init; }
    public required string PrivateEndpoint { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public object? Replica => null;

    public required object Clustering { get; init; }
    public required object Security { get; init; }
    public required IEnumerable<object> Modules { get; init; }
    public required IEnumerable<object> Alerts { get; init; }
    public required object Backup { get; init; }
    public required bool ActiveActiveRedis { get; init; }
    public required IEnumerable<object>? CrdbDatabases { get; init; }
    public IReadOnlyList<object> Links => [];
}
