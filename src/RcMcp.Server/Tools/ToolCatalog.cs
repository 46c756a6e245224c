using RcMcp.Server.Tools.AccessControl;
using RcMcp.Server.Tools.Account;
using RcMcp.Server.Tools.ActiveActive;
using RcMcp.Server.Tools.Catalog;
using RcMcp.Server.Tools.CloudAccounts;
using RcMcp.Server.Tools.Connectivity;
using RcMcp.Server.Tools.DataIntegration;
using RcMcp.Server.Tools.Databases;
using RcMcp.Server.Tools.Essentials;
using RcMcp.Server.Tools.Logs;
using RcMcp.Server.Tools.Subscriptions;
using RcMcp.Server.Tools.Tasks;
using RcMcp.Server.Tools.Users;

namespace RcMcp.Server.Tools;

/// <summary>
/// Every tool of the server, in a fixed order (the order of tools/list): the API areas, then the catalog tools.
/// Adding an operation = adding a <see cref="ToolSpec"/> to its area's file. Built once per process.
/// </summary>
public sealed class ToolCatalog
{
    private static readonly Lazy<ToolCatalog> SharedCatalog = new(() => new ToolCatalog());

    /// <summary>The catalog of this process, built once.</summary>
    public static ToolCatalog Shared => SharedCatalog.Value;

    private readonly Dictionary<string, ToolSpec> _byName;

    public ToolCatalog() : this(AllSpecs()) { }

    public ToolCatalog(IEnumerable<ToolSpec> specs)
    {
        Specs = specs.ToList();
        _byName = Specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ToolSpec> Specs { get; }

    /// <summary>The names of the areas that have tools, in listing order.</summary>
    public IReadOnlyList<string> Toolsets => Toolset.Areas.Where(a => Specs.Any(s => s.Toolset == a)).Select(a => a.Name).ToList();

    public ToolSpec? Find(string name) => _byName.GetValueOrDefault(name);

    public static IEnumerable<ToolSpec> AllSpecs()
    {
        // Within an area, tools keep the order of their files here.
        var areas = AccountTools.All()
            .Concat(ReferenceTools.All())
            .Concat(SubscriptionTools.All())
            .Concat(SubscriptionPricingTools.All())
            .Concat(SubscriptionNetworkTools.All())
            .Concat(SubscriptionMaintenanceTools.All())
            .Concat(SubscriptionResourceTagTools.All())
            .Concat(DatabaseTools.All())
            .Concat(DatabaseVersionTools.All())
            .Concat(DatabaseBackupTools.All())
            .Concat(DatabaseDiagnosticTools.All())
            .Concat(DatabaseTagTools.All())
            .Concat(EndpointRedirectionTools.All())
            .Concat(ActiveActiveTools.All())
            .Concat(ActiveActiveRegionTools.All())
            .Concat(EssentialsSubscriptionTools.All())
            .Concat(EssentialsDatabaseTools.All())
            .Concat(VpcPeeringTools.All())
            .Concat(TransitGatewayTools.All())
            .Concat(PrivateLinkTools.All())
            .Concat(PrivateServiceConnectTools.All())
            .Concat(AclTools.All())
            .Concat(CloudAccountTools.All())
            .Concat(UserTools.All())
            .Concat(LogsBillingTools.All())
            .Concat(DataIntegrationTools.All())
            .Concat(TaskTools.All())
            .ToList();
        var order = Toolset.Areas.Select((a, i) => (a, i)).ToDictionary(x => x.a, x => x.i);
        foreach (var spec in areas)
            if (!order.ContainsKey(spec.Toolset)) throw new InvalidOperationException($"{spec.Name} is in the toolset {spec.Toolset}, which is not an area");
        var present = Toolset.Areas.Where(a => areas.Any(s => s.Toolset == a)).Select(a => a.Name).ToList();
        return areas.OrderBy(s => order[s.Toolset]).Concat(CatalogTools.All(() => present));
    }
}
