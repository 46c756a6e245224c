using System.Globalization;
using System.Text.Json.Nodes;

namespace RcMcp.Sandbox.State;

/// <summary>
/// One Essentials plan (the spec's FixedSubscriptionsPlan): a fixed size in one cloud region at a fixed monthly
/// price. Plans are the service's catalog, the same for every account.
/// </summary>
internal sealed record EssentialsPlan(
    int Id,
    string Name,
    double Size,
    string Unit,
    string Provider,
    string Region,
    int RegionId,
    int Price,
    string Availability,
    string Connections,
    int CidrAllowRules,
    bool SupportDataPersistence,
    bool SupportBackups,
    bool SupportReplication,
    bool SupportSsl,
    bool RedisFlex = false,
    int MaximumDatabases = 1,
    int MaximumThroughput = 0,
    int MaximumBandwidthGb = 0)
{
    public const string Currency = "USD";
    public const string Period = "Month";

    public bool IsFree => Price == 0;

    /// <summary>The plan's memory in GB, whatever its unit.</summary>
    public double SizeInGb => Unit == "MB" ? Math.Round(Size / 1024, 4) : Size;

    public double SizeInMb => Unit == "MB" ? Size : Size * 1024;

    public string PlanType => IsFree ? "free" : RedisFlex ? "flex" : "fixed";

    public string CustomerSupport => IsFree ? "Basic" : "Standard";

    /// <summary>Plans a subscription on this plan can switch to: same cloud, region and kind.</summary>
    public bool IsCompatibleWith(EssentialsPlan other) =>
        other.Id != Id && other.Provider == Provider && other.Region == Region && other.RedisFlex == RedisFlex;

    public JsonObject ToView() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["size"] = Size,
        ["datasetSize"] = Size,
        ["sizeMeasurementUnit"] = Unit,
        ["provider"] = Provider,
        ["region"] = Region,
        ["regionId"] = RegionId,
        ["price"] = Price,
        ["priceCurrency"] = Currency,
        ["pricePeriod"] = Period,
        ["maximumDatabases"] = MaximumDatabases,
        ["maximumThroughput"] = MaximumThroughput,
        ["maximumBandwidthGB"] = MaximumBandwidthGb,
        ["availability"] = Availability,
        ["connections"] = Connections,
        ["cidrAllowRules"] = CidrAllowRules,
        ["supportDataPersistence"] = SupportDataPersistence,
        ["redisFlex"] = RedisFlex,
        ["supportInstantAndDailyBackups"] = SupportBackups,
        ["supportReplication"] = SupportReplication,
        ["supportClustering"] = false,
        ["supportSsl"] = SupportSsl,
        ["customerSupport"] = CustomerSupport,
        ["links"] = new JsonArray(),
    };

    public string Describe() => $"{Name} ({Size.ToString(CultureInfo.InvariantCulture)} {Unit}, {Provider} {Region})";
}

/// <summary>The Essentials catalog: plans per provider and region, free and paid, and the Redis versions offered.</summary>
internal static class EssentialsCatalog
{
    public static readonly string[] Providers = ["AWS", "GCP", "AZURE"];

    public static readonly IReadOnlyList<EssentialsPlan> Plans =
    [
        // AWS us-east-1
        new(34810, "Free 30MB", 30, "MB", "AWS", "us-east-1", 1, 0, "No replication", "30", 1, false, false, false, false, MaximumThroughput: 100, MaximumBandwidthGb: 5),
        new(34858, "Standard 250MB", 250, "MB", "AWS", "us-east-1", 1, 5, "No replication", "256", 4, false, true, false, true, MaximumThroughput: 1000, MaximumBandwidthGb: 100),
        new(34864, "Single-Zone 1GB", 1, "GB", "AWS", "us-east-1", 1, 23, "Single-zone", "1024", 8, false, true, true, true, MaximumThroughput: 2000, MaximumBandwidthGb: 200),
        new(34872, "Multi-AZ 5GB", 5, "GB", "AWS", "us-east-1", 1, 100, "Multi-zone", "unlimited", 16, true, true, true, true, MaximumThroughput: 10000, MaximumBandwidthGb: 1000),
        new(34876, "Multi-AZ 12GB", 12, "GB", "AWS", "us-east-1", 1, 240, "Multi-zone", "unlimited", 16, true, true, true, true, MaximumThroughput: 25000, MaximumBandwidthGb: 2400),
        // AWS eu-west-1
        new(34811, "Free 30MB", 30, "MB", "AWS", "eu-west-1", 4, 0, "No replication", "30", 1, false, false, false, false, MaximumThroughput: 100, MaximumBandwidthGb: 5),
        new(34859, "Standard 250MB", 250, "MB", "AWS", "eu-west-1", 4, 5, "No replication", "256", 4, false, true, false, true, MaximumThroughput: 1000, MaximumBandwidthGb: 100),
        new(34865, "Single-Zone 1GB", 1, "GB", "AWS", "eu-west-1", 4, 23, "Single-zone", "1024", 8, false, true, true, true, MaximumThroughput: 2000, MaximumBandwidthGb: 200),
        new(34873, "Multi-AZ 5GB", 5, "GB", "AWS", "eu-west-1", 4, 100, "Multi-zone", "unlimited", 16, true, true, true, true, MaximumThroughput: 10000, MaximumBandwidthGb: 1000),
        // GCP us-central1
        new(35010, "Free 30MB", 30, "MB", "GCP", "us-central1", 21, 0, "No replication", "30", 1, false, false, false, false, MaximumThroughput: 100, MaximumBandwidthGb: 5),
        new(35020, "Standard 250MB", 250, "MB", "GCP", "us-central1", 21, 5, "No replication", "256", 4, false, true, false, true, MaximumThroughput: 1000, MaximumBandwidthGb: 100),
        new(35030, "Multi-AZ 5GB", 5, "GB", "GCP", "us-central1", 21, 110, "Multi-zone", "unlimited", 16, true, true, true, true, MaximumThroughput: 10000, MaximumBandwidthGb: 1000),
        // Azure East US
        new(35110, "Free 30MB", 30, "MB", "AZURE", "east-us", 301, 0, "No replication", "30", 1, false, false, false, false, MaximumThroughput: 100, MaximumBandwidthGb: 5),
        new(35120, "Standard 250MB", 250, "MB", "AZURE", "east-us", 301, 7, "No replication", "256", 4, false, true, false, true, MaximumThroughput: 1000, MaximumBandwidthGb: 100),
        new(35130, "Single-Zone 1GB", 1, "GB", "AZURE", "east-us", 301, 26, "Single-zone", "1024", 8, false, true, true, true, MaximumThroughput: 2000, MaximumBandwidthGb: 200),
        // Redis Flex (RAM and flash), AWS us-east-1
        new(36010, "Flex 5GB", 5, "GB", "AWS", "us-east-1", 1, 45, "Single-zone", "1024", 8, true, true, false, true, RedisFlex: true, MaximumThroughput: 5000, MaximumBandwidthGb: 500),
        new(36020, "Flex 12GB", 12, "GB", "AWS", "us-east-1", 1, 90, "Multi-zone", "unlimited", 16, true, true, true, true, RedisFlex: true, MaximumThroughput: 10000, MaximumBandwidthGb: 1200),
    ];

    /// <summary>Redis versions offered to Essentials databases, oldest first.</summary>
    public static readonly IReadOnlyList<EssentialsRedisVersion> RedisVersions =
    [
        new("6.2", EolDate: "2026-02-28"),
        new("7.2"),
        new("7.4", IsDefault: true),
        new("8.0"),
        new("8.2", IsPreview: true),
    ];

    public static string DefaultRedisVersion => RedisVersions.Single(v => v.IsDefault).Version;

    public static EssentialsPlan? FindPlan(int planId) => Plans.FirstOrDefault(p => p.Id == planId);

    /// <summary>Orders versions like "7.10" after "7.4".</summary>
    public static int CompareVersions(string a, string b)
    {
        var x = a.Split('.');
        var y = b.Split('.');
        for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            var p = i < x.Length && int.TryParse(x[i], CultureInfo.InvariantCulture, out var xi) ? xi : 0;
            var q = i < y.Length && int.TryParse(y[i], CultureInfo.InvariantCulture, out var yi) ? yi : 0;
            if (p != q) return p.CompareTo(q);
        }
        return 0;
    }
}

internal sealed record EssentialsRedisVersion(string Version, bool IsDefault = false, bool IsPreview = false, string? EolDate = null)
{
    public JsonObject ToView() => new()
    {
        ["version"] = Version,
        ["eolDate"] = EolDate,
        ["isPreview"] = IsPreview,
        ["isDefault"] = IsDefault,
    };
}
