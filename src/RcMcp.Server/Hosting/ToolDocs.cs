using System.Text;
using System.Text.Json.Nodes;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Hosting;

/// <summary>Renders docs/tools.md from the live tool catalog (a test keeps the file in sync).</summary>
public static class ToolDocs
{
    public static string Render(ToolCatalog catalog)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# RcMcp tools");
        sb.AppendLine();
        sb.AppendLine("Generated from the server's tool list; do not edit by hand (run the tests with `UPDATE_SNAPSHOTS=1` to refresh).");
        sb.AppendLine();
        sb.AppendLine("Kinds: **read** runs directly; **write** changes something that can be undone; **destructive** deletes data or access and always needs the person's confirmation.");
        sb.AppendLine("Dry run: **api** means the API validates and prices the call and a real call is refused without a recent matching dry run; **preview** means `dryRun: true` sends nothing and shows the request plus the target's current state.");
        sb.AppendLine();
        sb.AppendLine("| Toolset | Tools | What it holds |");
        sb.AppendLine("|---|---|---|");
        foreach (var toolset in Toolset.Areas.Append(Toolset.Catalog))
            sb.AppendLine($"| `{toolset.Name}` | {catalog.Specs.Count(s => s.Toolset == toolset)} | {toolset.Description} |");
        sb.AppendLine();
        sb.AppendLine("| Tool | Toolset | Kind | Dry run | Confirmation | Title |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var s in catalog.Specs)
        {
            sb.AppendLine($"| `{s.Name}` | {s.Toolset} | {s.Kind.ToString().ToLowerInvariant()} | {s.Gates.DryRunCell} | {s.Gates.ConfirmationCell} | {s.Title} |");
        }
        foreach (var s in catalog.Specs)
        {
            sb.AppendLine();
            sb.AppendLine($"## `{s.Name}`: {s.Title}");
            sb.AppendLine();
            sb.AppendLine(s.Description);
            sb.AppendLine();
            sb.AppendLine($"Annotations: readOnly={Lower(s.Kind == ToolKind.Read)}, destructive={Lower(s.Kind == ToolKind.Destructive)}, idempotent={Lower(s.Idempotent)}, openWorld=false.");
            var properties = s.InputSchema["properties"]!.AsObject();
            if (properties.Count == 0)
            {
                sb.AppendLine();
                sb.AppendLine("No arguments.");
                continue;
            }
            var required = (s.InputSchema["required"] as JsonArray)?.Select(r => (string)r!).ToHashSet() ?? [];
            sb.AppendLine();
            sb.AppendLine("| Argument | Type | Required | Description |");
            sb.AppendLine("|---|---|---|---|");
            foreach (var (name, schema) in properties)
                sb.AppendLine($"| `{name}` | {TypeOf(schema!)} | {(required.Contains(name) ? "yes" : "no")} | {Escape(DescriptionOf(schema!))} |");
        }
        return sb.ToString();
    }

    /// <summary>docs/errors.md: every error code (append-only), from <see cref="ErrorCodes.All"/>.</summary>
    public static string RenderErrors()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# RcMcp error codes");
        sb.AppendLine();
        sb.AppendLine("Generated from `ErrorCodes` in the code; do not edit by hand (run the tests with `UPDATE_SNAPSHOTS=1` to refresh).");
        sb.AppendLine();
        sb.AppendLine("Every `isError` tool result carries `structuredContent` `{\"error\": {\"code\", \"message\", \"retryable\", \"field\"?, \"next\"?}}`");
        sb.AppendLine("besides its text: `code` is one of the codes below, `retryable` says whether the same call may succeed later");
        sb.AppendLine("unchanged, `field` names the argument at fault, `next` is the next step. The codes are stable: new ones are added at");
        sb.AppendLine("the end, and an existing code never changes its meaning. A failed task adds `apiCode` and `apiDescription` (the API's own).");
        sb.AppendLine();
        sb.AppendLine("| Code | Retryable | Meaning |");
        sb.AppendLine("|---|---|---|");
        foreach (var (code, retryable, meaning) in ErrorCodes.All)
            sb.AppendLine($"| `{code}` | {(retryable ? "yes" : "no")} | {meaning} |");
        sb.AppendLine();
        sb.AppendLine("## Exit codes of the command line");
        sb.AppendLine();
        sb.AppendLine("| Exit code | When |");
        sb.AppendLine("|---|---|");
        foreach (var (exit, when) in ExitCodes.All) sb.AppendLine($"| {exit} | {when} |");
        return sb.ToString();
    }

    /// <summary>The description, and the schema's example when it has one (JSON Schema <c>examples</c>).</summary>
    private static string DescriptionOf(JsonNode schema)
    {
        var description = (string?)schema["description"] ?? "";
        if (schema["examples"] is not JsonArray { Count: > 0 } examples) return description;
        var example = examples[0] is JsonValue v && v.TryGetValue(out string? text) ? text : examples[0]!.ToJsonString();
        return (description.Length > 0 ? description + " " : "") + $"Example: `{example}`.";
    }

    private static string TypeOf(JsonNode schema)
    {
        if (schema["anyOf"] is JsonArray branches) return string.Join(" or ", branches.Select(b => TypeOf(b!)));
        var type = (string?)schema["type"] ?? "any";
        if (schema["enum"] is JsonArray e) return "one of " + string.Join(", ", e.Select(v => $"`{v}`"));
        if (type == "array" && schema["items"] is JsonNode items) return $"array of {TypeOf(items)}";
        var range = (schema["minimum"], schema["maximum"]) switch
        {
            (JsonNode a, JsonNode b) => $" ({a}–{b})",
            (JsonNode a, null) => $" (≥ {a})",
            _ => "",
        };
        return type + range;
    }

    private static string Escape(string s) => s.Replace("|", "\\|").Replace("\n", " ");
    private static string Lower(bool b) => b ? "true" : "false";
}
