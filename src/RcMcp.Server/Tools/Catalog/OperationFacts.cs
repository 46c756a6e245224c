using System.Text;
using System.Text.Json.Nodes;

namespace RcMcp.Server.Tools.Catalog;

/// <summary>One API operation a tool sends, as the official spec names it: machine-readable facts, never its prose.</summary>
public sealed record OperationFact(string OperationId, string Tag, string Method, string Path);

/// <summary>
/// The spec's operationId, tag, method and path of every tool, generated from the reference spec into
/// operation-facts.json (a test checks it against a fresh generation; UPDATE_SNAPSHOTS=1 rewrites it). Search indexes
/// them, since the spec's words (Crdb, Tgw, WhiteList, fixed, RBAC) are words people and agents use too.
/// </summary>
public static class OperationFacts
{
    public const string ResourceName = "operation-facts.json";

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<OperationFact>>> Embedded = new(() =>
    {
        using var stream = typeof(OperationFacts).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {typeof(OperationFacts).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    });

    /// <summary>The facts built into this server, by tool name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<OperationFact>> All => Embedded.Value;

    public static IReadOnlyDictionary<string, IReadOnlyList<OperationFact>> Parse(string json)
    {
        var facts = new Dictionary<string, IReadOnlyList<OperationFact>>(StringComparer.Ordinal);
        foreach (var (tool, operations) in JsonNode.Parse(json)!.AsObject())
            facts[tool] = operations!.AsArray().Select(o => new OperationFact(
                (string)o!["operationId"]!, (string)o["tag"]!, (string)o["method"]!, (string)o["path"]!)).ToList();
        return facts;
    }

    /// <summary>The file's text: one line per tool, in catalog order, so that a change reads as a small diff.</summary>
    public static string Render(IEnumerable<(string Tool, IReadOnlyList<OperationFact> Operations)> tools)
    {
        var lines = tools.Select(t =>
        {
            var operations = new JsonArray(t.Operations.Select(o => (JsonNode)new JsonObject
            {
                ["operationId"] = o.OperationId, ["tag"] = o.Tag, ["method"] = o.Method, ["path"] = o.Path,
            }).ToArray());
            return $"  {JsonValue.Create(t.Tool).ToJsonString()}: {operations.ToJsonString()}";
        });
        return "{\n" + string.Join(",\n", lines) + "\n}\n";
    }
}
