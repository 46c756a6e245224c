using RcMcp.Sandbox.Requests;

namespace RcMcp.Sandbox.State;

/// <summary>Starting data of every account, built through the same path as API requests.</summary>
internal static class SandboxSeed
{
    public static void Apply(AccountState account, DateTimeOffset now)
    {
        Add(account, now, "sandbox-pro", "single-region", ["us-east-1"], "sandbox-cache", memoryUsedInMb: 12.4);
        Add(account, now, "sandbox-active-active", "active-active", ["us-east-1", "eu-west-1"], "sandbox-global", memoryUsedInMb: 8.9);
    }

    private static void Add(
        AccountState account, DateTimeOffset now, string name, string deploymentType, string[] regions, string databaseName, double memoryUsedInMb)
    {
        var request = new SubscriptionCreateRequest
        {
            Name = name,
            DeploymentType = deploymentType,
            CloudProviders = [new CloudProviderSpec { Provider = "AWS", Regions = regions.Select(r => (RegionSpec?)new RegionSpec { Region = r }).ToList() }],
            Databases = [new DatabaseCreateRequest { Name = databaseName, Protocol = "redis", DatasetSizeInGb = 1 }],
        };
        var subscription = Subscription.Create(account.Ids, request, now);
        subscription.Activate(now);
        subscription.Databases[0].MemoryUsedInMb = memoryUsedInMb;
        account.Add(subscription);
    }
}
