using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Server.Hosting;
using RcMcp.Server.Tools;
using RcMcp.Server.Tools.Catalog;
using Spectre.Console;

namespace RcMcp.Server.Cli;

/// <summary>
/// The CLI's commands, built from the tool catalog: a group per toolset with a command per tool (options from its
/// input schema, help from its description and gates), and `call`, `tools` and `describe`. Each command runs its tool
/// through <see cref="CliRunner"/>, that is through the server's own pipeline.
/// </summary>
public static class CliCommands
{
    public static readonly Option<string> Output = new("--output", "-o") { Description = "table (for people; the default) or json (the tool's structuredContent, for scripts).", DefaultValueFactory = _ => "table", Recursive = true };
    public static readonly Option<bool> Yes = new("--yes", "-y") { Description = "Answer yes to confirmations (for scripts). Never skips a dry run.", Recursive = true };
    public static readonly Option<bool> NoWait = new("--no-wait") { Description = "Return the task id at once instead of following the task to its end.", Recursive = true };
    public static readonly Option<bool> DryRun = new("--dry-run") { Description = "Only preview the change (the API's dry run where it has one, else RcMcp's preview); nothing changes.", Recursive = true };
    public static readonly Option<bool> RevealSecrets = new("--reveal-secrets") { Description = "Show passwords and keys in the answer (asks for confirmation, like the reveal in the server).", Recursive = true };
    public static readonly Option<string?> KeysFile = new("--keys-file") { Description = "Read the keys from a JSON file: {\"apikey\": ..., \"secretkey\": ...} (the getting-started keys.json).", Recursive = true };
    public static readonly Option<string?> Profile = new("--profile") { Description = "Use a named profile (keys and API URL) from the config file.", Recursive = true };
    public static readonly Option<string?> Config = new("--config") { Description = "Config file with profiles (default $XDG_CONFIG_HOME/rcmcp/config.json).", Recursive = true };

    public static IEnumerable<Option> GlobalOptions => [Output, Yes, NoWait, DryRun, RevealSecrets, KeysFile, Profile, Config];

    /// <summary>Names the CLI's own commands take; no toolset may be called so.</summary>
    public static readonly IReadOnlySet<string> OwnCommands = new HashSet<string>(StringComparer.Ordinal) { "serve", "call", "tools", "describe", "sandbox", "approvers" };

    /// <summary>Adds every tool command, grouped, and call/tools/describe, to the root command.</summary>
    public static void Add(Command root, Func<ParseResult, ServerOptions> bind)
    {
        Output.AcceptOnlyFromAmong("table", "json");
        foreach (var option in GlobalOptions) root.Options.Add(option);

        var commands = CliMap.Commands(ToolCatalog.Shared);
        foreach (var group in commands.GroupBy(c => c.Spec.Toolset))
        {
            var groupCommand = new Command(group.Key.Name, group.Key.Description);
            foreach (var command in group) groupCommand.Subcommands.Add(ToolCommand(command, bind));
            root.Subcommands.Add(groupCommand);
        }
        root.Subcommands.Add(CallCommand(bind));
        root.Subcommands.Add(ToolsCommand(commands));
        root.Subcommands.Add(DescribeCommand(commands));
        root.Subcommands.Add(CliSandbox.Command(bind));
        root.Subcommands.Add(ApproversCommand());
    }

    /// <summary><c>rcmcp approvers hash</c>: reads an approver's secret from standard input (never from the command
    /// line, where other users could see it) and prints the hash for the --approvers file.</summary>
    private static Command ApproversCommand()
    {
        var hash = new Command("hash", "Read an approver's secret from standard input and print its hash for the --approvers file.");
        hash.SetAction(_ =>
        {
            var secret = Console.In.ReadLine()?.TrimEnd('\r', '\n');
            if (string.IsNullOrEmpty(secret) || secret.Length < 12)
            {
                Console.Error.WriteLine("rcmcp: give the approver's secret (at least 12 characters) on standard input, e.g. read -rs S; printf '%s\\n' \"$S\" | rcmcp approvers hash");
                return ExitCodes.Usage;
            }
            Console.Out.WriteLine(Approvals.ApproverDirectory.HashSecret(secret));
            return ExitCodes.Success;
        });
        var approvers = new Command("approvers", "Named approvers of the approval page (rcmcp --transport http --approvers FILE).");
        approvers.Subcommands.Add(hash);
        return approvers;
    }

    /// <summary>How a tool's gates read in its help.</summary>
    public static string Gates(ToolSpec spec) => spec.Gates.CliSentence;

    private static Command ToolCommand(CliCommand command, Func<ParseResult, ServerOptions> bind)
    {
        var spec = command.Spec;
        var cmd = new Command(command.Name, $"{spec.Title} (tool {spec.Name}). {spec.Description}\n{Gates(spec)}");
        foreach (var alias in command.Aliases) cmd.Aliases.Add(alias);
        var options = new List<(CliOption Option, Option<string> Symbol)>();
        foreach (var option in command.Options)
        {
            var symbol = new Option<string>(option.Name)
            {
                Description = option.Description,
                Required = option.Required && option != command.Positional,
                HelpName = option.Choices is null ? option.Type switch { "object" or "array" => "json", var t => t } : null,
            };
            if (option.Type == "boolean") symbol.Arity = ArgumentArity.ZeroOrOne;
            if (option.Choices is { } choices) symbol.AcceptOnlyFromAmong([.. choices]);
            else if (option.Type == "boolean") symbol.AcceptOnlyFromAmong("true", "false", "yes", "no", "1", "0");
            cmd.Options.Add(symbol);
            options.Add((option, symbol));
        }
        Argument<string?>? positional = null;
        if (command.Positional is { } p)
        {
            positional = new Argument<string?>(CliMap.Kebab(p.Property)) { Description = p.Description + $" (or {p.Name})", Arity = ArgumentArity.ZeroOrOne };
            cmd.Arguments.Add(positional);
        }

        cmd.SetAction(async (parse, ct) =>
        {
            var arguments = new JsonObject();
            foreach (var (option, symbol) in options)
            {
                if (parse.GetResult(symbol) is not { } result) continue;
                var text = result.Tokens.Count > 0 ? parse.GetValue(symbol) ?? "" : "";
                if (!Set(arguments, option, text, out var error)) return Usage(error);
            }
            if (command.Positional is { } pos && !arguments.ContainsKey(pos.Property))
            {
                var value = positional is null ? null : parse.GetValue(positional);
                if (value is null) return Usage($"{cmd.Name} needs {pos.Name} (or give it as the first argument).");
                if (!Set(arguments, pos, value, out var error)) return Usage(error);
            }
            return await RunToolAsync(parse, bind, spec, arguments, ct);
        });
        return cmd;
    }

    private static bool Set(JsonObject arguments, CliOption option, string text, out string error)
    {
        var (value, problem) = CliMap.Convert(option, text);
        error = problem ?? "";
        if (problem is not null) return false;
        arguments[option.Property] = value;
        return true;
    }

    private static Command CallCommand(Func<ParseResult, ServerOptions> bind)
    {
        var tool = new Argument<string>("tool") { Description = "The tool's name, e.g. create_database (see rcmcp tools)." };
        var json = new Option<string?>("--json") { Description = "The arguments as a JSON object, or @file.json (default {})." };
        var cmd = new Command("call", "Run any tool with raw JSON arguments, through the same gates: rcmcp call create_database --json '{...}'.");
        cmd.Arguments.Add(tool);
        cmd.Options.Add(json);
        cmd.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(tool)!;
            if (ToolCatalog.Shared.Find(name) is not { } spec) return Usage(UnknownTool(name));
            var option = new CliOption("--json", "arguments", "object", false, null, "");
            var (value, error) = CliMap.Convert(option, parse.GetValue(json) ?? "{}");
            if (error is not null) return Usage(error);
            return await RunToolAsync(parse, bind, spec, (JsonObject)value!, ct);
        });
        return cmd;
    }

    private static Command ToolsCommand(IReadOnlyList<CliCommand> commands)
    {
        var toolset = new Option<string?>("--toolset") { Description = "Only the tools of this toolset." };
        toolset.AcceptOnlyFromAmong([.. commands.Select(c => c.Group).Distinct()]);
        var cmd = new Command("tools", "List every tool with its command, kind and gates.");
        cmd.Options.Add(toolset);
        cmd.SetAction(parse =>
        {
            var selected = commands.Where(c => parse.GetValue(toolset) is not { } t || c.Group == t).ToList();
            if (parse.GetValue(Output) == "json")
            {
                var list = new JsonArray([.. selected.Select(c => (JsonNode)new JsonObject
                {
                    ["tool"] = c.Spec.Name,
                    ["command"] = $"rcmcp {c.Group} {c.Name}",
                    ["toolset"] = c.Group,
                    ["kind"] = c.Spec.Kind.ToString().ToLowerInvariant(),
                    ["title"] = c.Spec.Title,
                    ["safety"] = CatalogQueries.Safety(c.Spec),
                })]);
                Console.Out.WriteLine(list.ToJsonString(CliOutput.Indented));
                return ExitCodes.Success;
            }
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Command").AddColumn("Tool").AddColumn("Kind").AddColumn("Gates");
            foreach (var c in selected)
                table.AddRow(Markup.Escape($"{c.Group} {c.Name}"), Markup.Escape(c.Spec.Name), c.Spec.Kind.ToString().ToLowerInvariant(), Markup.Escape(ShortGates(c.Spec)));
            var console = CliOutput.Stdout();
            console.Write(table);
            console.WriteLine($"{selected.Count} tool(s). Run rcmcp describe TOOL for one tool's arguments and gates.");
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static string ShortGates(ToolSpec spec) => spec.Gates.CliShort;

    private static Command DescribeCommand(IReadOnlyList<CliCommand> commands)
    {
        var tool = new Argument<string[]>("tool") { Description = "A tool's name (create_database) or its command (databases create).", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("describe", "Show one tool: its command and options, its gates and its input schema.");
        cmd.Arguments.Add(tool);
        cmd.SetAction(parse =>
        {
            var words = parse.GetValue(tool)!;
            var name = string.Join(' ', words);
            var command = commands.FirstOrDefault(c => c.Spec.Name == name || $"{c.Group} {c.Name}" == name || c.Aliases.Any(a => $"{c.Group} {a}" == name));
            if (command is null) return Usage(UnknownTool(name));
            var spec = command.Spec;
            var described = new JsonObject
            {
                ["tool"] = spec.Name,
                ["command"] = $"rcmcp {command.Group} {command.Name}",
                ["title"] = spec.Title,
                ["description"] = spec.Description,
                ["toolset"] = spec.Toolset.Name,
                ["kind"] = spec.Kind.ToString().ToLowerInvariant(),
                ["safety"] = CatalogQueries.Safety(spec),
                ["inputSchema"] = spec.InputSchema.DeepClone(),
            };
            if (parse.GetValue(Output) == "json")
            {
                Console.Out.WriteLine(described.ToJsonString(CliOutput.Indented));
                return ExitCodes.Success;
            }
            var console = CliOutput.Stdout();
            console.MarkupLine($"[bold]{Markup.Escape(spec.Title)}[/]  ({Markup.Escape(spec.Name)}, {spec.Kind.ToString().ToLowerInvariant()})");
            console.WriteLine(spec.Description);
            console.MarkupLine($"[yellow]{Markup.Escape(Gates(spec))}[/]");
            var usage = $"rcmcp {command.Group} {command.Name}" + (command.Positional is { } p ? $" <{CliMap.Kebab(p.Property)}>" : "") +
                string.Concat(command.Options.Where(o => o.Required && o != command.Positional).Select(o => $" {o.Name} <{o.Type}>"));
            console.WriteLine("Usage: " + usage);
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Option").AddColumn("Type").AddColumn("Required").AddColumn("Description");
            foreach (var o in command.Options)
                table.AddRow(Markup.Escape(o.Name), Markup.Escape(o.Choices is { } c ? string.Join("|", c) : o.Type), o.Required ? "yes" : "", Markup.Escape(o.Description));
            console.Write(table);
            console.WriteLine("Input schema:");
            console.WriteLine(spec.InputSchema.ToJsonString(CliOutput.Indented));
            return ExitCodes.Success;
        });
        return cmd;
    }

    private static async Task<int> RunToolAsync(ParseResult parse, Func<ParseResult, ServerOptions> bind, ToolSpec spec, JsonObject arguments, CancellationToken ct)
    {
        var options = bind(parse);
        if (CliKeys.Apply(options, parse.GetValue(KeysFile), parse.GetValue(Profile), parse.GetValue(Config),
                explicitKey: parse.GetResult(CommandLine.ApiKeyOption) is { Implicit: false },
                explicitSecret: parse.GetResult(CommandLine.ApiSecretKeyOption) is { Implicit: false }) is { } problem)
            return Usage(problem);
        var flags = new CliFlags(parse.GetValue(Output) == "json", parse.GetValue(Yes), parse.GetValue(NoWait), parse.GetValue(DryRun), parse.GetValue(RevealSecrets));
        return await CliRunner.RunAsync(options, spec, arguments, flags, ct);
    }

    private static string UnknownTool(string name)
    {
        var close = ToolCatalog.Shared.Specs.OrderBy(s => Schema.EditDistance.Between(s.Name, name)).Take(3).Select(s => s.Name);
        return $"there is no tool \"{name}\"; closest: {string.Join(", ", close)} (rcmcp tools lists them all).";
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine(message.StartsWith("rcmcp:", StringComparison.Ordinal) ? message : "rcmcp: " + message);
        return ExitCodes.Usage;
    }
}
