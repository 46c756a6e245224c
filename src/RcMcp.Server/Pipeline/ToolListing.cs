using System.Collections.Concurrent;
using ModelContextProtocol.Protocol;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// The server's tools, built once per process (each tool's protocol entry, schema serialised once), and the
/// tools/list answer per policy, built on first use and kept: its cost does not grow with calls.
/// </summary>
public sealed class ToolListing(ToolCatalog catalog, ToolPolicy policy)
{
    private readonly ConcurrentDictionary<string, IList<Tool>> _lists = new(StringComparer.Ordinal);

    public ToolCatalog Catalog => catalog;

    /// <summary>Every tool, by name (listed or not: call_operation reaches them all).</summary>
    public IReadOnlyDictionary<string, RcTool> Tools { get; } = catalog.Specs.ToDictionary(s => s.Name, s => new RcTool(s), StringComparer.Ordinal);

    public IList<Tool> For(PolicyNarrowing? narrowing) =>
        _lists.GetOrAdd(narrowing?.Key ?? "", _ => policy.Listed(narrowing).Select(s => Tools[s.Name].ProtocolTool).ToList());
}
