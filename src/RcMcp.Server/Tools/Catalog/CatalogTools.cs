using System.Text.Json.Nodes;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Schema;

namespace RcMcp.Server.Tools.Catalog;

/// <summary>
/// search_operations, describe_operation and call_operation: every operation is reachable from any toolset, under the
/// same policy. call_operation is not run here: <see cref="CatalogDispatch"/> turns it into a call of the named tool
/// before the pipeline starts, so validation, policy, gates, redaction, shaping and audit are exactly the tool's own.
/// </summary>
public static class CatalogTools
{
    public const string Toolset = "catalog";
    public const string Search = "search_operations";
    public const string Describe = "describe_operation";
    public const string Call = "call_operation";

    private static JsonObject OperationName() => S.Str("Tool name from search_operations.", 3, 64, "^[a-z][a-z0-9_]*$", example: "delete_database");

    public static IEnumerable<ToolSpec> All(Func<IReadOnlyList<string>> toolsets)
    {
        yield return new ToolSpec
        {
            Name = Search,
            Title = "Search operations",
            Toolset = Toolset,
            IsCatalog = true,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description = "Find Redis Cloud operations by words (e.g. \"vpc peering create\", \"essentials plans\"), listed or not. Returns name, title, " +
                          "summary, kind and toolset of each match. Call listed tools directly; call others with call_operation after describe_operation.",
            InputSchema = S.Object()
                .Prop("query", S.Str("Words to look for in names and descriptions.", 1, 200), required: true)
                .Prop("toolset", S.Enum("Only this area.", [.. toolsets()]))
                .Prop("limit", S.Int("Most results (default 10).", 1, 50))
                .Build(),
            Handler = call => Task.FromResult(CatalogQueries.Search(call)),
        };

        yield return new ToolSpec
        {
            Name = Describe,
            Title = "Describe operation",
            Toolset = Toolset,
            IsCatalog = true,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description = "Show one operation's full input schema and its safety facts (dry run first, confirmation, returns a task), before calling it with call_operation.",
            InputSchema = S.Object().Prop("name", OperationName(), required: true).Build(),
            Handler = call => Task.FromResult(CatalogQueries.Describe(call)),
        };

        yield return new ToolSpec
        {
            Name = Call,
            Title = "Call operation",
            Toolset = Toolset,
            IsCatalog = true,
            // It can run any operation, destructive ones included: its annotations must not understate it.
            Kind = ToolKind.Destructive,
            Idempotent = false,
            Description = "Run any operation by name with its arguments, exactly as calling its tool: same validation, policy, dry-run-first, " +
                          "confirmation (prompt or confirmationToken inside arguments) and audit. Use describe_operation first for the arguments.",
            InputSchema = S.Object()
                .Prop("name", OperationName(), required: true)
                .Prop("arguments", S.FreeObject("The operation's arguments, as describe_operation shows them."))
                .Build(),
            // Never runs: CatalogDispatch replaces the call before the pipeline.
            Handler = _ => throw new InvalidOperationException("call_operation is dispatched before the pipeline"),
        };
    }
}
