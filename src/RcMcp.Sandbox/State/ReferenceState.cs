using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.Requests;

namespace RcMcp.Sandbox.State;

/// <summary>
/// One account's state for: Account and reference data (regions, modules, persistence, factors, Redis versions).
/// Reference data is the same for every account and built from <see cref="Catalog"/>, the values the sandbox's
/// validators accept, so what a client lists is exactly what it may send.
/// </summary>
internal sealed class ReferenceState
{
    /// <summary>The service's region ids (the spec's Regions example) of the regions the sandbox knows.</summary>
    private static readonly IReadOnlyDictionary<string, int> RegionIds = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["AWS/us-east-1"] = 1, ["AWS/us-west-1"] = 2, ["AWS/us-west-2"] = 3, ["AWS/eu-west-1"] = 4, ["AWS/ap-southeast-1"] = 5,
        ["AWS/ap-northeast-1"] = 6, ["AWS/eu-central-1"] = 29, ["AWS/ap-south-1"] = 30, ["AWS/us-east-2"] = 59, ["AWS/eu-west-2"] = 60,
        ["GCP/us-central1"] = 27, ["GCP/asia-east1"] = 32, ["GCP/asia-northeast1"] = 33, ["GCP/europe-west1"] = 35,
        ["GCP/us-east1"] = 38, ["GCP/europe-west3"] = 75,
    };

    private static readonly IReadOnlyDictionary<string, string> ModuleDescriptions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["RedisJSON"] = "Native JSON documents, with atomic reads and writes of their parts",
        ["RediSearch"] = "Secondary indexes, full-text search, vector similarity and aggregations over hashes and JSON",
        ["RedisTimeSeries"] = "Time series with downsampling, retention and range queries",
        ["RedisBloom"] = "Probabilistic structures: Bloom and Cuckoo filters, Count-min sketch, Top-K, t-digest",
    };

    private static readonly IReadOnlyDictionary<string, string> PersistenceDescriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["none"] = "None",
        ["aof-every-1-second"] = "Append only file (AOF) - fsync every 1 second",
        ["aof-every-write"] = "Append only file (AOF) - fsync every write",
        ["snapshot-every-1-hour"] = "Snapshot every 1 hour",
        ["snapshot-every-6-hours"] = "Snapshot every 6 hours",
        ["snapshot-every-12-hours"] = "Snapshot every 12 hours",
    };

    /// <summary>The query performance factors of search and query databases.</summary>
    public static readonly IReadOnlyList<string> QueryPerformanceFactors = ["2x", "4x", "6x", "8x", "10x", "12x", "14x", "16x"];

    public static readonly string[] Providers = ["AWS", "GCP"];

    /// <summary>Spec schema Regions, optionally for one provider.</summary>
    public JsonObject Regions(string? provider) => new()
    {
        ["regions"] = Catalog.RegionsByProvider
            .Where(p => provider is null || p.Key == provider)
            .SelectMany(p => p.Value.Select(region => (Provider: p.Key, Region: region)))
            .Select(r => new JsonObject
            {
                ["id"] = RegionIds.TryGetValue($"{r.Provider}/{r.Region}", out var id) ? id : 1000 + Math.Abs(StableHash(r.Region) % 1000),
                ["name"] = r.Region,
                ["provider"] = r.Provider,
            })
            .OrderBy(r => (string)r["provider"]!, StringComparer.Ordinal).ThenBy(r => (int)r["id"]!)
            .ToJsonArray(),
        ["links"] = new JsonArray(),
    };

    /// <summary>Spec schema ModulesData: every module databases below Redis 8 may name, with its parameters.</summary>
    public JsonObject Modules() => new()
    {
        ["modules"] = Catalog.Modules.Values.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m => new JsonObject
        {
            ["name"] = m.Name,
            ["capabilityName"] = m.CapabilityName,
            ["description"] = ModuleDescriptions.GetValueOrDefault(m.Name, m.CapabilityName),
            ["parameters"] = m.Name == "RediSearch"
                ? new JsonArray(new JsonObject
                {
                    ["name"] = "number-of-documents",
                    ["description"] = "Expected number of documents the module will index",
                    ["type"] = "integer",
                    ["defaultValue"] = 1_000_000,
                    ["required"] = false,
                })
                : new JsonArray(),
        }).ToJsonArray(),
        ["links"] = new JsonArray(),
    };

    /// <summary>Spec schema DataPersistenceOptions.</summary>
    public JsonObject DataPersistence() => new()
    {
        ["dataPersistence"] = Catalog.DataPersistence.Select(name => new JsonObject
        {
            ["name"] = name,
            ["description"] = PersistenceDescriptions.GetValueOrDefault(name, name),
        }).ToJsonArray(),
        ["links"] = new JsonArray(),
    };

    /// <summary>Spec schema SearchScalingFactorsData.</summary>
    public JsonObject SearchScalingFactors() => new()
    {
        ["queryPerformanceFactors"] = QueryPerformanceFactors.ToJsonArray(),
        ["links"] = new JsonArray(),
    };

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text) hash = unchecked(hash * 31 + c);
        return hash;
    }
}
