using System.Text.Json.Serialization;

namespace RcMcp.Cloud.Models;

/// <summary>Body of POST /subscriptions/{subscriptionId}/databases, operation createDatabase
/// (spec schema DatabaseCreateRequest).</summary>
public sealed class DatabaseCreateRequest
{
    /// <summary>When true, only returns the deployment plan and pricing; nothing is created. Default false.</summary>
    [JsonPropertyName("dryRun")] public bool? DryRun { get; set; }

    /// <summary>Required. Database name (at most 40 characters: letters, digits, hyphens; starts with a letter).</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }

    /// <summary>"redis" (default) or "memcached".</summary>
    [JsonPropertyName("protocol")] public string? Protocol { get; set; }

    /// <summary>TCP port 10000-19999. Generated when unset.</summary>
    [JsonPropertyName("port")] public int? Port { get; set; }

    /// <summary>Total memory in GB including replication overhead. Use either this or <see cref="DatasetSizeInGb"/>.</summary>
    [JsonPropertyName("memoryLimitInGb")] public double? MemoryLimitInGb { get; set; }

    /// <summary>Maximum dataset size in GB. Use either this or <see cref="MemoryLimitInGb"/>.</summary>
    [JsonPropertyName("datasetSizeInGb")] public double? DatasetSizeInGb { get; set; }

    [JsonPropertyName("redisVersion")] public string? RedisVersion { get; set; }

    [JsonPropertyName("autoMinorVersionUpgrade")] public bool? AutoMinorVersionUpgrade { get; set; }

    /// <summary>"resp2" or "resp3".</summary>
    [JsonPropertyName("respVersion")] public string? RespVersion { get; set; }

    [JsonPropertyName("supportOSSClusterApi")] public bool? SupportOssClusterApi { get; set; }

    [JsonPropertyName("useExternalEndpointForOSSClusterApi")] public bool? UseExternalEndpointForOssClusterApi { get; set; }

    /// <summary>"none" (default), "aof-every-1-second", "aof-every-write", "snapshot-every-1-hour",
    /// "snapshot-every-6-hours" or "snapshot-every-12-hours".</summary>
    [JsonPropertyName("dataPersistence")] public string? DataPersistence { get; set; }

    /// <summary>"volatile-lru" (default), "allkeys-lru", "allkeys-lfu", "allkeys-lrm", "allkeys-random",
    /// "volatile-lfu", "volatile-lrm", "volatile-random", "volatile-ttl" or "noeviction".</summary>
    [JsonPropertyName("dataEvictionPolicy")] public string? DataEvictionPolicy { get; set; }

    /// <summary>Replication. Default true.</summary>
    [JsonPropertyName("replication")] public bool? Replication { get; set; }

    /// <summary>Deprecated by the spec in favour of <see cref="Replica"/>: source database URIs.</summary>
    [JsonPropertyName("replicaOf")] public List<string>? ReplicaOf { get; set; }

    [JsonPropertyName("replica")] public ReplicaOfSpec? Replica { get; set; }

    [JsonPropertyName("throughputMeasurement")] public DatabaseThroughputSpec? ThroughputMeasurement { get; set; }

    /// <summary>Per-region throughput (Active-Active only).</summary>
    [JsonPropertyName("localThroughputMeasurement")] public List<LocalThroughput>? LocalThroughputMeasurement { get; set; }

    /// <summary>Average item size in bytes (ram-and-flash only).</summary>
    [JsonPropertyName("averageItemSizeInBytes")] public long? AverageItemSizeInBytes { get; set; }

    /// <summary>Percentage of data held in RAM (ram-and-flash only).</summary>
    [JsonPropertyName("ramPercentage")] public int? RamPercentage { get; set; }

    /// <summary>Deprecated by the spec in favour of <see cref="RemoteBackup"/>: periodic backup location.</summary>
    [JsonPropertyName("periodicBackupPath")] public string? PeriodicBackupPath { get; set; }

    [JsonPropertyName("remoteBackup")] public DatabaseBackupConfig? RemoteBackup { get; set; }

    /// <summary>Allowed source IP addresses or CIDR masks.</summary>
    [JsonPropertyName("sourceIp")] public List<string>? SourceIp { get; set; }

    /// <summary>Deprecated by the spec in favour of <see cref="ClientTlsCertificates"/>.</summary>
    [JsonPropertyName("clientSslCertificate")] public string? ClientSslCertificate { get; set; }

    [JsonPropertyName("clientTlsCertificates")] public List<DatabaseCertificateSpec>? ClientTlsCertificates { get; set; }

    [JsonPropertyName("enableTls")] public bool? EnableTls { get; set; }

    /// <summary>Password of the default user. Secret: never log.</summary>
    [JsonPropertyName("password")] public string? Password { get; set; }

    [JsonPropertyName("saslUsername")] public string? SaslUsername { get; set; }

    /// <summary>Memcached (SASL) password. Secret: never log.</summary>
    [JsonPropertyName("saslPassword")] public string? SaslPassword { get; set; }

    [JsonPropertyName("alerts")] public List<DatabaseAlertSpec>? Alerts { get; set; }

    /// <summary>Advanced capabilities. Do not set for Redis 8 and above (all are bundled).</summary>
    [JsonPropertyName("modules")] public List<DatabaseModuleSpec>? Modules { get; set; }

    /// <summary>"default-regex-rules", "custom-regex-rules" or "redis-oss-hashing".</summary>
    [JsonPropertyName("shardingType")] public string? ShardingType { get; set; }

    /// <summary>Extra compute for search and query, e.g. "2x".</summary>
    [JsonPropertyName("queryPerformanceFactor")] public string? QueryPerformanceFactor { get; set; }
}

/// <summary>Body of PUT /subscriptions/{subscriptionId}/databases/{databaseId}, operation updateDatabase
/// (spec schema DatabaseUpdateRequest).</summary>
public sealed class DatabaseUpdateRequest
{
    /// <summary>When true, only returns the deployment plan and pricing; nothing is changed. Default false.</summary>
    [JsonPropertyName("dryRun")] public bool? DryRun { get; set; }

    /// <summary>New database name.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }

    [JsonPropertyName("memoryLimitInGb")] public double? MemoryLimitInGb { get; set; }

    [JsonPropertyName("datasetSizeInGb")] public double? DatasetSizeInGb { get; set; }

    /// <summary>"resp2" or "resp3".</summary>
    [JsonPropertyName("respVersion")] public string? RespVersion { get; set; }

    [JsonPropertyName("throughputMeasurement")] public DatabaseThroughputSpec? ThroughputMeasurement { get; set; }

    /// <summary>See <see cref="DatabaseCreateRequest.DataPersistence"/>.</summary>
    [JsonPropertyName("dataPersistence")] public string? DataPersistence { get; set; }

    /// <summary>See <see cref="DatabaseCreateRequest.DataEvictionPolicy"/>.</summary>
    [JsonPropertyName("dataEvictionPolicy")] public string? DataEvictionPolicy { get; set; }

    [JsonPropertyName("replication")] public bool? Replication { get; set; }

    /// <summary>Hashing regex rules; used only when shardingType is "custom-regex-rules".</summary>
    [JsonPropertyName("regexRules")] public List<string>? RegexRules { get; set; }

    /// <summary>Deprecated by the spec in favour of <see cref="Replica"/>: source database URIs.</summary>
    [JsonPropertyName("replicaOf")] public List<string>? ReplicaOf { get; set; }

    [JsonPropertyName("replica")] public ReplicaOfSpec? Replica { get; set; }

    [JsonPropertyName("supportOSSClusterApi")] public bool? SupportOssClusterApi { get; set; }

    [JsonPropertyName("useExternalEndpointForOSSClusterApi")] public bool? UseExternalEndpointForOssClusterApi { get; set; }

    /// <summary>New password of the default user. Secret: never log.</summary>
    [JsonPropertyName("password")] public string? Password { get; set; }

    [JsonPropertyName("saslUsername")] public string? SaslUsername { get; set; }

    /// <summary>New Memcached (SASL) password. Secret: never log.</summary>
    [JsonPropertyName("saslPassword")] public string? SaslPassword { get; set; }

    /// <summary>Allowed source IP addresses or CIDR masks (replaces the whole list).</summary>
    [JsonPropertyName("sourceIp")] public List<string>? SourceIp { get; set; }

    /// <summary>Deprecated by the spec in favour of <see cref="ClientTlsCertificates"/>.</summary>
    [JsonPropertyName("clientSslCertificate")] public string? ClientSslCertificate { get; set; }

    [JsonPropertyName("clientTlsCertificates")] public List<DatabaseCertificateSpec>? ClientTlsCertificates { get; set; }

    [JsonPropertyName("enableTls")] public bool? EnableTls { get; set; }

    [JsonPropertyName("enableDefaultUser")] public bool? EnableDefaultUser { get; set; }

    /// <summary>Deprecated by the spec in favour of <see cref="RemoteBackup"/>.</summary>
    [JsonPropertyName("periodicBackupPath")] public string? PeriodicBackupPath { get; set; }

    [JsonPropertyName("remoteBackup")] public DatabaseBackupConfig? RemoteBackup { get; set; }

    [JsonPropertyName("alerts")] public List<DatabaseAlertSpec>? Alerts { get; set; }

    [JsonPropertyName("ramPercentage")] public int? RamPercentage { get; set; }

    [JsonPropertyName("autoMinorVersionUpgrade")] public bool? AutoMinorVersionUpgrade { get; set; }

    [JsonPropertyName("queryPerformanceFactor")] public string? QueryPerformanceFactor { get; set; }
}

/// <summary>Replica-of configuration (spec schema ReplicaOfSpec).</summary>
public sealed class ReplicaOfSpec
{
    /// <summary>Required. Source databases.</summary>
    [JsonPropertyName("syncSources")] public List<DatabaseSyncSourceSpec>? SyncSources { get; set; }
}

/// <summary>One replica-of source (spec schema DatabaseSyncSourceSpec).</summary>
public sealed class DatabaseSyncSourceSpec
{
    /// <summary>Required. Redis URI of the source, e.g. "redis://user:password@host:port". May contain a password.</summary>
    [JsonPropertyName("endpoint")] public string? Endpoint { get; set; }

    /// <summary>Use TLS to connect to the source.</summary>
    [JsonPropertyName("encryption")] public bool? Encryption { get; set; }

    /// <summary>TLS certificate chain of the source.</summary>
    [JsonPropertyName("serverCert")] public string? ServerCert { get; set; }
}

/// <summary>Remote backup settings (spec schema DatabaseBackupConfig, writable fields only).</summary>
public sealed class DatabaseBackupConfig
{
    /// <summary>Whether periodic backup is active.</summary>
    [JsonPropertyName("active")] public bool? Active { get; set; }

    /// <summary>Required when active: "every-x-hours", x one of 1, 2, 4, 6, 12, 24.</summary>
    [JsonPropertyName("interval")] public string? Interval { get; set; }

    /// <summary>Start hour for 12 and 24 hour intervals, e.g. "14:00".</summary>
    [JsonPropertyName("timeUTC")] public string? TimeUtc { get; set; }

    /// <summary>Required when active: "aws-s3", "google-blob-storage", "azure-blob-storage" or "ftp".</summary>
    [JsonPropertyName("storageType")] public string? StorageType { get; set; }

    /// <summary>Required when active: backup location path.</summary>
    [JsonPropertyName("storagePath")] public string? StoragePath { get; set; }
}

/// <summary>A client TLS certificate (spec schema DatabaseCertificateSpec).</summary>
public sealed class DatabaseCertificateSpec
{
    /// <summary>Required. Public certificate in PEM format with new lines as '\n'.</summary>
    [JsonPropertyName("publicCertificatePEMString")] public string? PublicCertificatePemString { get; set; }
}

/// <summary>A database alert (spec schema DatabaseAlertSpec).</summary>
public sealed class DatabaseAlertSpec
{
    /// <summary>Required. "dataset-size", "datasets-size", "throughput-higher-than", "throughput-lower-than", "latency",
    /// "syncsource-error", "syncsource-lag" or "connections-limit".</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }

    /// <summary>Required. Threshold; range depends on the alert.</summary>
    [JsonPropertyName("value")] public int? Value { get; set; }
}

/// <summary>Body of POST .../databases/{databaseId}/backup, operation backupDatabase (spec schema DatabaseBackupRequest).</summary>
public sealed class DatabaseBackupRequest
{
    /// <summary>Region to back up; required for Active-Active databases.</summary>
    [JsonPropertyName("regionName")] public string? RegionName { get; set; }

    /// <summary>Back up to this location instead of the configured remoteBackup location.</summary>
    [JsonPropertyName("adhocBackupPath")] public string? AdhocBackupPath { get; set; }
}

/// <summary>Body of PUT .../databases/{databaseId}/flush, operation flushCrdb (spec schema CrdbFlushRequest, which has
/// no writable fields: an empty object flushes every region).</summary>
public sealed class CrdbFlushRequest
{
    /// <summary>Not in the spec: some documentation describes flushing only these region ids. Omitted when null.</summary>
    [JsonPropertyName("regionIds")] public List<int>? RegionIds { get; set; }
}
