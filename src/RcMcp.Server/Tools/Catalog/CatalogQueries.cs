using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Schema;

namespace RcMcp.Server.Tools.Catalog;

/// <summary>What search_operations and describe_operation answer, under the request's policy.</summary>
public static class CatalogQueries
{
    public static CallToolResult Search(ToolInvocation call)
    {
        var catalog = call.Service<ToolCatalog>();
        var policy = call.Service<ToolPolicy>();
        var narrowing = PolicyNarrowing.Current;
        var toolset = call.Args.StringOrNull("toolset");
        var limit = call.Args.IntOrNull("limit") ?? 10;

        var matches = Rank(catalog, call.Args.String("query"),
                s => (toolset is null || s.Toolset.Name == toolset) && policy.Forbidden(s, narrowing) is null, limit)
            .Select(m => (JsonNode)new JsonObject
            {
                ["name"] = m.Name,
                ["title"] = m.Title,
                ["summary"] = Summary(m.Description),
                ["kind"] = m.Kind.ToString().ToLowerInvariant(),
                ["toolset"] = m.Toolset.Name,
                ["listed"] = policy.IsListed(m.Name, narrowing),
                // The catalog tool that runs it when it is not listed: reads go through the read-only one.
                ["call"] = CatalogTools.CallerOf(m),
            })
            .ToArray();

        return ToolResults.Json(new JsonObject
        {
            ["operations"] = new JsonArray(matches),
            ["next"] = matches.Length == 0
                ? "Nothing matched (or policy forbids it). Try other words, e.g. the resource (database, subscription, peering) and the action (create, list, delete)."
                : "Listed tools can be called directly; for the others use read_operation for reads and call_operation for changes, after describe_operation for the arguments.",
        });
    }

    /// <summary>The eligible operations that best match a request, best first (catalog tools never).</summary>
    public static IReadOnlyList<ToolSpec> Rank(ToolCatalog catalog, string query, Func<ToolSpec, bool> eligible, int limit) =>
        OperationSearch.For(catalog).Rank(query, eligible, limit);

    public static CallToolResult Describe(ToolInvocation call)
    {
        var catalog = call.Service<ToolCatalog>();
        var policy = call.Service<ToolPolicy>();
        var name = call.Args.String("name");
        if (catalog.Find(name) is not { IsCatalog: false } spec)
            return UnknownOperation(catalog, name);

        var forbidden = policy.Forbidden(spec, PolicyNarrowing.Current);
        return ToolResults.Json(new JsonObject
        {
            ["name"] = spec.Name,
            ["title"] = spec.Title,
            ["description"] = spec.Description,
            ["toolset"] = spec.Toolset.Name,
            ["kind"] = spec.Kind.ToString().ToLowerInvariant(),
            ["listed"] = policy.IsListed(spec.Name, PolicyNarrowing.Current),
            ["allowed"] = forbidden is null,
            ["whyNot"] = forbidden?.Message,
            ["safety"] = Safety(spec),
            ["inputSchema"] = spec.InputSchema.DeepClone(),
            // A host lets the model call only listed tools: an unlisted one is reached through call_operation alone.
            ["next"] = forbidden is null
                ? policy.IsListed(spec.Name, PolicyNarrowing.Current)
                    ? $"Call {spec.Name} directly (it is listed), or through {CatalogTools.CallerOf(spec)} with name \"{spec.Name}\"."
                    : $"Call {CatalogTools.CallerOf(spec)} with name \"{spec.Name}\" and these arguments (it is not a listed tool here, so it cannot be called directly)."
                : null,
        });
    }

    /// <summary>The gates of a tool, from its declaration: dry run first, preview, confirmation, task.</summary>
    public static JsonObject Safety(ToolSpec spec) => new()
    {
        ["dryRunFirst"] = spec.ApiDryRun,
        ["preview"] = spec.IsMutating,
        ["confirmation"] = spec.Gates.ConfirmationText,
        ["returnsTask"] = spec.ReturnsTask,
    };

    public static CallToolResult UnknownOperation(ToolCatalog catalog, string name)
    {
        var close = catalog.Specs.Where(s => !s.IsCatalog)
            .OrderBy(s => EditDistance.Between(s.Name, name)).Take(3).Select(s => s.Name).ToList();
        var fix = $"use a name from search_operations; closest: {string.Join(", ", close)}";
        return ToolResults.Error(ErrorCodes.Validation, $"There is no operation \"{Trim(name)}\". Nothing was sent. Fix: {fix}.", field: "name", next: fix);
    }

    /// <summary>The first sentence of a description.</summary>
    public static string Summary(string description)
    {
        var end = description.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? description : description[..(end + 1)];
    }

    private static string Trim(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
