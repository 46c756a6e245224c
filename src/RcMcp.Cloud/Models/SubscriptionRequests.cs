using System.Text.Json.Serialization;

namespace RcMcp.Cloud.Models;

/// <summary>Body of POST /subscriptions, operation createSubscription (spec schema SubscriptionCreateRequest).</summary>
public sealed class SubscriptionCreateRequest
{
    /// <summary>Subscription name.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }

    /// <summary>When true, only returns the deployment plan and pricing; nothing is created. Default false.</summary>
    [JsonPropertyName("dryRun")] public bool? DryRun { get; set; }

    /// <summary>"single-region" (default) or "active-active".</summary>
    [JsonPropertyName("deploymentType")] public string? DeploymentType { get; set; }

    /// <summary>"credit-card" (default; needs <see cref="PaymentMethodId"/>) or "marketplace".</summary>
    [JsonPropertyName("paymentMethod")] public string? PaymentMethod { get; set; }

    /// <summary>Payment method id from GET /payment-methods.</summary>
    [JsonPropertyName("paymentMethodId")] public int? PaymentMethodId { get; set; }

    /// <summary>"ram" (default) or "ram-and-flash".</summary>
    [JsonPropertyName("memoryStorage")] public string? MemoryStorage { get; set; }

    /// <summary>"cloud-provider-managed-key" (default) or "customer-managed-key".</summary>
    [JsonPropertyName("persistentStorageEncryptionType")] public string? PersistentStorageEncryptionType { get; set; }

    /// <summary>Customer managed keys, when <see cref="PersistentStorageEncryptionType"/> is "customer-managed-key".</summary>
    [JsonPropertyName("persistentStorageEncryptionKeys")] public CustomerManagedKeyProperties? PersistentStorageEncryptionKeys { get; set; }

    /// <summary>Required. Cloud provider, regions and networking.</summary>
    [JsonPropertyName("cloudProviders")] public List<CloudProviderSpec>? CloudProviders { get; set; }

    /// <summary>Required. One or more database specifications used to size the subscription.</summary>
    [JsonPropertyName("databases")] public List<SubscriptionDatabaseSpec>? Databases { get; set; }

    /// <summary>Redis version of the databases created by this request, e.g. "7.4".</summary>
    [JsonPropertyName("redisVersion")] public string? RedisVersion { get; set; }

    /// <summary>When false, the databases reject connections to their public endpoint.</summary>
    [JsonPropertyName("publicEndpointAccess")] public bool? PublicEndpointAccess { get; set; }
}

/// <summary>Cloud provider of a new subscription (spec schema SubscriptionSpec).</summary>
public sealed class CloudProviderSpec
{
    /// <summary>"AWS" (default) or "GCP".</summary>
    [JsonPropertyName("provider")] public string? Provider { get; set; }

    /// <summary>Cloud account id (GET /cloud-accounts). Default: Redis internal cloud account.</summary>
    [JsonPropertyName("cloudAccountId")] public int? CloudAccountId { get; set; }

    /// <summary>Required. The region (several only for Active-Active) and its networking.</summary>
    [JsonPropertyName("regions")] public List<SubscriptionRegionSpec>? Regions { get; set; }

    /// <summary>Tags applied to the subscription (at most 30).</summary>
    [JsonPropertyName("resourceTags")] public List<ResourceTag>? ResourceTags { get; set; }
}

/// <summary>One region of a new subscription (spec schema SubscriptionRegionSpec).</summary>
public sealed class SubscriptionRegionSpec
{
    /// <summary>Required. Region as named by the cloud provider, e.g. "us-east-1".</summary>
    [JsonPropertyName("region")] public string? Region { get; set; }

    /// <summary>Deploy across several availability zones. Default false.</summary>
    [JsonPropertyName("multipleAvailabilityZones")] public bool? MultipleAvailabilityZones { get; set; }

    /// <summary>Preferred availability zone ids.</summary>
    [JsonPropertyName("preferredAvailabilityZones")] public List<string>? PreferredAvailabilityZones { get; set; }

    [JsonPropertyName("networking")] public SubscriptionRegionNetworkingSpec? Networking { get; set; }
}

/// <summary>Networking of one region (spec schema SubscriptionRegionNetworkingSpec).</summary>
public sealed class SubscriptionRegionNetworkingSpec
{
    /// <summary>Deployment CIDR (a /24 range), e.g. "10.0.0.0/24".</summary>
    [JsonPropertyName("deploymentCIDR")] public string? DeploymentCidr { get; set; }

    /// <summary>Existing VPC id in your own AWS account.</summary>
    [JsonPropertyName("vpcId")] public string? VpcId { get; set; }

    /// <summary>Existing subnet ids in your own AWS account.</summary>
    [JsonPropertyName("subnetIds")] public List<string>? SubnetIds { get; set; }

    /// <summary>Existing security group id in your own AWS account.</summary>
    [JsonPropertyName("securityGroupId")] public string? SecurityGroupId { get; set; }
}

/// <summary>Customer managed keys for persistent storage encryption (spec schema CustomerManagedKeyProperties).</summary>
public sealed class CustomerManagedKeyProperties
{
    /// <summary>Required. One key, or one per region for Active-Active.</summary>
    [JsonPropertyName("customerManagedKeys")] public List<CustomerManagedKey>? CustomerManagedKeys { get; set; }

    /// <summary>"alerts-only", "immediate", "15-minutes", "30-minutes", "1-hour", "4-hours", "8-hours", "12-hours" or "24-hours".</summary>
    [JsonPropertyName("deletionGracePeriod")] public string? DeletionGracePeriod { get; set; }
}

/// <summary>One customer managed key (spec schema CustomerManagedKey).</summary>
public sealed class CustomerManagedKey
{
    /// <summary>Required. Resource name of the key.</summary>
    [JsonPropertyName("resourceName")] public string? ResourceName { get; set; }

    /// <summary>Region of the key (Active-Active only).</summary>
    [JsonPropertyName("region")] public string? Region { get; set; }
}

/// <summary>A database used to size a new subscription (spec schema SubscriptionDatabaseSpec).</summary>
public sealed class SubscriptionDatabaseSpec
{
    /// <summary>Required. Database name (at most 40 characters: letters, digits, hyphens; starts with a letter).</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }

    /// <summary>Required by the spec. "redis" (default) or "memcached".</summary>
    [JsonPropertyName("protocol")] public string? Protocol { get; set; }

    /// <summary>TCP port 10000-19999. Generated when unset.</summary>
    [JsonPropertyName("port")] public int? Port { get; set; }

    /// <summary>Total memory in GB including replication overhead. Use either this or <see cref="DatasetSizeInGb"/>.</summary>
    [JsonPropertyName("memoryLimitInGb")] public double? MemoryLimitInGb { get; set; }

    /// <summary>Maximum dataset size in GB. Use either this or <see cref="MemoryLimitInGb"/>.</summary>
    [JsonPropertyName("datasetSizeInGb")] public double? DatasetSizeInGb { get; set; }

    [JsonPropertyName("supportOSSClusterApi")] public bool? SupportOssClusterApi { get; set; }

    /// <summary>"none" (default), "aof-every-1-second", "aof-every-write", "snapshot-every-1-hour",
    /// "snapshot-every-6-hours" or "snapshot-every-12-hours".</summary>
    [JsonPropertyName("dataPersistence")] public string? DataPersistence { get; set; }

    /// <summary>Replication. Default true.</summary>
    [JsonPropertyName("replication")] public bool? Replication { get; set; }

    [JsonPropertyName("throughputMeasurement")] public DatabaseThroughputSpec? ThroughputMeasurement { get; set; }

    /// <summary>Per-region throughput (Active-Active only).</summary>
    [JsonPropertyName("localThroughputMeasurement")] public List<LocalThroughput>? LocalThroughputMeasurement { get; set; }

    /// <summary>Advanced capabilities. Do not set for Redis 8 and above (all are bundled).</summary>
    [JsonPropertyName("modules")] public List<DatabaseModuleSpec>? Modules { get; set; }

    /// <summary>Number of databases with these settings. Default 1.</summary>
    [JsonPropertyName("quantity")] public int? Quantity { get; set; }

    /// <summary>Average item size in bytes (ram-and-flash only).</summary>
    [JsonPropertyName("averageItemSizeInBytes")] public long? AverageItemSizeInBytes { get; set; }

    /// <summary>Percentage of data held in RAM (ram-and-flash only).</summary>
    [JsonPropertyName("ramPercentage")] public int? RamPercentage { get; set; }

    /// <summary>"resp2" or "resp3".</summary>
    [JsonPropertyName("respVersion")] public string? RespVersion { get; set; }

    [JsonPropertyName("redisVersion")] public string? RedisVersion { get; set; }

    [JsonPropertyName("autoMinorVersionUpgrade")] public bool? AutoMinorVersionUpgrade { get; set; }

    /// <summary>"default-regex-rules", "custom-regex-rules" or "redis-oss-hashing".</summary>
    [JsonPropertyName("shardingType")] public string? ShardingType { get; set; }

    /// <summary>Extra compute for search and query, e.g. "2x".</summary>
    [JsonPropertyName("queryPerformanceFactor")] public string? QueryPerformanceFactor { get; set; }
}

/// <summary>Body of PUT /subscriptions/{subscriptionId}, operation updateSubscription (spec schema
/// BaseSubscriptionUpdateRequest): one of its two forms, SubscriptionUpdateRequest (name, payment, public endpoint
/// access) or SubscriptionUpdateCMKRequest (<see cref="CustomerManagedKeys"/> and <see cref="DeletionGracePeriod"/>).
/// The API takes one form per call.</summary>
public sealed class SubscriptionUpdateRequest
{
    /// <summary>New subscription name.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }

    /// <summary>Payment method id from GET /payment-methods (required when <see cref="PaymentMethod"/> is "credit-card").</summary>
    [JsonPropertyName("paymentMethodId")] public int? PaymentMethodId { get; set; }

    /// <summary>"credit-card" or "marketplace".</summary>
    [JsonPropertyName("paymentMethod")] public string? PaymentMethod { get; set; }

    /// <summary>When false, the databases reject connections to their public endpoint.</summary>
    [JsonPropertyName("publicEndpointAccess")] public bool? PublicEndpointAccess { get; set; }

    /// <summary>The customer managed keys for persistent storage (the CMK form): one, or one per region for
    /// Active-Active.</summary>
    [JsonPropertyName("customerManagedKeys")] public List<CustomerManagedKey>? CustomerManagedKeys { get; set; }

    /// <summary>How long the subscription is kept when Redis Cloud cannot reach the key (the CMK form):
    /// "alerts-only", "immediate", "15-minutes", … "24-hours".</summary>
    [JsonPropertyName("deletionGracePeriod")] public string? DeletionGracePeriod { get; set; }
}
