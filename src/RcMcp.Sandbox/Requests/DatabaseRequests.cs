namespace RcMcp.Sandbox.Requests;

// Accessors are set, not init, so the source-generated reader keeps its error messages: see SandboxJsonContext.

/// <summary>Fields shared by DatabaseCreateRequest and DatabaseUpdateRequest.</summary>
internal abstract record DatabaseSettingsRequest
{
    public bool DryRun { get; set; }
    public string? Name { get; set; }
    public double? DatasetSizeInGb { get; set; }
    public double? MemoryLimitInGb { get; set; }
    public string? RespVersion { get; set; }
    public bool? SupportOSSClusterApi { get; set; }
    public bool? UseExternalEndpointForOSSClusterApi { get; set; }
    public string? DataPersistence { get; set; }
    public string? DataEvictionPolicy { get; set; }
    public bool? Replication { get; set; }
    public ThroughputSpec? ThroughputMeasurement { get; set; }
    public int? RamPercentage { get; set; }
    public string? Password { get; set; }
    public List<string>? SourceIp { get; set; }
    public bool? EnableTls { get; set; }
    public RemoteBackupSpec? RemoteBackup { get; set; }
    public string? PeriodicBackupPath { get; set; }
    public List<AlertSpec?>? Alerts { get; set; }
}

/// <summary>Spec schema DatabaseCreateRequest; inside a subscription request also SubscriptionDatabaseSpec.</summary>
internal sealed record DatabaseCreateRequest : DatabaseSettingsRequest
{
    public string? Protocol { get; set; }
    public int? Port { get; set; }
    public List<ModuleSpec?>? Modules { get; set; }

    /// <summary>Only in a subscription create request: how many databases to create with these settings.</summary>
    public int? Quantity { get; set; }
}

/// <summary>Spec schema DatabaseUpdateRequest.</summary>
internal sealed record DatabaseUpdateRequest : DatabaseSettingsRequest
{
    public bool? EnableDefaultUser { get; set; }
    public List<string>? RegexRules { get; set; }
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
    public bool? Active { get; set; }
    public string? Interval { get; set; }
    public string? TimeUtc { get; set; }
    public string? StorageType { get; set; }
    public string? StoragePath { get; set; }
}

/// <summary>Spec schema DatabaseBackupRequest.</summary>
internal sealed record DatabaseBackupRequest
{
    public string? RegionName { get; set; }
    public string? AdhocBackupPath { get; set; }
}

/// <summary>Spec schema CrdbFlushRequest, plus the optional <c>regionIds</c> the API guide describes.</summary>
internal sealed record CrdbFlushRequest
{
    public List<int>? RegionIds { get; set; }
}
