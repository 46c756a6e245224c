using System.Text.Json.Nodes;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Schema;

namespace RcMcp.Server.Tools.Catalog;

/// <summary>
/// search_operations, describe_operation, read_operation and call_operation: every operation is reachable from any
/// toolset, under the same policy. read_operation runs reads only (annotated read-only, so a host may auto-approve it);
/// call_operation runs any operation (annotated destructive). Neither runs here: <see cref="CatalogDispatch"/> turns
/// them into a call of the named tool before the pipeline starts, so validation, policy, gates, redaction, shaping and
/// audit are exactly the tool's own.
/// </summary>
public static class CatalogTools
{
    public static readonly Toolset Toolset = Toolset.Catalog;
    public const string Search = "search_operations";
    public const string Describe = "describe_operation";
    public const string Read = "read_operation";
    public const string Call = "call_operation";

    /// <summary>The catalog tool that runs this operation: read_operation for reads, call_operation for changes.</summary>
    public static string CallerOf(ToolSpec spec) => spec.Kind == ToolKind.Read ? Read : Call;

    /// <summary>True for the two tools that run another operation by name.</summary>
    public static bool IsCaller(string name) => name is Read or Call;

    private static JsonObject OperationName() => JsonSchema.Str("Tool name from search_operations.", 3, 64, "^[a-z][a-z0-9_]*$", example: "delete_database");

    /// <summary>read_operation or call_operation: the same two arguments, never run (CatalogDispatch replaces the call
    /// with one of the named tool before the pipeline).</summary>
    private static ToolSpec Caller(string name, string title, ToolKind kind, string description, string nameDescription, string example) => new()
    {
        Name = name,
        Title = title,
        Toolset = Toolset,
        IsCatalog = true,
        Kind = kind,
        Idempotent = kind == ToolKind.Read,
        Description = description,
        InputSchema = JsonSchema.Object()
            .Prop("name", JsonSchema.Str(nameDescription, 3, 64, "^[a-z][a-z0-9_]*$", example: example), required: true)
            .Prop("arguments", JsonSchema.FreeObject("The operation's arguments, as describe_operation shows them."))
            .Build(),
        Handler = _ => throw new InvalidOperationException($"{name} is dispatched before the pipeline"),
    };

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
                          "summary, kind and toolset of each match. Call listed tools directly; for the others use the match's \"call\" tool (read_operation for reads, call_operation for changes).",
            InputSchema = JsonSchema.Object()
                .Prop("query", JsonSchema.Str("Words to look for in names and descriptions.", 1, 200), required: true)
                .Prop("toolset", JsonSchema.Enum("Only this area.", [.. toolsets()]))
                .Prop("limit", JsonSchema.Int("Most results (default 10).", 1, 50))
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
            Description = "Show one operation's full input schema and its safety facts (dry run first, confirmation, returns a task), before calling it with read_operation or call_operation.",
            InputSchema = JsonSchema.Object().Prop("name", OperationName(), required: true).Build(),
            Handler = call => Task.FromResult(CatalogQueries.Describe(call)),
        };

        // Runs reads only: CatalogDispatch refuses any other operation before anything is sent.
        yield return Caller(Read, "Read operation", ToolKind.Read,
            "Run a read-only operation by name with its arguments (list, get, search results marked call: read_operation), exactly as calling its tool. " +
            "Refuses any operation that changes something, before sending; use call_operation for those.",
            "Name of a read operation from search_operations.", "get_database");
        // It can run any operation, destructive ones included: its annotations must not understate it.
        yield return Caller(Call, "Call operation", ToolKind.Destructive,
            "Run any operation by name with its arguments, exactly as calling its tool: same validation, policy, dry-run-first, " +
            "confirmation (prompt or confirmationToken inside arguments) and audit. Use describe_operation first for the arguments.",
            "Tool name from search_operations.", "delete_database");
    }
}
