using System.Security.Cryptography;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.Requests;

namespace RcMcp.Sandbox.State;

/// <summary>A Pro database; in an active-active subscription it spans every region of the subscription.</summary>
internal sealed partial class Database
{
    private const string PasswordAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public required int Id { get; init; }
    public required Subscription Subscription { get; init; }
    public required string Name { get; set; }
    public required string Protocol { get; init; }
    public required int Port { get; init; }
    public required string Password { get => password; set => password = SecretLedger.Record(value); }
    private string password = "";
    public required IReadOnlyList<ModuleInfo> Modules { get; init; }
    public required DateTimeOffset LastModified { get; set; }
    public string Status { get; set; } = ResourceStatus.Pending;
    public DateTimeOffset? ActivatedOn { get; set; }
    public double DatasetSizeInGb { get; set; } = 1;
    public double MemoryUsedInMb { get; set; } = 2;
    public string RedisVersion { get; set; } = "7.4";
    public string RespVersion { get; set; } = "resp3";
    public bool SupportOssClusterApi { get; set; }
    public bool UseExternalEndpointForOssClusterApi { get; set; }
    public string DataPersistence { get; set; } = "none";
    public string DataEvictionPolicy { get; set; } = "volatile-lru";
    public bool Replication { get; set; } = true;
    public Throughput Throughput { get; set; } = new("operations-per-second", 25_000);
    public bool EnableDefaultUser { get; set; } = true;
    public bool EnableTls { get; set; }
    public IReadOnlyList<string> SourceIps { get; set; } = ["0.0.0.0/0"];
    public IReadOnlyList<string> RegexRules { get; set; } = [];
    public IReadOnlyList<Alert> Alerts { get; set; } = [];
    public RemoteBackupSpec? RemoteBackup { get; set; }
    public string? PeriodicBackupPath { get; set; }

    public double MemoryLimitInGb => Replication ? DatasetSizeInGb * 2 : DatasetSizeInGb;

    public int NumberOfShards => Throughput.By == "number-of-shards"
        ? (int)Throughput.Value
        : Math.Max(1, Math.Max((int)Math.Ceiling(DatasetSizeInGb / 25), (int)Math.Ceiling(Throughput.Value / 25_000d)));

    public bool HasRemoteBackup =>
        RemoteBackup is { StoragePath: not null, Active: not false } || PeriodicBackupPath is not null;

    /// <summary>False once a delete task has removed the database.</summary>
    public bool Exists => Subscription.Databases.Contains(this);

    /// <summary>Builds a pending database from a validated request.</summary>
    public static Database Create(int id, Subscription subscription, DatabaseCreateRequest request, DateTimeOffset now)
    {
        var database = new Database
        {
            Id = id,
            Subscription = subscription,
            Name = request.Name!,
            Protocol = request.Protocol ?? "redis",
            Port = request.Port ?? 10_000 + id % 10_000,
            Password = RandomNumberGenerator.GetString(PasswordAlphabet, 32),
            Modules = (request.Modules ?? []).Select(m => Catalog.Modules[m!.Name!]).ToList(),
            LastModified = now,
        };
        database.Apply(request, now);
        return database;
    }

    public void Activate(DateTimeOffset now)
    {
        Status = ResourceStatus.Active;
        ActivatedOn ??= now;
        LastModified = now;
    }

    /// <summary>Applies the settings a validated request sets; absent fields keep their value.</summary>
    public void Apply(DatabaseSettingsRequest request, DateTimeOffset now)
    {
        Name = request.Name ?? Name;
        Replication = request.Replication ?? Replication;
        DatasetSizeInGb = request.DatasetSizeInGb
            ?? (request.MemoryLimitInGb is { } memory ? (Replication ? memory / 2 : memory) : DatasetSizeInGb);
        RespVersion = request.RespVersion ?? RespVersion;
        SupportOssClusterApi = request.SupportOSSClusterApi ?? SupportOssClusterApi;
        UseExternalEndpointForOssClusterApi = request.UseExternalEndpointForOSSClusterApi ?? UseExternalEndpointForOssClusterApi;
        DataPersistence = request.DataPersistence ?? DataPersistence;
        DataEvictionPolicy = request.DataEvictionPolicy ?? DataEvictionPolicy;
        Throughput = request.ThroughputMeasurement is { By: { } by, Value: { } value } ? new Throughput(by, value) : Throughput;
        Password = request.Password ?? Password;
        SourceIps = request.SourceIp ?? SourceIps;
        EnableTls = request.EnableTls ?? EnableTls;
        RemoteBackup = request.RemoteBackup ?? RemoteBackup;
        PeriodicBackupPath = request.PeriodicBackupPath ?? PeriodicBackupPath;
        Alerts = request.Alerts?.Select(a => new Alert(a!.Name!, a.Value!.Value)).ToList() ?? Alerts;
        if (request is DatabaseUpdateRequest update)
        {
            EnableDefaultUser = update.EnableDefaultUser ?? EnableDefaultUser;
            RegexRules = update.RegexRules ?? RegexRules;
        }
        LastModified = now;
    }

    /// <summary>A detached copy with <paramref name="request"/> applied, for dry-run pricing.</summary>
    public Database Preview(DatabaseUpdateRequest request, DateTimeOffset now)
    {
        var copy = (Database)MemberwiseClone();
        copy.Apply(request, now);
        return copy;
    }

    public void EnsureActive()
    {
        if (Status != ResourceStatus.Active)
            throw ApiException.Conflict("DATABASE_NOT_ACTIVE", $"Database {Id} is {Status}; wait until it is active.");
    }
}

internal sealed record Throughput(string By, long Value);

internal sealed record Alert(string Name, int Value);
