using RcMcp.Server.Tools;
using RcMcp.Server.Tools.Catalog;

namespace RcMcp.Server.Tests.Catalog;

/// <summary>What search indexes besides our own words: the spec's operationId, tag, method and path of the operation
/// each tool names, from the vendored operations file.</summary>
public class OperationFactsTests
{
    private static readonly ToolCatalog Catalog = new();

    [Fact]
    public void Every_api_tool_has_the_facts_of_the_operation_it_sends()
    {
        var facts = OperationFacts.From(Catalog);
        foreach (var tool in Catalog.Specs.Where(s => s.Request is not null))
        {
            facts.ContainsKey(tool.Name).ShouldBeTrue(tool.Name);
            var fact = facts[tool.Name].ShouldHaveSingleItem();
            fact.OperationId.ShouldBe(tool.Operation);
            fact.Tag.ShouldNotBeNullOrWhiteSpace();
            fact.Path.ShouldStartWith("/v1/");
        }
        facts.Keys.ShouldAllBe(name => Catalog.Find(name) != null);
    }
}
