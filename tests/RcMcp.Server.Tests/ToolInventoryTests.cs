using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelContextProtocol;
using RcMcp.Server.Hosting;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Tests;

/// <summary>Checks every tool's metadata, keeps a snapshot of its tools/list entry, and keeps docs/tools.md in sync.</summary>
public class ToolInventoryTests
{
    private static readonly ToolCatalog Catalog = new();

    public static TheoryData<string> ToolNames() => new(Catalog.Specs.Select(s => s.Name));

    /// <summary>A search of the code for a tool's name finds where it is declared: no name is built by interpolation.</summary>
    [Fact]
    public void Every_tool_name_appears_literally_in_the_product_code()
    {
        var code = string.Concat(Directory.EnumerateFiles(Path.Combine(Repo.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText));
        Catalog.Specs.Select(s => s.Name).Where(n => !code.Contains($"\"{n}\"", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void Names_are_unique_and_the_catalog_tools_come_last()
    {
        Catalog.Specs.Select(s => s.Name).Distinct().Count().ShouldBe(Catalog.Specs.Count);
        Catalog.Specs.TakeLast(4).Select(s => s.Name).ShouldBe(["search_operations", "describe_operation", "read_operation", "call_operation"]);
        Catalog.Specs.SkipLast(4).ShouldAllBe(s => !s.IsCatalog);
    }

    [Theory]
    [MemberData(nameof(ToolNames))]
    public void Each_tool_declares_complete_metadata(string name)
    {
        var spec = Catalog.Find(name)!;
        spec.Name.ShouldMatch("^[a-z][a-z0-9_]{2,63}$");
        spec.Title.ShouldNotBeNullOrWhiteSpace();
        spec.Description.Length.ShouldBeGreaterThan(80);
        spec.InputSchema["type"]!.GetValue<string>().ShouldBe("object");
        spec.InputSchema["additionalProperties"]!.GetValue<bool>().ShouldBeFalse();
        spec.InputSchema.ContainsKey("anyOf").ShouldBeFalse();
        spec.InputSchema.ContainsKey("oneOf").ShouldBeFalse();
        // Every argument is described, once: RcMcp's own arguments and the ids in the server instructions (a
        // description on those would repeat that text in ~200 places), every other one on the property.
        var saidOnce = IdArguments.IdSources.Select(i => i.Property)
            .Concat([StandardArguments.ConfirmationTokenName, StandardArguments.WaitForCompletionName]).ToHashSet();
        foreach (var (prop, schema) in spec.InputSchema["properties"]!.AsObject())
        {
            var description = (string?)schema!["description"];
            if (prop == StandardArguments.DryRunName) (description is null).ShouldBe(!spec.ApiDryRun, $"{name}.dryRun: only a required dry run is described");
            else if (saidOnce.Contains(prop))
            {
                // Only a text that says something of its own (another default, a filter) may stand here.
                if (description is not null)
                    Regex.IsMatch(description, @"^([A-Z][\w -]*)?[Ii]d \((list|get)_\w+\)\.$|^Token from|^Wait for the task").ShouldBeFalse($"{name}.{prop} repeats the server instructions");
            }
            else description.ShouldNotBeNullOrWhiteSpace($"{name}.{prop} has no description");
        }

        var tool = new RcTool(spec).ProtocolTool;
        tool.Annotations.ShouldNotBeNull();
        tool.Annotations!.ReadOnlyHint.ShouldBe(spec.Kind == ToolKind.Read);
        tool.Annotations.DestructiveHint.ShouldBe(spec.Kind == ToolKind.Destructive);
        tool.Annotations.IdempotentHint.ShouldNotBeNull();
        tool.Annotations.OpenWorldHint.ShouldBe(false);
    }

    [Theory]
    [MemberData(nameof(ToolNames))]
    public void Safety_declarations_are_consistent(string name)
    {
        var spec = Catalog.Find(name)!;
        var props = spec.InputSchema["properties"]!.AsObject();
        if (spec.IsCatalog) return; // call_operation runs other tools under their own declarations
        if (spec.Kind == ToolKind.Destructive) spec.Confirm.ShouldBe(Confirmation.Always, "destructive tools always need confirmation");
        if (spec.IsMutating)
        {
            props.ContainsKey("dryRun").ShouldBeTrue("every write and destructive tool accepts dryRun");
            (spec.TargetState is not null || spec.ApiDryRun || name == "create_subscription").ShouldBeTrue("a preview needs the target's state");
        }
        else
        {
            props.ContainsKey("dryRun").ShouldBeFalse();
            if (!spec.CanRevealSecrets) props.ContainsKey("confirmationToken").ShouldBeFalse("a plain read needs no confirmation");
        }
        if (spec.Confirm != Confirmation.Never) props.ContainsKey("confirmationToken").ShouldBeTrue();
        if (spec.Confirm.DependsOnTarget || spec.Preflight is not null) spec.TargetState.ShouldNotBeNull("deciding from the target needs its state");
        if (spec.CanRevealSecrets)
        {
            props.ContainsKey("revealSecrets").ShouldBeTrue("ToolSpec adds it for CanRevealSecrets");
            props.ContainsKey("confirmationToken").ShouldBeTrue("ToolSpec adds it for CanRevealSecrets");
            spec.TargetState.ShouldNotBeNull("the prompt names the target");
        }
        if (spec.ApiDryRun) ((string)props["dryRun"]!["description"]!).ShouldBe(StandardArguments.ApiDryRunText);
        if (spec.ReturnsTask) spec.Description.ShouldContain("wait_for_task");
    }

    [Theory]
    [MemberData(nameof(ToolNames))]
    public void Tools_list_entry_matches_its_snapshot(string name)
    {
        var tool = new RcTool(Catalog.Find(name)!).ProtocolTool;
        var actual = JsonNode.Parse(JsonSerializer.Serialize(tool, McpJsonUtilities.DefaultOptions))!
            .ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var path = Path.Combine(Repo.Root, "tests", "RcMcp.Server.Tests", "toolsnaps", name + ".json");
        if (Repo.UpdateSnapshots || !File.Exists(path) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }
        File.Exists(path).ShouldBeTrue($"missing snapshot {path}: run the tests with UPDATE_SNAPSHOTS=1 and commit it");
        actual.ShouldBe(File.ReadAllText(path), $"the tools/list entry of {name} changed: if on purpose, run with UPDATE_SNAPSHOTS=1 and commit the snapshot");
    }

    [Fact]
    public void Docs_are_in_sync_with_the_tool_list()
    {
        var expected = ToolDocs.Render(Catalog);
        var path = Path.Combine(Repo.Root, "docs", "tools.md");
        if (Repo.UpdateSnapshots) File.WriteAllText(path, expected);
        File.ReadAllText(path).ShouldBe(expected, "docs/tools.md is stale: run the tests with UPDATE_SNAPSHOTS=1 and commit it");
    }

    [Fact]
    public void Every_shared_description_says_where_ids_come_from()
    {
        foreach (var spec in Catalog.Specs)
            foreach (var (prop, schema) in spec.InputSchema["properties"]!.AsObject())
                if (prop is "subscriptionId" or "databaseId" or "taskId")
                    (IdArguments.IdSources.Any(i => i.Property == prop) || Regex.IsMatch((string)schema!["description"]!, "list_|from")).ShouldBeTrue($"{spec.Name}.{prop}");
    }
}

public class ErrorCodeDocsTests
{
    [Fact]
    public void Docs_errors_md_lists_every_code()
    {
        var expected = RcMcp.Server.Hosting.ToolDocs.RenderErrors();
        var path = Path.Combine(Repo.Root, "docs", "errors.md");
        if (Repo.UpdateSnapshots) File.WriteAllText(path, expected);
        File.ReadAllText(path).ShouldBe(expected, "docs/errors.md is stale: run the tests with UPDATE_SNAPSHOTS=1 and commit it");
    }

    [Fact]
    public void Codes_are_unique_and_every_one_has_an_exit_code()
    {
        RcMcp.Server.Tools.ErrorCodes.All.Select(c => c.Code).Distinct().Count().ShouldBe(RcMcp.Server.Tools.ErrorCodes.All.Count);
        foreach (var (code, _, _) in RcMcp.Server.Tools.ErrorCodes.All)
            RcMcp.Server.Tools.ExitCodes.For(code).ShouldBeGreaterThan(0);
    }

    /// <summary>Append-only: the codes published so far keep their place (new ones go at the end).</summary>
    [Fact]
    public void Published_codes_never_move_or_disappear()
    {
        string[] published =
        [
            "validation", "dry_run_required", "dry_run_in_use", "confirmation_required", "confirmation_declined", "confirmation_timed_out",
            "token_expired", "token_used", "token_other_call", "token_unknown", "read_only", "not_allowed_by_policy", "not_configured",
            "unauthorized", "forbidden", "not_found", "conflict", "bad_request", "unprocessable", "precondition_failed", "rate_limited",
            "upstream_unavailable", "timeout", "task_failed", "invalid_upstream_response", "will_fail", "internal",
        ];
        RcMcp.Server.Tools.ErrorCodes.All.Take(published.Length).Select(c => c.Code).ShouldBe(published);
    }
}
