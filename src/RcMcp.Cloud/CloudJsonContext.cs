using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RcMcp.Cloud.Models;

namespace RcMcp.Cloud;

/// <summary>Source-generated JSON metadata for every model of the client. The library serializes nothing through
/// reflection: use <c>CloudJsonContext.Default.&lt;Type&gt;</c> with <see cref="JsonSerializer"/>.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SubscriptionCreateRequest))]
[JsonSerializable(typeof(SubscriptionUpdateRequest))]
[JsonSerializable(typeof(CloudProviderSpec))]
[JsonSerializable(typeof(SubscriptionRegionSpec))]
[JsonSerializable(typeof(SubscriptionRegionNetworkingSpec))]
[JsonSerializable(typeof(ResourceTag))]
[JsonSerializable(typeof(CustomerManagedKeyProperties))]
[JsonSerializable(typeof(CustomerManagedKey))]
[JsonSerializable(typeof(SubscriptionDatabaseSpec))]
[JsonSerializable(typeof(DatabaseThroughputSpec))]
[JsonSerializable(typeof(LocalThroughput))]
[JsonSerializable(typeof(DatabaseModuleSpec))]
[JsonSerializable(typeof(DatabaseCreateRequest))]
[JsonSerializable(typeof(DatabaseUpdateRequest))]
[JsonSerializable(typeof(ReplicaOfSpec))]
[JsonSerializable(typeof(DatabaseSyncSourceSpec))]
[JsonSerializable(typeof(DatabaseBackupConfig))]
[JsonSerializable(typeof(DatabaseCertificateSpec))]
[JsonSerializable(typeof(DatabaseAlertSpec))]
[JsonSerializable(typeof(DatabaseBackupRequest))]
[JsonSerializable(typeof(CrdbFlushRequest))]
[JsonSerializable(typeof(TaskStateUpdate))]
[JsonSerializable(typeof(ProcessorResponse))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonArray))]
public sealed partial class CloudJsonContext : JsonSerializerContext;
