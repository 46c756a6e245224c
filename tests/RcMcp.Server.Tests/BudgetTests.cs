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
    public const int MeanBudget = 700;
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

    [Fact]
    public void The_default_list_is_small_and_the_catalog_alone_smaller()
    {
        var listed = Listing(new ServerOptions()).For(null);
        output.WriteLine($"default: {listed.Count} tools, {Bytes(listed)} bytes");
        listed.Count.ShouldBeLessThanOrEqualTo(40);
        Bytes(listed).ShouldBeLessThanOrEqualTo(30 * 1024);

        var none = Listing(new ServerOptions { Toolsets = ["none"] }).For(null);
        output.WriteLine($"none: {none.Count} tools, {Bytes(none)} bytes");
        none.Select(t => t.Name).ShouldBe(["search_operations", "describe_operation", "call_operation"]);
        Bytes(none).ShouldBeLessThanOrEqualTo(5 * 1024);
    }
}
