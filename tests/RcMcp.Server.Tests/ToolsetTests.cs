using System.CommandLine;
using RcMcp.Server.Hosting;
using RcMcp.Server.Tools;
using Shouldly;
using Xunit;

namespace RcMcp.Server.Tests;

/// <summary>Toolsets are typed values: every tool names one, every area holds tools, and each says what it holds.</summary>
public class ToolsetTests
{
    private static readonly ToolCatalog Catalog = ToolCatalog.Shared;

    [Fact]
    public void Every_tool_is_in_a_declared_toolset_and_every_area_has_tools()
    {
        var declared = Toolset.Areas.Append(Toolset.Catalog).ToList();
        Catalog.Specs.ShouldAllBe(s => declared.Contains(s.Toolset));
        foreach (var toolset in declared) Catalog.Specs.Count(s => s.Toolset == toolset).ShouldBeGreaterThan(0, toolset.Name);
        Catalog.Toolsets.ShouldBe(Toolset.Areas.Select(a => a.Name).ToList());
    }

    [Fact]
    public void Names_are_unique_and_each_has_a_sentence()
    {
        var declared = Toolset.Areas.Append(Toolset.Catalog).ToList();
        declared.Select(t => t.Name).Distinct().Count().ShouldBe(declared.Count);
        foreach (var toolset in declared)
        {
            toolset.Name.ShouldMatch("^[a-z]+(-[a-z]+)*$");
            toolset.Description.ShouldEndWith(".");
            toolset.Description.Length.ShouldBeInRange(30, 160, toolset.Name);
        }
    }

    [Fact]
    public void The_toolsets_option_the_cli_groups_and_the_docs_say_each_toolset()
    {
        var docs = ToolDocs.Render(Catalog);
        var root = TestCommandLine.Root;
        var option = root.Options.Single(o => o.Name == "--toolsets").Description!;
        foreach (var toolset in Toolset.Areas.Append(Toolset.Catalog))
        {
            docs.ShouldContain($"| `{toolset.Name}` | {Catalog.Specs.Count(s => s.Toolset == toolset)} | {toolset.Description} |");
            if (toolset != Toolset.Catalog) option.ShouldContain(toolset.Name);
            root.Subcommands.Single(c => c.Name == toolset.Name).Description.ShouldBe(toolset.Description);
        }
    }

    [Fact]
    public void The_quick_start_parse_knows_every_command_of_the_root()
    {
        // CommandLine.RunAsync sends a line naming a command straight to the whole tree; a root command it did not know
        // would be swallowed as an option's value by the server-only parse.
        TestCommandLine.Root.Subcommands.Select(c => c.Name).ToHashSet().SetEquals(CommandLine.CommandWords).ShouldBeTrue(
            string.Join(", ", TestCommandLine.Root.Subcommands.Select(c => c.Name).Except(CommandLine.CommandWords)));
    }
}
