using System.CommandLine;
using System.Text.Json.Nodes;
using RcMcp.Server.Cli;
using RcMcp.Server.Hosting;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Tests;

/// <summary>The schema → command-line mapping over the whole catalog: every tool is a command, every required field an
/// option (or the positional argument), nothing collides, and every command parses what its schema describes.</summary>
public class CliMapTests
{
    private static readonly IReadOnlyList<CliCommand> Commands = CliMap.Commands(ToolCatalog.Shared);
    private static readonly Command Root = TestCommandLine.Root;

    public static TheoryData<string> ToolNames() => new(ToolCatalog.Shared.Specs.Select(s => s.Name));

    [Fact]
    public void Every_tool_is_exactly_one_command()
    {
        Commands.Select(c => c.Spec.Name).ShouldBe(ToolCatalog.Shared.Specs.Select(s => s.Name), ignoreOrder: true);
        Commands.Select(c => $"{c.Group} {c.Name}").Distinct().Count().ShouldBe(Commands.Count, "two tools would share a command");
        foreach (var command in Commands)
        {
            command.Group.ShouldBe(command.Spec.Toolset.Name);
            command.Name.ShouldMatch("^[a-z0-9]+(-[a-z0-9]+)*$");
        }
    }

    /// <summary>
    /// Command names are pinned in cli-commands.txt ("group command tool" per line): a name people and scripts use never
    /// changes silently. A new tool's command is appended with UPDATE_SNAPSHOTS=1; a line whose command no longer
    /// names its tool fails until the old name is kept as an alias (CliMap.FormerNames). Lines are never rewritten.
    /// </summary>
    [Fact]
    public void Command_names_are_pinned_and_a_changed_one_keeps_its_old_name_as_an_alias()
    {
        var file = Path.Combine(Repo.Root, "tests", "RcMcp.Server.Tests", "cli-commands.txt");
        var pinned = File.Exists(file)
            ? File.ReadAllLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(' ')).Select(p => (Group: p[0], Command: p[1], Tool: p[2])).ToList()
            : [];
        var broken = pinned.Where(p => !Commands.Any(c => c.Group == p.Group && c.Spec.Name == p.Tool && (c.Name == p.Command || c.Aliases.Contains(p.Command))))
            .Select(p => $"{p.Group} {p.Command} ({p.Tool})").ToList();
        broken.ShouldBeEmpty("pinned commands that no longer run their tool: add the old name to CliMap.FormerNames");

        var unpinned = Commands.Where(c => !pinned.Any(p => p.Tool == c.Spec.Name)).Select(c => $"{c.Group} {c.Name} {c.Spec.Name}").ToList();
        if (Repo.UpdateSnapshots && unpinned.Count > 0)
        {
            var header = File.Exists(file) ? "" : "# CLI command names, pinned (see CliMapTests). Append only: a renamed command keeps its old name as an alias.\n";
            File.AppendAllText(file, header + string.Join("\n", unpinned) + "\n");
            return;
        }
        unpinned.ShouldBeEmpty("commands not pinned yet: run the tests with UPDATE_SNAPSHOTS=1 to append them");

        // Aliases parse to the same command.
        foreach (var command in Commands.Where(c => c.Aliases.Count > 0))
            foreach (var alias in command.Aliases)
                Root.Parse($"{command.Group} {alias} --help").CommandResult.Command.Name.ShouldBe(command.Name);
    }

    [Fact]
    public void Groups_never_shadow_the_clis_own_commands()
    {
        foreach (var group in Commands.Select(c => c.Group).Distinct()) CliCommands.OwnCommands.ShouldNotContain(group);
        Root.Subcommands.Select(c => c.Name).Distinct().Count().ShouldBe(Root.Subcommands.Count);
    }

    [Theory]
    [MemberData(nameof(ToolNames))]
    public void Every_required_field_is_a_required_option_and_no_option_collides(string name)
    {
        var command = Commands.Single(c => c.Spec.Name == name);
        var required = (command.Spec.InputSchema["required"] as JsonArray)?.Select(r => (string)r!).ToList() ?? [];
        foreach (var field in required)
        {
            var option = command.Options.SingleOrDefault(o => o.Property == field);
            option.ShouldNotBeNull($"{name}: required {field} has no option");
            option.Required.ShouldBeTrue();
        }
        // RcMcp's own arguments are the CLI's flags (--dry-run, --yes, --reveal-secrets), never options of a tool.
        command.Options.ShouldNotContain(o => o.Property == StandardArguments.ConfirmationTokenName || o.Property == StandardArguments.DryRunName);

        var symbol = Symbol(command);
        var names = symbol.Options.SelectMany(o => o.Aliases.Prepend(o.Name))
            .Concat(Ancestors(symbol).SelectMany(a => a.Options.Where(o => o.Recursive)).SelectMany(o => o.Aliases.Prepend(o.Name)))
            .ToList();
        names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty($"{name}: options that collide");
    }

    [Theory]
    [MemberData(nameof(ToolNames))]
    public void A_command_line_built_from_the_schema_parses_without_errors(string name)
    {
        var command = Commands.Single(c => c.Spec.Name == name);
        var argv = new List<string> { command.Group, command.Name };
        foreach (var option in command.Options)
        {
            argv.Add(option.Name);
            argv.Add(option.Choices?[0] ?? option.Type switch
            {
                "integer" => "7",
                "number" => "1.5",
                "boolean" => "true",
                "array" => "[]",
                "object" => "{}",
                _ => "text",
            });
        }
        var parse = Root.Parse(argv);
        parse.Errors.Select(e => e.Message).ShouldBeEmpty();
        parse.CommandResult.Command.Name.ShouldBe(command.Name);
    }

    [Fact]
    public void A_missing_required_option_is_a_parse_error_naming_it()
    {
        var parse = Root.Parse(["databases", "create", "--name", "cache"]);
        parse.Errors.ShouldContain(e => e.Message.Contains("--subscription-id"));
    }

    [Fact]
    public void An_enum_option_takes_only_its_choices()
    {
        var parse = Root.Parse(["databases", "create", "--subscription-id", "1", "--name", "c", "--data-persistence", "sometimes"]);
        parse.Errors.ShouldNotBeEmpty();
    }

    [Fact]
    public void Server_options_work_before_and_after_a_command()
    {
        Root.Parse(["--sandbox", "subscriptions", "list"]).Errors.ShouldBeEmpty();
        Root.Parse(["subscriptions", "list", "--sandbox", "--read-only", "-o", "json"]).Errors.ShouldBeEmpty();
        Root.Parse(["--sandbox-when-no-keys", "tasks", "wait", "abc-1"]).Errors.ShouldBeEmpty();
        // Transport options belong to the server only.
        Root.Parse(["subscriptions", "list", "--transport", "http"]).Errors.ShouldNotBeEmpty();
        Root.Parse(["serve", "--transport", "http", "--http-port", "0"]).Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("subscriptionId", "subscription-id")]
    [InlineData("supportOSSClusterApi", "support-oss-cluster-api")]
    [InlineData("timeUTC", "time-utc")]
    [InlineData("TgwId", "tgw-id")]
    [InlineData("datasetSizeInGb", "dataset-size-in-gb")]
    public void Names_become_kebab_options(string property, string option) => CliMap.Kebab(property).ShouldBe(option);

    [Fact]
    public void Short_names_drop_the_area_words()
    {
        CliMap.ShortName("create_database", "databases").ShouldBe("create");
        CliMap.ShortName("wait_for_task", "tasks").ShouldBe("wait");
        CliMap.ShortName("list_subscriptions", "subscriptions").ShouldBe("list");
        Commands.Single(c => c.Spec.Name == "wait_for_task").Positional!.Property.ShouldBe("taskId");
    }

    /// <summary>A Data Integration body is a JSON object or array: the option takes either, and nothing else.</summary>
    [Fact]
    public void A_body_that_may_be_an_object_or_an_array_takes_either()
    {
        var body = Commands.Single(c => c.Spec.Name == "create_data_integration").Options.Single(o => o.Property == "body");
        body.Type.ShouldBe("object|array");
        body.Description.ShouldContain("(JSON, or @file.json)");
        CliMap.Convert(body, "[{\"name\":\"job\"}]").Value.ShouldBeOfType<JsonArray>();
        CliMap.Convert(body, "{\"name\":\"job\"}").Value.ShouldBeOfType<JsonObject>();
        CliMap.Convert(body, "42").Error.ShouldBe("--body takes a JSON object or array");
    }

    [Fact]
    public void Values_convert_per_schema_type_with_a_reason_when_they_cannot()
    {
        var integer = new CliOption("--port", "port", "integer", false, null, "");
        CliMap.Convert(integer, "12000").Value!.GetValue<long>().ShouldBe(12000);
        CliMap.Convert(integer, "12k").Error.ShouldContain("--port takes a whole number");
        var array = new CliOption("--alerts", "alerts", "array", false, null, "");
        CliMap.Convert(array, "[{\"name\":\"latency\",\"value\":3}]").Value.ShouldBeOfType<JsonArray>();
        CliMap.Convert(array, "{}").Error.ShouldContain("JSON array");
        CliMap.Convert(array, "[1,").Error.ShouldContain("not valid JSON");
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "[\"10.0.0.0/8\"]");
        try { CliMap.Convert(array, "@" + file).Value!.AsArray().Count.ShouldBe(1); }
        finally { File.Delete(file); }
        CliMap.Convert(array, "@/no/such/file.json").Error.ShouldContain("does not exist");
        var flag = new CliOption("--enable-tls", "enableTls", "boolean", false, null, "");
        CliMap.Convert(flag, "").Value!.GetValue<bool>().ShouldBeTrue();
        CliMap.Convert(flag, "no").Value!.GetValue<bool>().ShouldBeFalse();
    }

    private static Command Symbol(CliCommand command) =>
        Root.Subcommands.Single(g => g.Name == command.Group).Subcommands.Single(c => c.Name == command.Name);

    private static IEnumerable<Command> Ancestors(Command command)
    {
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
            yield return parent;
    }
}
