using RcMcp.Server.Tools.Account;
using RcMcp.Server.Tools.ActiveActive;
using RcMcp.Server.Tools.Catalog;
using RcMcp.Server.Tools.Databases;
using RcMcp.Server.Tools.Subscriptions;
using RcMcp.Server.Tools.Tasks;

namespace RcMcp.Server.Tools;

/// <summary>
/// Every tool of the server, in a fixed order (the order of tools/list): the API areas, then the catalog tools.
/// Adding an operation = adding a <see cref="ToolSpec"/> to its area's file. Built once per process.
/// </summary>
public sealed class ToolCatalog
{
    /// <summary>The API areas, in listing order; each tool belongs to one.</summary>
    public static readonly IReadOnlyList<string> Areas =
    [
        "account", "subscriptions", "databases", "active-active", "essentials", "connectivity", "access-control",
        "cloud-accounts", "users", "logs-billing", "data-integration", "tasks",
    ];

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

    /// <summary>The areas that have tools, in listing order.</summary>
    public IReadOnlyList<string> Toolsets => Areas.Where(a => Specs.Any(s => s.Toolset == a)).ToList();

    public ToolSpec? Find(string name) => _byName.GetValueOrDefault(name);

    public static IEnumerable<ToolSpec> AllSpecs()
    {
        var areas = AccountTools.All()
            .Concat(SubscriptionTools.All())
            .Concat(DatabaseTools.All())
            .Concat(ActiveActiveTools.All())
            .Concat(TaskTools.All())
            .ToList();
        var order = Areas.Select((a, i) => (a, i)).ToDictionary(x => x.a, x => x.i);
        foreach (var spec in areas)
            if (!order.ContainsKey(spec.Toolset)) throw new InvalidOperationException($"{spec.Name} is in the unknown toolset {spec.Toolset}");
        var present = Areas.Where(a => areas.Any(s => s.Toolset == a)).ToList();
        return areas.OrderBy(s => order[s.Toolset]).Concat(CatalogTools.All(() => present));
    }
}
