using RcMcp.Server.Tools.Account;
using RcMcp.Server.Tools.ActiveActive;
using RcMcp.Server.Tools.Databases;
using RcMcp.Server.Tools.Subscriptions;
using RcMcp.Server.Tools.Tasks;

namespace RcMcp.Server.Tools;

/// <summary>Every tool of the server. Adding an operation = adding a <see cref="ToolSpec"/> to its area's file.</summary>
public sealed class ToolCatalog
{
    private readonly Dictionary<string, ToolSpec> _byName;

    public ToolCatalog() : this(AllSpecs()) { }

    public ToolCatalog(IEnumerable<ToolSpec> specs)
    {
        Specs = specs.ToList();
        _byName = Specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ToolSpec> Specs { get; }

    public IReadOnlyList<string> Toolsets => Specs.Select(s => s.Toolset).Distinct().ToList();

    public ToolSpec? Find(string name) => _byName.GetValueOrDefault(name);

    public static IEnumerable<ToolSpec> AllSpecs() =>
        AccountTools.All()
            .Concat(SubscriptionTools.All())
            .Concat(DatabaseTools.All())
            .Concat(ActiveActiveTools.All())
            .Concat(TaskTools.All());
}
