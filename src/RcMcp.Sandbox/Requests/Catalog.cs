namespace RcMcp.Sandbox.Requests;

/// <summary>The values the sandbox accepts: known regions, modules and the spec's enums.</summary>
internal static class Catalog
{
    public static readonly IReadOnlyDictionary<string, string[]> RegionsByProvider = new Dictionary<string, string[]>
    {
        ["AWS"] =
        [
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1",
            "ap-southeast-1", "ap-northeast-1", "ap-south-1",
        ],
        ["GCP"] = ["us-central1", "us-east1", "europe-west1", "europe-west3", "asia-east1", "asia-northeast1"],
    };

    public static readonly IReadOnlyDictionary<string, ModuleInfo> Modules =
        new Dictionary<string, ModuleInfo>(StringComparer.OrdinalIgnoreCase)
        {
            ["RedisJSON"] = new(18536, "RedisJSON", "JSON", "2.8.4"),
            ["RediSearch"] = new(18537, "RediSearch", "Search and query", "2.10.7"),
            ["RedisTimeSeries"] = new(18538, "RedisTimeSeries", "Time series", "1.12.2"),
            ["RedisBloom"] = new(18539, "RedisBloom", "Probabilistic", "2.8.2"),
        };

    public static readonly string[] DeploymentTypes = ["single-region", "active-active"];
    public static readonly string[] PaymentMethods = ["credit-card", "marketplace"];
    public static readonly string[] EncryptionTypes = ["cloud-provider-managed-key", "customer-managed-key"];
    public static readonly string[] DeletionGracePeriods = ["alerts-only", "immediate", "15-minutes", "30-minutes", "1-hour", "4-hours", "8-hours", "12-hours", "24-hours"];
    public static readonly string[] MemoryStorages = ["ram", "ram-and-flash"];
    public static readonly string[] Protocols = ["redis", "memcached"];
    public static readonly string[] RespVersions = ["resp2", "resp3"];
    public static readonly string[] ThroughputMeasurements = ["operations-per-second", "number-of-shards"];

    public static readonly string[] DataPersistence =
    [
        "none", "aof-every-1-second", "aof-every-write", "snapshot-every-1-hour", "snapshot-every-6-hours",
        "snapshot-every-12-hours",
    ];

    public static readonly string[] EvictionPolicies =
    [
        "allkeys-lru", "allkeys-lfu", "allkeys-lrm", "allkeys-random", "volatile-lru", "volatile-lfu", "volatile-lrm",
        "volatile-random", "volatile-ttl", "noeviction",
    ];

    public static readonly string[] AlertNames =
    [
        "dataset-size", "datasets-size", "throughput-higher-than", "throughput-lower-than", "latency",
        "syncsource-error", "syncsource-lag", "connections-limit",
    ];
}

internal sealed record ModuleInfo(int Id, string Name, string CapabilityName, string Version);
