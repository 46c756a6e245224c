using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>
/// One account's state for what a Pro database has beside its own settings: tags, version upgrades, latest backup and
/// import, certificate, slow log, traffic. Keyed by database id (ids are never reused), touched only inside Run.
/// </summary>
internal sealed class DatabasesState
{
    private readonly Dictionary<int, List<DatabaseTag>> tags = [];
    private readonly Dictionary<int, VersionUpgrade> upgrades = [];
    private readonly Dictionary<(int, string), SandboxTask> backups = [];
    private readonly Dictionary<int, DatabaseImport> imports = [];
    private readonly Dictionary<int, string> certificates = [];
    private readonly Dictionary<(int, string), IReadOnlyList<SlowLogEntry>> slowLogs = [];
    private readonly Dictionary<int, TrafficState> traffic = [];

    // ---- Tags ----

    public List<DatabaseTag> Tags(Database database) =>
        tags.TryGetValue(database.Id, out var list) ? list : tags[database.Id] = [];

    // ---- Version upgrades ----

    /// <summary>The versions newer than the database's own, oldest first.</summary>
    public static IEnumerable<string> UpgradeTargets(Database database)
    {
        var current = RedisVersions.Parse(database.RedisVersion);
        return RedisVersions.All.Select(v => v.Version).Where(v => RedisVersions.Parse(v) > current);
    }

    public VersionUpgrade? Upgrade(Database database) => upgrades.GetValueOrDefault(database.Id);

    public void StartUpgrade(Database database, string target, SandboxTask task) => upgrades[database.Id] = new VersionUpgrade(target, task);

    // ---- Latest backup and import ----

    /// <summary>Called when a backup of the database (in one region, for Active-Active) starts.</summary>
    public void BackupStarted(Database database, string? regionName, SandboxTask task) => backups[(database.Id, regionName ?? "")] = task;

    /// <summary>The status of the latest backup (the resource of a backup status task).</summary>
    public JsonObject BackupStatus(Database database, string? regionName) =>
        backups.TryGetValue((database.Id, regionName ?? ""), out var task)
            ? StatusOf(task, "lastBackupTime")
            : new JsonObject { ["status"] = "none", ["regionName"] = regionName };

    public DatabaseImport? Import(Database database) => imports.GetValueOrDefault(database.Id);

    public void ImportStarted(Database database, string sourceType, SandboxTask task) => imports[database.Id] = new DatabaseImport(sourceType, task);

    /// <summary>The status of the latest import (the resource of an import status task).</summary>
    public JsonObject ImportStatus(Database database)
    {
        if (imports.GetValueOrDefault(database.Id) is not { } import)
            return new JsonObject { ["status"] = "none" };
        var status = StatusOf(import.Task, "lastImportTime");
        status["sourceType"] = import.SourceType;
        return status;
    }

    private static JsonObject StatusOf(SandboxTask task, string timeField) => task.Outcome switch
    {
        null => new JsonObject { ["status"] = "in-progress", ["taskId"] = task.Id },
        { Succeeded: true } => new JsonObject { ["status"] = "success", [timeField] = SandboxJson.Timestamp(task.DueAt), ["taskId"] = task.Id },
        { } failed => new JsonObject
        {
            ["status"] = "failed",
            [timeField] = SandboxJson.Timestamp(task.DueAt),
            ["failureReason"] = failed.Response.AdditionalInfo,
            ["taskId"] = task.Id,
        },
    };

    // ---- Certificate and slow log ----

    /// <summary>The database's server certificate (a self-signed CA, PEM), made once.</summary>
    public string Certificate(Database database, DateTimeOffset now)
    {
        if (certificates.TryGetValue(database.Id, out var pem))
            return pem;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=redis-{database.Id}.c{database.Subscription.Id}.sandbox.redislabs.com, O=Redis Sandbox", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
        return certificates[database.Id] = certificate.ExportCertificatePem();
    }

    /// <summary>A few slow commands, fixed the first time the log is read.</summary>
    public IReadOnlyList<SlowLogEntry> SlowLog(Database database, string? regionName, DateTimeOffset now)
    {
        var key = (database.Id, regionName ?? "");
        if (slowLogs.TryGetValue(key, out var entries))
            return entries;
        return slowLogs[key] =
        [
            new(1, now.AddMinutes(-42), 18_250, "KEYS *"),
            new(2, now.AddMinutes(-17), 11_730, "HGETALL session:9f2c"),
            new(3, now.AddMinutes(-3), 10_420, "ZRANGE leaderboard 0 -1 WITHSCORES"),
        ];
    }

    // ---- Traffic (stopped when the database is the source of an endpoint redirection) ----

    /// <summary>The hook for endpoint redirections: the source database stops serving its clients.</summary>
    public void StopTraffic(Database database, string reason, DateTimeOffset now) => traffic[database.Id] = new TrafficState(false, reason, now);

    public TrafficState? Traffic(Database database) => traffic.GetValueOrDefault(database.Id);

    public void ResumeTraffic(Database database)
    {
        if (traffic.GetValueOrDefault(database.Id) is not { } state)
            throw ApiException.NotFound("DATABASE_TRAFFIC_NOT_FOUND", $"Database {database.Id} was never the source of an endpoint redirection.");
        if (state.Active)
            throw ApiException.Conflict("DATABASE_TRAFFIC_NOT_STOPPED", $"The traffic of database {database.Id} is not stopped.");
        traffic[database.Id] = state with { Active = true };
    }
}

/// <summary>A database tag, Pro and Essentials alike.</summary>
internal sealed class DatabaseTag(string key, string value, DateTimeOffset now)
{
    public string Key { get; } = key;
    public string Value { get; set; } = value;
    public DateTimeOffset CreatedAt { get; } = now;
    public DateTimeOffset UpdatedAt { get; set; } = now;

    /// <summary>Spec schema CloudTag.</summary>
    public JsonObject ToView() => new()
    {
        ["key"] = Key,
        ["value"] = Value,
        ["createdAt"] = SandboxJson.Timestamp(CreatedAt),
        ["updatedAt"] = SandboxJson.Timestamp(UpdatedAt),
        ["links"] = new JsonArray(),
    };
}

internal sealed record VersionUpgrade(string Target, SandboxTask Task)
{
    /// <summary>Spec schema DatabaseVersionUpgradeStatus.</summary>
    public JsonObject ToView(int databaseId, DateTimeOffset now) => new()
    {
        ["databaseId"] = databaseId,
        ["targetRedisVersion"] = Target,
        ["progress"] = Task.Outcome is null
            ? Math.Round(Math.Clamp((now - Task.CreatedAt) / (Task.DueAt - Task.CreatedAt + TimeSpan.FromTicks(1)), 0, 0.99) * 100, 1)
            : 100.0,
        ["upgradeStatus"] = Task.Outcome switch { null => "in-progress", { Succeeded: true } => "done", _ => "failed" },
    };
}

internal sealed record DatabaseImport(string SourceType, SandboxTask Task);

internal sealed record SlowLogEntry(int Id, DateTimeOffset StartTime, int DurationMicroseconds, string Arguments)
{
    public JsonObject ToView() => new()
    {
        ["id"] = Id,
        ["startTime"] = SandboxJson.Timestamp(StartTime),
        ["duration"] = DurationMicroseconds,
        ["arguments"] = Arguments,
    };
}

internal sealed record TrafficState(bool Active, string StopReason, DateTimeOffset StoppedAt)
{
    /// <summary>Spec schema DatabaseTrafficStateResponse.</summary>
    public JsonObject ToView(int databaseId) => new()
    {
        ["bdbId"] = databaseId,
        ["trafficStatus"] = Active ? "active" : "stopped",
        ["canResume"] = !Active,
        ["resumeInProgress"] = false,
        ["stopReason"] = Active ? null : StopReason,
        ["resumeEligibleAt"] = Active ? null : SandboxJson.Timestamp(StoppedAt),
    };
}
