using System.Text;
using System.Text.Json.Nodes;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Cli;

/// <summary>One command-line option of a tool command: which argument it fills and how to read its text.</summary>
public sealed record CliOption(string Name, string Property, string Type, bool Required, IReadOnlyList<string>? Choices, string Description);

/// <summary>One tool as a command: its group (the toolset), its name in the group, its former names (aliases that
/// keep old scripts working), and its options.</summary>
public sealed record CliCommand(string Group, string Name, ToolSpec Spec, IReadOnlyList<CliOption> Options, CliOption? Positional)
{
    public IReadOnlyList<string> Aliases { get; init; } = [];
}

/// <summary>
/// Every tool as a command, generated from its <see cref="ToolSpec"/>: grouped by toolset (`rcmcp databases create`),
/// named by the tool's name without its area's words (`create_database` in databases is `create`; `wait_for_task` in
/// tasks is `wait`), options from the input schema (`subscriptionId` is `--subscription-id`). RcMcp's own arguments
/// are not options: the CLI runs the dry run and asks for confirmation itself (`--dry-run` previews only). Pure: the
/// same catalog always gives the same commands.
/// </summary>
public static class CliMap
{
    /// <summary>Options of the command line itself, which no tool option may take.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "--help", "--version", "--output", "--yes", "--no-wait", "--dry-run", "--reveal-secrets", "--json", "--keys-file", "--profile",
        "--config", "--toolset",
    };

    private static readonly HashSet<string> OwnArguments = [StandardArguments.DryRunName, StandardArguments.ConfirmationTokenName, StandardArguments.WaitForCompletionName, StandardArguments.RevealSecretsName];
    private static readonly HashSet<string> Connectives = ["for", "of", "the", "to", "a", "an"];

    /// <summary>
    /// Former command names, by tool. Command names are pinned (tests/RcMcp.Server.Tests/cli-commands.txt): when a new
    /// tool or a rename changes a derived name, the old one goes here so scripts that use it keep working.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> FormerNames = new Dictionary<string, string[]>(StringComparer.Ordinal);

    public static IReadOnlyList<CliCommand> Commands(ToolCatalog catalog)
    {
        var commands = new List<CliCommand>();
        foreach (var group in catalog.Specs.GroupBy(s => s.Toolset.Name))
        {
            var shortNames = group.ToDictionary(s => s.Name, s => ShortName(s.Name, group.Key));
            var clashes = shortNames.GroupBy(kv => kv.Value).Where(g => g.Count() > 1).SelectMany(g => g.Select(kv => kv.Key)).ToHashSet();
            foreach (var spec in group)
            {
                var name = clashes.Contains(spec.Name) || shortNames[spec.Name].Length == 0 ? spec.Name.Replace('_', '-') : shortNames[spec.Name];
                var options = Options(spec);
                var required = options.Where(o => o.Required).ToList();
                var positional = required.Count == 1 && required[0].Type is "string" or "integer" ? required[0] : null;
                commands.Add(new CliCommand(group.Key, name, spec, options, positional) { Aliases = FormerNames.GetValueOrDefault(spec.Name) ?? [] });
            }
        }
        return commands;
    }

    /// <summary>The tool's name without the words of its area: create_database in databases → create.</summary>
    public static string ShortName(string tool, string toolset)
    {
        var areaWords = AreaWords(toolset);
        var words = tool.Split('_').Where(w => !areaWords.Contains(w) && !Connectives.Contains(w)).ToList();
        return string.Join('-', words);
    }

    private static HashSet<string> AreaWords(string toolset)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in toolset.Split('-'))
        {
            words.Add(part);
            if (part.EndsWith('s')) words.Add(part[..^1]);
            else words.Add(part + "s");
        }
        if (toolset == "logs-billing") words.Remove("billing");
        if (toolset == "catalog") words.UnionWith(["operation", "operations"]);
        return words;
    }

    public static IReadOnlyList<CliOption> Options(ToolSpec spec)
    {
        var properties = spec.InputSchema["properties"] as JsonObject ?? [];
        var required = (spec.InputSchema["required"] as JsonArray)?.Select(r => (string)r!).ToHashSet() ?? [];
        var options = new List<CliOption>();
        foreach (var (property, node) in properties)
        {
            if (OwnArguments.Contains(property)) continue;
            var schema = node!.AsObject();
            // A choice of types (anyOf, e.g. a body that is an object or an array) reads as JSON of either type.
            var type = (string?)schema["type"] ?? (schema["anyOf"] is JsonArray branches ? string.Join("|", branches.Select(b => (string?)b?["type"])) : "string");
            var choices = schema["enum"] is JsonArray e ? e.Select(v => (string)v!).ToList() : null;
            var name = "--" + Kebab(property);
            if (Reserved.Contains(name)) name = "--arg-" + Kebab(property);
            var description = (string?)schema["description"] ?? property;
            if (type.Split('|').Any(t => t is "object" or "array")) description += " (JSON, or @file.json)";
            options.Add(new CliOption(name, property, type, required.Contains(property), choices, description));
        }
        return options;
    }

    /// <summary>subscriptionId → subscription-id; supportOSSClusterApi → support-oss-cluster-api; timeUTC → time-utc.</summary>
    public static string Kebab(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var prevLower = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                var prevUpper = i > 0 && char.IsUpper(name[i - 1]);
                if (i > 0 && (prevLower || (prevUpper && nextLower))) sb.Append('-');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c == '_' ? '-' : c);
        }
        return sb.ToString();
    }

    /// <summary>The JSON value of an option's text, per its schema type; null with the reason when it is not one.</summary>
    public static (JsonNode? Value, string? Error) Convert(CliOption option, string text)
    {
        switch (option.Type)
        {
            case "integer":
                return long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l)
                    ? (JsonValue.Create(l), null)
                    : (null, $"{option.Name} takes a whole number (got \"{text}\")");
            case "number":
                return decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
                    ? (JsonValue.Create(d), null)
                    : (null, $"{option.Name} takes a number (got \"{text}\")");
            case "boolean":
                return text.ToLowerInvariant() switch
                {
                    "" or "true" or "yes" or "1" => (JsonValue.Create(true), null),
                    "false" or "no" or "0" => (JsonValue.Create(false), null),
                    _ => (null, $"{option.Name} takes true or false (got \"{text}\")"),
                };
            case "object" or "array" or "object|array":
                var json = text;
                if (text.StartsWith('@'))
                {
                    var path = text[1..];
                    if (!File.Exists(path)) return (null, $"{option.Name}: the file {path} does not exist");
                    json = File.ReadAllText(path);
                }
                try
                {
                    var node = JsonNode.Parse(json, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 128 });
                    var expected = option.Type.Split('|').Any(t => t == "object" ? node is JsonObject : node is JsonArray);
                    return expected ? (node, null) : (null, $"{option.Name} takes a JSON {option.Type.Replace("|", " or ", StringComparison.Ordinal)}");
                }
                catch (System.Text.Json.JsonException e)
                {
                    return (null, $"{option.Name} is not valid JSON: {e.Message.Split('.')[0]}");
                }
            default:
                return (JsonValue.Create(text), null);
        }
    }
}
