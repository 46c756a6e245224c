using System.Text.RegularExpressions;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.Requests;

namespace RcMcp.Sandbox.State;

/// <summary>
/// The settings of a create or update request of an Essentials database (FixedDatabaseCreateRequest /
/// FixedDatabaseUpdateRequest), read and checked before anything changes: malformed values are 400s, values the
/// plan does not allow are 422s.
/// </summary>
internal sealed partial class EssentialsDatabaseSettings
{
    /// <summary>Fields the spec marks "(Pay-as-you-go subscriptions only)": fixed-size Essentials plans refuse them.</summary>
    private static readonly string[] PayAsYouGoOnly =
        ["datasetSizeInGb", "supportOSSClusterApi", "useExternalEndpointForOSSClusterApi", "enableDatabaseClustering", "numberOfShards", "regexRules"];

    private static readonly string[] Protocols = ["redis", "memcached", "stack"];

    private EssentialsDatabaseSettings(JsonBody body) => Body = body;

    private JsonBody Body { get; }
    public string? Name { get; private init; }
    public string? Protocol { get; private init; }
    public string? RedisVersion { get; private init; }
    public string? RespVersion { get; private init; }
    public string? DataPersistence { get; private init; }
    public string? DataEvictionPolicy { get; private init; }
    public bool? Replication { get; private init; }
    public string? PeriodicBackupPath { get; private init; }
    public IReadOnlyList<string>? SourceIps { get; private init; }
    public IReadOnlyList<EssentialsSyncSource>? Replica { get; private init; }
    public IReadOnlyList<string>? ClientCertificates { get; private init; }
    public bool? EnableTls { get; private init; }
    public string? Password { get; private init; }
    public bool? EnableDefaultUser { get; private init; }
    public IReadOnlyList<Alert>? Alerts { get; private init; }
    public IReadOnlyList<string>? Modules { get; private init; }

    /// <summary>Reads and checks the shape of a request body (400 naming the field for anything malformed).</summary>
    public static EssentialsDatabaseSettings Parse(JsonBody body, bool create)
    {
        var name = body.Str("name", required: create);
        if (name is not null)
            ValidateName(name);
        var settings = new EssentialsDatabaseSettings(body)
        {
            Name = name,
            Protocol = create ? body.Enum("protocol", Protocols) : null,
            RedisVersion = create ? body.Str("redisVersion", minLength: 1) : null,
            RespVersion = body.Enum("respVersion", Catalog.RespVersions),
            DataPersistence = body.Enum("dataPersistence", Catalog.DataPersistence),
            DataEvictionPolicy = body.Enum("dataEvictionPolicy", Catalog.EvictionPolicies),
            Replication = body.Bool("replication"),
            PeriodicBackupPath = body.Str("periodicBackupPath", minLength: 1),
            SourceIps = body.Strings("sourceIps"),
            Replica = body.Obj("replica")?.Objects("syncSources", required: true, minItems: 1)!
                .Select(s => new EssentialsSyncSource(
                    EssentialsSecrets.RecordUriPassword(s.Str("endpoint", required: true, minLength: 1)!),
                    s.Bool("encryption") ?? false))
                .ToList(),
            ClientCertificates = body.Objects("clientTlsCertificates")?.Select(c => c.Str("publicCertificatePEMString", required: true, minLength: 1)!).ToList(),
            EnableTls = body.Bool("enableTls"),
            Password = SecretLedger.RecordIfAny(body.Str("password", minLength: 1)),
            EnableDefaultUser = create ? null : body.Bool("enableDefaultUser"),
            Alerts = body.Objects("alerts")?.Select(a => new Alert(
                a.Enum("name", required: true, Catalog.AlertNames)!, a.Int("value", required: true, min: 0)!.Value)).ToList(),
            Modules = create ? body.Objects("modules")?.Select(m => m.Str("name", required: true, minLength: 1)!).ToList() : null,
        };
        foreach (var ip in settings.SourceIps ?? [])
        {
            if (!SourceIpPattern().IsMatch(ip))
                throw ApiException.BadRequest("DATABASE_INVALID_SOURCE_IP", $"'sourceIps' must hold IPv4 addresses or CIDR blocks such as 10.0.0.0/24 (got '{ip}').");
        }
        // Read the pay-as-you-go fields too, so a malformed one is a 400 before the plan check makes it a 422.
        body.Double("datasetSizeInGb", min: 0.1);
        body.Bool("supportOSSClusterApi");
        body.Bool("useExternalEndpointForOSSClusterApi");
        body.Bool("enableDatabaseClustering");
        body.Int("numberOfShards", min: 1);
        body.Strings("regexRules");
        return settings;
    }

    /// <summary>Refuses (422) what the subscription's plan does not offer.</summary>
    public void CheckAgainst(EssentialsPlan plan, EssentialsDatabase? current)
    {
        foreach (var field in PayAsYouGoOnly)
        {
            if (Body.Has(field))
            {
                throw ApiException.Unprocessable("DATABASE_FIELD_NOT_SUPPORTED_BY_PLAN",
                    $"'{field}' applies only to Pay-as-you-go subscriptions; the plan '{plan.Name}' has a fixed size and layout.");
            }
        }
        var protocol = Protocol ?? current?.Protocol;
        if (Protocol is { } p && (plan.RedisFlex ? p != "redis" : p == "redis"))
        {
            throw ApiException.Unprocessable("DATABASE_PROTOCOL_NOT_SUPPORTED_BY_PLAN", plan.RedisFlex
                ? $"Redis Flex plans take only the 'redis' protocol (got '{p}')."
                : "The 'redis' protocol is only for Pay-as-you-go or Redis Flex subscriptions; use 'stack' (the default) or 'memcached'.");
        }
        if (RedisVersion is { } version && EssentialsCatalog.RedisVersions.All(v => v.Version != version))
        {
            throw ApiException.BadRequest("DATABASE_REDIS_VERSION_INVALID_VALUE",
                $"'redisVersion' must be one of: {string.Join(", ", EssentialsCatalog.RedisVersions.Select(v => v.Version))} (got '{version}').");
        }
        if (Modules is { Count: > 0 })
        {
            if (protocol != "redis")
                throw ApiException.Unprocessable("DATABASE_MODULES_NOT_ALLOWED", "'modules' can only be set with the 'redis' protocol; 'stack' already has every capability.");
            if (EssentialsCatalog.CompareVersions(RedisVersion ?? EssentialsCatalog.DefaultRedisVersion, "8.0") >= 0)
                throw ApiException.Unprocessable("DATABASE_MODULES_NOT_ALLOWED", "Do not set 'modules' for Redis 8 and above: every capability is built in.");
            var unknown = Modules.FirstOrDefault(m => !Catalog.Modules.ContainsKey(m));
            if (unknown is not null)
                throw ApiException.BadRequest("DATABASE_INVALID_MODULE", $"'modules' may only name: {string.Join(", ", Catalog.Modules.Keys)} (got '{unknown}').");
        }
        if (Replication == true && !plan.SupportReplication)
            throw NotInPlan(plan, "replication", "supportReplication");
        if (DataPersistence is { } persistence && persistence != "none" && !plan.SupportDataPersistence)
            throw NotInPlan(plan, "dataPersistence", "supportDataPersistence");
        if (PeriodicBackupPath is not null && !plan.SupportBackups)
            throw NotInPlan(plan, "periodicBackupPath", "supportInstantAndDailyBackups");
        if ((EnableTls == true || ClientCertificates is { Count: > 0 }) && !plan.SupportSsl)
            throw NotInPlan(plan, EnableTls == true ? "enableTls" : "clientTlsCertificates", "supportSsl");
        if (SourceIps is { } ips && ips.Count > plan.CidrAllowRules)
        {
            throw ApiException.Unprocessable("DATABASE_SOURCE_IP_LIMIT_EXCEEDED",
                $"The plan '{plan.Name}' allows {plan.CidrAllowRules} source IP rule(s); 'sourceIps' has {ips.Count}.");
        }
    }

    private static ApiException NotInPlan(EssentialsPlan plan, string field, string planField) =>
        ApiException.Unprocessable("DATABASE_FEATURE_NOT_SUPPORTED_BY_PLAN",
            $"'{field}' is not available on the plan '{plan.Name}' (id {plan.Id}, {planField}: false); choose a plan that offers it.");

    private static void ValidateName(string name)
    {
        if (name.Length > 40)
            throw ApiException.BadRequest("DATABASE_NAME_TOO_LONG", "'name' must be at most 40 characters long.");
        if (!NamePattern().IsMatch(name))
        {
            throw ApiException.BadRequest("DATABASE_INVALID_NAME",
                $"'name' may contain only letters, digits and hyphens, must start with a letter and end with a letter or digit (got '{name}').");
        }
    }

    [GeneratedRegex("^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^\d{1,3}(\.\d{1,3}){3}(/\d{1,2})?$")]
    private static partial Regex SourceIpPattern();
}

internal sealed record EssentialsSyncSource(string Endpoint, bool Encryption);

/// <summary>Secrets that arrive inside URIs (import sources, replica endpoints).</summary>
internal static partial class EssentialsSecrets
{
    /// <summary>Records the password of a URI's user information (scheme://user:password@host) and returns the URI.</summary>
    public static string RecordUriPassword(string uri)
    {
        if (UserInfo().Match(uri) is { Success: true } m)
            SecretLedger.Record(Uri.UnescapeDataString(m.Groups["password"].Value));
        return uri;
    }

    /// <summary>The URI without its user information, for what the sandbox shows back.</summary>
    public static string WithoutUserInfo(string uri) => UserInfo().Replace(uri, "${scheme}");

    [GeneratedRegex("^(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)[^/@]*?:(?<password>[^/@]*)@")]
    private static partial Regex UserInfo();
}
