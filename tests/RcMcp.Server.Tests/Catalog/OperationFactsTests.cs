using System.Text.Json.Nodes;
using RcMcp.Server.Tools;
using RcMcp.Server.Tools.Catalog;

namespace RcMcp.Server.Tests.Catalog;

/// <summary>
/// operation-facts.json (what search indexes besides our own words) is the spec's operationId, tag, method and path
/// of the operations each tool sends, generated from the reference spec: it must equal a fresh generation
/// (UPDATE_SNAPSHOTS=1 rewrites it), and the server must carry the same file.
/// </summary>
public class OperationFactsTests
{
    private static readonly ToolCatalog Catalog = new();
    private static string FactsPath => Path.Combine(Repo.Root, "src", "RcMcp.Server", "Tools", "Catalog", OperationFacts.ResourceName);

    /// <summary>The operations of each tool: the request built from every argument, and from the required ones only
    /// (the Data Integration proxy picks a path by its arguments), as SpecConformanceTests reaches them.</summary>
    private static string Generate()
    {
        var spec = JsonNode.Parse(File.ReadAllText(Repo.SpecPath))!.AsObject();
        var byId = new Dictionary<string, OperationFact>(StringComparer.Ordinal);
        foreach (var (path, item) in spec["paths"]!.AsObject())
            foreach (var (method, op) in item!.AsObject())
                if (op?["operationId"] is JsonValue id)
                    byId[(string)id!] = new OperationFact((string)id!, (string?)op["tags"]?[0] ?? "", method.ToUpperInvariant(), path);

        var tools = new List<(string, IReadOnlyList<OperationFact>)>();
        foreach (var tool in Catalog.Specs.Where(s => s.Request is not null))
        {
            var operations = new List<OperationFact>();
            foreach (var args in new[] { SpecConformanceTests.SampleArgs(tool), SpecConformanceTests.RequiredArgs(tool) })
            {
                string operation;
                try { operation = tool.Request!(args).Operation; }
                catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or ArgumentException) { continue; }
                byId.ShouldContainKey(operation, $"{tool.Name} sends {operation}, which the spec does not have");
                if (!operations.Contains(byId[operation])) operations.Add(byId[operation]);
            }
            operations.ShouldNotBeEmpty($"{tool.Name} reaches no operation of the spec");
            tools.Add((tool.Name, operations));
        }
        return OperationFacts.Render(tools);
    }

    [Fact]
    public void The_committed_facts_are_a_fresh_generation_from_the_spec()
    {
        if (!File.Exists(Repo.SpecPath))
        {
            // Without the reference spec only the file's own shape can be checked.
            OperationFacts.Parse(File.ReadAllText(FactsPath)).Count.ShouldBeGreaterThan(0);
            return;
        }
        var fresh = Generate();
        if (Repo.UpdateSnapshots) File.WriteAllText(FactsPath, fresh);
        File.Exists(FactsPath).ShouldBeTrue("run the tests with UPDATE_SNAPSHOTS=1 to write operation-facts.json");
        File.ReadAllText(FactsPath).ShouldBe(fresh, "the spec or a tool changed: run the tests with UPDATE_SNAPSHOTS=1");
    }

    [Fact]
    public void The_server_carries_the_facts_of_every_api_tool()
    {
        var embedded = OperationFacts.All;
        var committed = OperationFacts.Parse(File.ReadAllText(FactsPath));
        embedded.Keys.ShouldBe(committed.Keys, ignoreOrder: true);
        foreach (var (name, operations) in committed) embedded[name].ShouldBe(operations);
        foreach (var tool in Catalog.Specs.Where(s => s.Request is not null))
            embedded.ContainsKey(tool.Name).ShouldBeTrue(tool.Name);
        embedded.Keys.ShouldAllBe(name => Catalog.Find(name) != null);
        embedded.Values.Sum(v => v.Count).ShouldBeGreaterThanOrEqualTo(169);
    }
}
