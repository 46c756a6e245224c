using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using RcMcp.Server.Hosting;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Tools;
using Xunit.Abstractions;

namespace RcMcp.Server.Tests;

/// <summary>
/// The size of the tool surface, as serialised in tools/list (name, title, description, annotations, input schema):
/// every byte is paid by the model on every request. A size, not a timing, so it is asserted here.
/// </summary>
public class BudgetTests(ITestOutputHelper output)
{
    /// <summary>
    /// Issue 8 asked for a mean of at most 700 bytes. With every operation a tool and the schemas exact (every integer
    /// bounded, every string capped, all four hints and a title on every tool), the entries without any text at all
    /// already average ~659 bytes (see The_structure_alone_is_most_of_it), so 700 cannot hold with descriptions a
    /// model can use; the catalog measured 855 when every area was in. This ceiling keeps it from growing back.
    /// </summary>
    public const int MeanBudget = 870;
    public const int IssueTarget = 700;
    public const int ToolBudget = 6 * 1024;

    private static readonly ToolListing All = Listing(new ServerOptions { Toolsets = ["all"] });

    internal static ToolListing Listing(ServerOptions options)
    {
        var catalog = new ToolCatalog();
        return new ToolListing(catalog, new ToolPolicy(options, catalog));
    }

    internal static int Bytes(ModelContextProtocol.Protocol.Tool tool) =>
        Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(tool, McpJsonUtilities.DefaultOptions));

    internal static int Bytes(IEnumerable<ModelContextProtocol.Protocol.Tool> tools) =>
        Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(tools.ToList(), McpJsonUtilities.DefaultOptions));

    [Fact]
    public void The_whole_catalog_keeps_its_size_budget()
    {
        var tools = All.For(null);
        var sizes = tools.Select(t => (t.Name, Bytes: Bytes(t))).OrderByDescending(t => t.Bytes).ToList();
        var mean = sizes.Average(s => s.Bytes);
        foreach (var (name, bytes) in sizes.Take(10)) output.WriteLine($"{bytes,6} {name}");
        output.WriteLine($"{tools.Count} tools, {Bytes(tools)} bytes, mean {mean:0} bytes, largest {sizes[0].Name} {sizes[0].Bytes} bytes");
        sizes.Where(s => s.Bytes > ToolBudget).ShouldBeEmpty($"no tool may exceed {ToolBudget} bytes");
        mean.ShouldBeLessThanOrEqualTo(MeanBudget, $"the mean tools/list entry must stay at or below {MeanBudget} bytes");
    }

    /// <summary>The bytes that are not text (names, hints, exact schemas): the floor under any description diet.</summary>
    [Fact]
    public void The_structure_alone_is_most_of_it()
    {
        var tools = All.For(null);
        var total = 0.0;
        var structure = 0.0;
        foreach (var tool in tools)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(tool, McpJsonUtilities.DefaultOptions))!.AsObject();
            total += Encoding.UTF8.GetByteCount(node.ToJsonString());
            node["title"] = "";
            node["description"] = "";
            Strip(node["inputSchema"]);
            structure += Encoding.UTF8.GetByteCount(node.ToJsonString());
        }
        output.WriteLine($"mean {total / tools.Count:0} bytes, of which structure {structure / tools.Count:0} and text {(total - structure) / tools.Count:0}; issue 8's target {IssueTarget}");
        (structure / tools.Count).ShouldBeGreaterThan(IssueTarget - 100, "if the structure shrinks this much, lower MeanBudget towards the issue's 700");

        static void Strip(System.Text.Json.Nodes.JsonNode? node)
        {
            if (node is System.Text.Json.Nodes.JsonObject o)
            {
                o.Remove("description");
                foreach (var (_, v) in o) Strip(v);
            }
            else if (node is System.Text.Json.Nodes.JsonArray a)
                foreach (var v in a) Strip(v);
        }
    }

    [Fact]
    public void The_default_list_is_small_and_the_catalog_alone_smaller()
    {
        var listed = Listing(new ServerOptions()).For(null);
        output.WriteLine($"default: {listed.Count} tools, {Bytes(listed)} bytes");
        listed.Count.ShouldBeLessThanOrEqualTo(40);
        Bytes(listed).ShouldBeLessThanOrEqualTo(30 * 1024);

        var none = Listing(new ServerOptions { Toolsets = ["none"] }).For(null);
        output.WriteLine($"none: {none.Count} tools, {Bytes(none)} bytes");
        none.Select(t => t.Name).ShouldBe(["search_operations", "describe_operation", "read_operation", "call_operation"]);
        Bytes(none).ShouldBeLessThanOrEqualTo(5 * 1024);
    }
}
