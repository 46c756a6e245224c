using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>Deterministic dry-run pricing: one shard per 25 GB or 25,000 ops/s, doubled by replication.</summary>
internal static class Pricing
{
    private const double AwsShardHour = 0.124;
    private const double GcpShardHour = 0.136;

    /// <summary>The <c>response.resource</c> of a dry-run task: one entry per database and region.</summary>
    public static JsonObject Quote(IEnumerable<Database> databases) => new()
    {
        ["pricing"] = databases.SelectMany(database => database.Subscription.Regions.Select(region => new JsonObject
        {
            ["databaseName"] = database.Name,
            ["type"] = "Shards",
            ["typeDetails"] = "high-throughput",
            ["quantity"] = database.NumberOfShards * (database.Replication ? 2 : 1),
            ["quantityMeasurement"] = "shards",
            ["pricePerUnit"] = region.Provider == "GCP" ? GcpShardHour : AwsShardHour,
            ["priceCurrency"] = "USD",
            ["pricePeriod"] = "hour",
            ["region"] = region.Region,
        })).ToJsonArray(),
    };
}
