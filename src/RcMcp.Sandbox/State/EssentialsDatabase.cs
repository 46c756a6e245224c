using System.Security.Cryptography;
using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>An Essentials database: its size comes from the subscription's plan.</summary>
internal sealed class EssentialsDatabase
{
    private const string PasswordAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private string password = "";

    public required int Id { get; init; }
    public required EssentialsSubscription Subscription { get; init; }
    public required string Name { get; set; }
    public required string Protocol { get; init; }
    public required int Port { get; init; }
    public required string RedisVersion { get; set; }
    public required DateTimeOffset LastModified { get; set; }
    public string Password { get => password; set => password = SecretLedger.Record(value); }
    public string Status { get; set; } = ResourceStatus.Pending;
    public DateTimeOffset? ActivatedOn { get; set; }
    public string RespVersion { get; set; } = "resp3";
    public string DataPersistence { get; set; } = "none";
    public string DataEvictionPolicy { get; set; } = "volatile-lru";
    public bool Replication { get; set; }
    public string? PeriodicBackupPath { get; set; }
    public IReadOnlyList<string> SourceIps { get; set; } = ["0.0.0.0/0"];
    public IReadOnlyList<EssentialsSyncSource> Replica { get; set; } = [];
    public int ClientCertificates { get; set; }
    public bool EnableTls { get; set; }
    public bool EnableDefaultUser { get; set; } = true;
    public IReadOnlyList<Alert> Alerts { get; set; } = [];
    public IReadOnlyList<string> Modules { get; init; } = [];
    public double MemoryUsedInMb { get; set; } = 0.4;
    public List<DatabaseTag> Tags { get; } = [];
    public List<EssentialsSlowLogEntry> SlowLog { get; } = [];
    public EssentialsRun? LastBackup { get; set; }
    public EssentialsRun? LastImport { get; set; }
    public EssentialsRun? LastUpgrade { get; set; }

    /// <summary>Set when the database was the source of an endpoint redirection: its traffic is stopped.</summary>
    public EssentialsTraffic? Traffic { get; set; }

    public EssentialsPlan Plan => Subscription.Plan;

    /// <summary>False once a delete task has removed the database.</summary>
    public bool Exists => Subscription.Databases.Contains(this);

    public static EssentialsDatabase Create(int id, EssentialsSubscription subscription, EssentialsDatabaseSettings settings, DateTimeOffset now)
    {
        var plan = subscription.Plan;
        var version = settings.RedisVersion ?? EssentialsCatalog.DefaultRedisVersion;
        var database = new EssentialsDatabase
        {
            Id = id,
            Subscription = subscription,
            Name = settings.Name!,
            Protocol = settings.Protocol ?? (plan.RedisFlex ? "redis" : "stack"),
            Port = 10_000 + id % 10_000,
            RedisVersion = version,
            RespVersion = EssentialsCatalog.CompareVersions(version, "7.0") >= 0 ? "resp3" : "resp2",
            Password = settings.Password ?? RandomNumberGenerator.GetString(PasswordAlphabet, 32),
            Replication = plan.SupportReplication,
            Modules = settings.Modules ?? [],
            LastModified = now,
        };
        database.Apply(settings, now);
        database.SlowLog.AddRange(
        [
            new(1, now.AddMinutes(-42), 12_480, "KEYS session:*"),
            new(2, now.AddMinutes(-17), 10_952, "HGETALL user:1001"),
            new(3, now.AddMinutes(-3), 15_310, "ZRANGEBYSCORE leaderboard 0 1000 WITHSCORES"),
        ]);
        return database;
    }

    /// <summary>Applies the settings a checked request sets; absent fields keep their value.</summary>
    public void Apply(EssentialsDatabaseSettings settings, DateTimeOffset now)
    {
        Name = settings.Name ?? Name;
        RespVersion = settings.RespVersion ?? RespVersion;
        DataPersistence = settings.DataPersistence ?? DataPersistence;
        DataEvictionPolicy = settings.DataEvictionPolicy ?? DataEvictionPolicy;
        Replication = settings.Replication ?? Replication;
        PeriodicBackupPath = settings.PeriodicBackupPath ?? PeriodicBackupPath;
        SourceIps = settings.SourceIps ?? SourceIps;
        Replica = settings.Replica ?? Replica;
        ClientCertificates = settings.ClientCertificates?.Count ?? ClientCertificates;
        EnableTls = settings.EnableTls ?? EnableTls;
        Password = settings.Password ?? Password;
        EnableDefaultUser = settings.EnableDefaultUser ?? EnableDefaultUser;
        Alerts = settings.Alerts ?? Alerts;
        LastModified = now;
    }

    public void Activate(DateTimeOffset now)
    {
        Status = ResourceStatus.Active;
        ActivatedOn ??= now;
        LastModified = now;
    }

    public void EnsureActive()
    {
        if (Status != ResourceStatus.Active)
            throw ApiException.Conflict("DATABASE_NOT_ACTIVE", $"Essentials database {Id} is {Status}; wait until it is active.");
    }

    public DatabaseTag GetTag(string key) =>
        Tags.FirstOrDefault(t => t.Key == key)
        ?? throw ApiException.NotFound("TAG_NOT_FOUND", $"Database {Id} has no tag '{key}'.");

    /// <summary>The spec's FixedDatabase; lists leave out the password, as the API does.</summary>
    public JsonObject ToView(bool includePassword) => new()
    {
        ["databaseId"] = Id,
        ["name"] = Name,
        ["protocol"] = Protocol,
        ["provider"] = Plan.Provider,
        ["region"] = Plan.Region,
        ["redisVersion"] = RedisVersion,
        ["respVersion"] = RespVersion,
        ["status"] = Status,
        ["planMemoryLimit"] = Plan.Size,
        ["planDatasetSize"] = Plan.Size,
        ["memoryLimitMeasurementUnit"] = Plan.Unit,
        ["memoryLimitInGb"] = Plan.SizeInGb,
        ["datasetSizeInGb"] = Plan.SizeInGb,
        ["memoryUsedInMb"] = MemoryUsedInMb,
        ["networkMonthlyUsageInByte"] = 0,
        ["memoryStorage"] = Plan.RedisFlex ? "ram-and-flash" : "ram",
        ["redisFlex"] = Plan.RedisFlex,
        ["supportOSSClusterApi"] = false,
        ["useExternalEndpointForOSSClusterApi"] = false,
        ["dataPersistence"] = DataPersistence,
        ["replication"] = Replication,
        ["dataEvictionPolicy"] = DataEvictionPolicy,
        ["activatedOn"] = ActivatedOn is { } activated ? SandboxJson.Timestamp(activated) : null,
        ["lastModified"] = SandboxJson.Timestamp(LastModified),
        ["publicEndpoint"] = Endpoint(isPrivate: false),
        ["privateEndpoint"] = Endpoint(isPrivate: true),
        ["replica"] = Replica.Count == 0
            ? SandboxJson.ExplicitNull()
            : new JsonObject
            {
                ["syncSources"] = Replica.Select(s => (JsonNode)new JsonObject
                {
                    ["endpoint"] = EssentialsSecrets.WithoutUserInfo(s.Endpoint),
                    ["encryption"] = s.Encryption,
                }).ToJsonArray(),
            },
        ["clustering"] = new JsonObject
        {
            ["enabled"] = false,
            ["regexRules"] = new JsonArray(),
            ["hashingPolicy"] = "standard",
        },
        ["security"] = new JsonObject
        {
            ["defaultUserEnabled"] = EnableDefaultUser,
            ["password"] = includePassword ? Password : null,
            ["sslClientAuthentication"] = ClientCertificates > 0,
            ["tlsClientAuthentication"] = ClientCertificates > 0,
            ["enableTls"] = EnableTls || ClientCertificates > 0,
            ["sourceIps"] = SourceIps.ToJsonArray(),
        },
        ["modules"] = Modules.Select(m => (JsonNode)new JsonObject { ["name"] = m }).ToJsonArray(),
        ["alerts"] = Alerts.Select(a => (JsonNode)new JsonObject { ["name"] = a.Name, ["value"] = a.Value }).ToJsonArray(),
        ["backup"] = new JsonObject
        {
            ["remoteBackupEnabled"] = PeriodicBackupPath is not null,
            ["destination"] = PeriodicBackupPath,
            ["status"] = LastBackup?.Status,
        },
        ["links"] = new JsonArray(),
    };

    private string Endpoint(bool isPrivate)
    {
        var cloud = Plan.Provider switch { "GCP" => "gce", "AZURE" => "azure", _ => "ec2" };
        var scope = isPrivate ? "internal." : "";
        return $"redis-{Port}.{scope}c{Subscription.Id}.{Plan.Region}-1.{cloud}.redns.redis-cloud.com:{Port}";
    }
}

internal sealed record EssentialsSlowLogEntry(int Id, DateTimeOffset StartTime, int DurationMicroseconds, string Arguments)
{
    /// <summary>The spec's DatabaseSlowLogEntry.</summary>
    public JsonObject ToView() => new()
    {
        ["id"] = Id,
        ["startTime"] = SandboxJson.Timestamp(StartTime),
        ["duration"] = DurationMicroseconds,
        ["arguments"] = Arguments,
    };
}

/// <summary>The latest backup, import or upgrade of a database: its task decides its status.</summary>
internal sealed record EssentialsRun(SandboxTask Task, DateTimeOffset StartedAt, string? Detail)
{
    public string Status => Task.Outcome switch
    {
        null => "in-progress",
        { Succeeded: true } => "success",
        _ => "failed",
    };
}

/// <summary>Traffic of a database that was the source of an endpoint redirection (the spec's DatabaseTrafficStateResponse).</summary>
internal sealed class EssentialsTraffic
{
    public string Status { get; set; } = "stopped";
    public string? StopReason { get; set; }
    public DateTimeOffset? ResumeEligibleAt { get; set; }

    public bool CanResume(DateTimeOffset now) => Status == "stopped" && (ResumeEligibleAt is not { } at || at <= now);

    public JsonObject ToView(int databaseId, DateTimeOffset now) => new()
    {
        ["bdbId"] = databaseId,
        ["trafficStatus"] = Status,
        ["canResume"] = CanResume(now),
        ["resumeInProgress"] = false,
        ["stopReason"] = Status == "stopped" ? StopReason : null,
        ["resumeEligibleAt"] = Status == "stopped" && ResumeEligibleAt is { } at ? SandboxJson.Timestamp(at) : null,
    };
}
