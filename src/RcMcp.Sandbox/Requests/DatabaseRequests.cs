namespace RcMcp.Sandbox.Requests;

/// <summary>Fields shared by DatabaseCreateRequest and DatabaseUpdateRequest.</summary>
internal abstract record DatabaseSettingsRequest
{
    public bool DryRun { get; init; }
    public string? Name { get; init; }
    public double? DatasetSizeInGb { get; init; }
    public double? MemoryLimitInGb { get; init; }
    public string? RespVersion { get; init; }
    public bool? SupportOSSClusterApi { get; init; }
    public bool? UseExternalEndpointForOSSClusterApi { get; init; }
    public string? DataPersistence { get; init; }
    public string? DataEvictionPolicy { get; init; }
    public bool? Replication { get; init; }
    public ThroughputSpec? ThroughputMeasurement { get; init; }
    public int? RamPercentage { get; init; }
    public string? Password { get; init; }
    public List<string>? SourceIp { get; init; }
    public bool? EnableTls { get; init; }
    public RemoteBackupSpec? RemoteBackup { get; init; }
    public string? PeriodicBackupPath { get; init; }
    public List<AlertSpec?>? Alerts { get; init; }
}

/// <summary>Spec schema DatabaseCreateRequest; inside a subscription request also SubscriptionDatabaseSpec.</summary>
internal sealed record DatabaseCreateRequest : DatabaseSettingsRequest
{
    public string? Protocol { get; init; }
    public int? Port { get; init; }
    public List<ModuleSpec?>? Modules { get; init; }

    /// <summary>Only in a subscription create request: how many databases to create with these settings.</summary>
    public int? Quantity { get; init; }
}

/// <summary>Spec schema DatabaseUpdateRequest.</summary>
internal sealed record DatabaseUpdateRequest : DatabaseSettingsRequest
{
    public bool? EnableDefaultUser { get; init; }
    public List<string>? RegexRules { get; init; }
}

/// <summary>Spec schema DatabaseThroughputSpec.</summary>
internal sealed record ThroughputSpec(string? By, long? Value);

/// <summary>Spec schema DatabaseAlertSpec.</summary>
internal sealed record AlertSpec(string? Name, int? Value);

/// <summary>Spec schema DatabaseModuleSpec (parameters are accepted and ignored).</summary>
internal sealed record ModuleSpec(string? Name);

/// <summary>Spec schema DatabaseBackupConfig.</summary>
internal sealed record RemoteBackupSpec
{
    public bool? Active { get; init; }
    public string? Interval { get; init; }
    public string? TimeUtc { get; init; }
    public string? StorageType { get; init; }
    public string? StoragePath { get; init; }
}

/// <summary>Spec schema DatabaseBackupRequest.</summary>
internal sealed record DatabaseBackupRequest
{
    public string? RegionName { get; init; }
    public string? AdhocBackupPath { get; init; }
}

/// <summary>Spec schema CrdbFlushRequest, plus the optional <c>regionIds</c> the API guide describes.</summary>
internal sealed record CrdbFlushRequest
{
    public List<int>? RegionIds { get; init; }
}
