using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.Requests;

namespace RcMcp.Sandbox.State;

/// <summary>
/// One account's state for: Active-Active regions and local properties. The regions themselves are the
/// subscription's (<see cref="Subscription.Regions"/>); this keeps what they add: each region's network and each
/// database's local settings there.
/// </summary>
internal sealed class ActiveActiveState
{
    /// <summary>Local ops/s of a database in a region it was given none for (the API's default for new regions).</summary>
    public const long DefaultLocalOperations = 1000;

    private readonly Dictionary<int, RegionNetwork> networks = [];
    private readonly Dictionary<(int DatabaseId, string Region), LocalRegionSettings> locals = [];

    public RegionNetwork Network(Subscription subscription, SubscriptionRegion region) =>
        networks.GetValueOrDefault(region.Id) ?? new RegionNetwork($"vpc-{subscription.Id:x}{region.Id:x4}", [], null);

    public void SetNetwork(SubscriptionRegion region, RegionNetwork network) => networks[region.Id] = network;

    /// <summary>A database's local settings in a region; regions created with the subscription follow its throughput.</summary>
    public LocalRegionSettings Local(Database database, string region) =>
        locals.GetValueOrDefault((database.Id, region)) ?? new LocalRegionSettings(database.Throughput.Value, database.Throughput.Value);

    public void SetLocal(Database database, string region, LocalRegionSettings settings) => locals[(database.Id, region)] = settings;

    public void RemoveRegion(Subscription subscription, SubscriptionRegion region)
    {
        networks.Remove(region.Id);
        foreach (var database in subscription.Databases)
            locals.Remove((database.Id, region.Region));
    }

    /// <summary>One region of the answer of getRegionsFromActiveActiveSubscription.</summary>
    public JsonObject RegionView(Subscription subscription, SubscriptionRegion region)
    {
        var network = Network(subscription, region);
        return new JsonObject
        {
            ["regionId"] = region.Id,
            ["region"] = region.Region,
            ["deploymentCidr"] = region.DeploymentCidr,
            ["vpcId"] = network.VpcId,
            ["databases"] = subscription.Databases.Select(d =>
            {
                var local = Local(d, region.Region);
                return (JsonNode?)new JsonObject
                {
                    ["databaseId"] = d.Id,
                    ["databaseName"] = d.Name,
                    ["readOperationsPerSecond"] = local.ReadOperationsPerSecond,
                    ["writeOperationsPerSecond"] = local.WriteOperationsPerSecond,
                };
            }).ToJsonArray(),
        };
    }
}

internal sealed record RegionNetwork(string VpcId, IReadOnlyList<string> SubnetIds, string? SecurityGroupId);

/// <summary>A database's settings in one region (spec schema LocalRegionProperties); null means the global value.</summary>
internal sealed record LocalRegionSettings(long ReadOperationsPerSecond, long WriteOperationsPerSecond)
{
    public string? DataPersistence { get; init; }
    public string? Password { get; init; }
    public IReadOnlyList<string>? SourceIps { get; init; }
    public IReadOnlyList<Alert>? Alerts { get; init; }
    public string? RespVersion { get; init; }
    public bool? EnableDefaultUser { get; init; }
    public RemoteBackupSpec? RemoteBackup { get; init; }
}
