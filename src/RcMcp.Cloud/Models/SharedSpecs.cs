using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace RcMcp.Cloud.Models;

// Request specs shared by subscription and database requests. Property names follow the spec exactly; every
// property is nullable so that an unset value is omitted from the JSON body. Enum-like values are strings: the API
// validates them.

/// <summary>Throughput of a database (spec schema DatabaseThroughputSpec).</summary>
public sealed class DatabaseThroughputSpec
{
    /// <summary>Required. "operations-per-second" (use this for new databases) or "number-of-shards".</summary>
    [JsonPropertyName("by")] public string? By { get; set; }

    /// <summary>Required. Throughput in the unit chosen by <see cref="By"/>.</summary>
    [JsonPropertyName("value")] public long? Value { get; set; }
}

/// <summary>Expected throughput of an Active-Active database in one region (spec schema LocalThroughput).</summary>
public sealed class LocalThroughput
{
    /// <summary>One of the subscription's cloud provider regions, e.g. "us-east-1".</summary>
    [JsonPropertyName("region")] public string? Region { get; set; }

    /// <summary>Write operations per second in this region. Default 1000.</summary>
    [JsonPropertyName("writeOperationsPerSecond")] public long? WriteOperationsPerSecond { get; set; }

    /// <summary>Read operations per second in this region. Default 1000.</summary>
    [JsonPropertyName("readOperationsPerSecond")] public long? ReadOperationsPerSecond { get; set; }
}

/// <summary>An advanced capability (module) of a database (spec schema DatabaseModuleSpec).</summary>
public sealed class DatabaseModuleSpec
{
    /// <summary>Required. Capability name from GET /database-modules, e.g. "RedisJSON".</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }

    /// <summary>Optional capability parameters (free-form object; see GET /database-modules).</summary>
    [JsonPropertyName("parameters")] public JsonObject? Parameters { get; set; }
}

/// <summary>A key/value tag of a subscription's cloud resources (spec schema ResourceTag).</summary>
public sealed class ResourceTag
{
    [JsonPropertyName("key")] public string? Key { get; set; }
    [JsonPropertyName("value")] public string? Value { get; set; }
}
