using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RcMcp.Server.Tools.Catalog;

/// <summary>What the index is made of: the lexicon's entries, and each operation's fields (its name, texts,
/// parameters, enum values, toolset and the spec's tag, operationId and path).</summary>
public sealed partial class OperationSearch
{
    private sealed record Entry(string[] Words, bool Anywhere, List<(string Term, double Weight)> Means);

    private static List<Entry> CompileLexicon()
    {
        // The same trigger in several entries stands for all of their words.
        var byTrigger = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var (triggers, means, weight) in SearchLexicon.Entries)
        {
            var expansion = SearchText.Terms(means).Distinct().Select(t => (t, weight)).ToList();
            foreach (var trigger in triggers.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var key = TriggerKey(trigger);
                if (key.Length == 0) continue;
                if (byTrigger.TryGetValue(key, out var existing)) existing.Means.AddRange(expansion);
                else byTrigger[key] = new Entry(TriggerWords(trigger), trigger.Contains('+'), [.. expansion]);
            }
        }
        // Words anywhere first, then phrases from the longest.
        return byTrigger.Values.OrderByDescending(e => e.Anywhere).ThenByDescending(e => e.Words.Length).ToList();
    }

    private static string[] TriggerWords(string trigger) =>
        (trigger.Contains('+') ? trigger.Split('+').SelectMany(SearchText.Tokens) : SearchText.Tokens(trigger)).Select(SearchText.Stem).ToArray();

    /// <summary>What a lexicon trigger matches: its stemmed words ("+" first for words anywhere); empty for none.</summary>
    public static string TriggerKey(string trigger)
    {
        var words = TriggerWords(trigger);
        return words.Length == 0 ? "" : (trigger.Contains('+') ? "+" : "") + string.Join(' ', words);
    }

    private static List<string>[] Fields(ToolSpec spec, IReadOnlyList<OperationFact> facts)
    {
        var fields = new List<string>[Weights.Length];
        fields[(int)Field.Name] = SearchText.Terms(spec.Name);
        fields[(int)Field.Title] = SearchText.Terms(spec.Title);
        // Pointers to other tools in a description are about them ("Essentials: list_essentials_subscriptions",
        // "an existing key: update_database_tag"): left out with their label.
        fields[(int)Field.Description] = SearchText.Terms(ToolReference().Replace(Pointer().Replace(spec.Description, " "), " "));
        var located = facts.SelectMany(f => PathParameter().Matches(f.Path).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        fields[(int)Field.Parameters] = ParameterNames(spec.InputSchema, located).Distinct().SelectMany(SearchText.Terms).ToList();
        fields[(int)Field.Values] = EnumValues(spec.InputSchema).Distinct().SelectMany(SearchText.Terms).ToList();
        fields[(int)Field.Toolset] = SearchText.Terms(spec.Toolset.Name);
        fields[(int)Field.Tag] = facts.Select(f => f.Tag).Distinct().SelectMany(SearchText.Terms).ToList();
        // The operationId's leading verb is the HTTP method's (and once wrong: the spec's Essentials database update
        // is deleteFixedDatabaseByID): the tool's name says the action; the rest names the resource (Crdb, Tgw, Cidr).
        fields[(int)Field.OperationId] = facts.Select(f => OperationIdSuffix().Replace(f.OperationId, ""))
            .Distinct().SelectMany(id => SearchText.Terms(id).Skip(1)).ToList();
        fields[(int)Field.Path] = facts.SelectMany(f => PathTarget(f.Path)).Distinct().SelectMany(SearchText.Terms).ToList();
        return fields;
    }

    /// <summary>What a path names as its target: the segments after its last parameter, else the one before it
    /// (/subscriptions/{id}/databases/{id}/tags: tags; /subscriptions/{id}: subscriptions); and "fixed" for Essentials.</summary>
    private static IEnumerable<string> PathTarget(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s is not ("v1" or "**")).ToList();
        if (segments.FirstOrDefault() == "fixed") yield return "fixed";
        var last = segments.FindLastIndex(s => s.StartsWith('{'));
        var tail = segments.Skip(last + 1).ToList();
        if (tail.Count == 0 && last > 0) tail = [segments[last - 1]];
        foreach (var segment in tail) yield return segment;
    }

    private static IEnumerable<string> ParameterNames(JsonObject schema, IReadOnlySet<string> located)
    {
        if (schema["properties"] is JsonObject properties)
            foreach (var (name, child) in properties)
            {
                if (OwnArguments.Contains(name)) continue;
                // The path's parameters (subscriptionId, regionId) say where an operation acts, not what it does.
                if (!located.Contains(name)) yield return name;
                if (child is JsonObject c)
                    foreach (var nested in ParameterNames(c["items"] as JsonObject ?? c, located)) yield return nested;
            }
    }

    /// <summary>The values of the string enums of a schema (aof-every-1-second, allkeys-lru, AWS).</summary>
    private static IEnumerable<string> EnumValues(JsonNode? schema)
    {
        if (schema is JsonObject o)
        {
            if (o["enum"] is JsonArray values)
                foreach (var v in values)
                    if (v is JsonValue value && value.TryGetValue<string>(out var text)) yield return text;
            foreach (var (name, child) in o)
                if (name != "enum" && !OwnArguments.Contains(name))
                    foreach (var text in EnumValues(child)) yield return text;
        }
        else if (schema is JsonArray array)
            foreach (var item in array)
                foreach (var text in EnumValues(item)) yield return text;
    }
}
