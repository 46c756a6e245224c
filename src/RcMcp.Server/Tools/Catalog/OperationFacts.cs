using RcMcp.Cloud.Operations;

namespace RcMcp.Server.Tools.Catalog;

/// <summary>One API operation a tool sends, as the official spec names it: machine-readable facts, never its prose.</summary>
public sealed record OperationFact(string OperationId, string Tag, string Method, string Path);

/// <summary>
/// The spec's operationId, tag, method and path of every tool, from the operation each tool names and the vendored
/// operations file (spec/redis-cloud-operations.json). Search indexes them, since the spec's words (Crdb, Tgw,
/// WhiteList, fixed, RBAC) are words people and agents use too.
/// </summary>
public static class OperationFacts
{
    /// <summary>The facts of each tool that names an operation, by tool name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<OperationFact>> From(ToolCatalog catalog) =>
        catalog.Specs.Where(s => s.Operation is not null).ToDictionary(s => s.Name, s =>
        {
            var op = ApiOperations.Get(s.Operation!);
            return (IReadOnlyList<OperationFact>)[new OperationFact(op.Id, op.Tag, op.Method.Method, "/v1" + op.Path)];
        }, StringComparer.Ordinal);
}
