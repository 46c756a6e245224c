namespace RcMcp.Sandbox.Tests.Infrastructure;

/// <summary>Paths of the seeded resources and request bodies shaped like the spec's examples.</summary>
internal static class Sample
{
    public const string ProSubscription = "/subscriptions/100001";
    public const string ProDatabase = "/subscriptions/100001/databases/5000001";
    public const string ActiveActiveDatabase = "/subscriptions/100002/databases/5000002";

    public static object Subscription(string name = "orders", bool dryRun = false, double sizeInGb = 1, params string[] regions) => new
    {
        name,
        dryRun,
        deploymentType = regions.Length > 1 ? "active-active" : "single-region",
        paymentMethodId = 1234,
        cloudProviders = new[]
        {
            new { provider = "AWS", regions = (regions.Length == 0 ? ["us-east-1"] : regions).Select(r => new { region = r }) },
        },
        databases = new[] { new { name = "orders-db", protocol = "redis", datasetSizeInGb = sizeInGb } },
    };

    public static object Database(string name = "cache-2", double sizeInGb = 1) => new { name, datasetSizeInGb = sizeInGb };
}
