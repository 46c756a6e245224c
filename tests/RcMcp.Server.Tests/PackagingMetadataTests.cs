using System.CommandLine;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RcMcp.Server.Hosting;

namespace RcMcp.Server.Tests;

/// <summary>
/// The metadata that installs RcMcp elsewhere: packaging/server.json (the MCP registry's entry, packed into the NuGet
/// package as .mcp/server.json) and packaging/mcpb/manifest.json (the Claude Desktop bundle, scripts/bundle.sh). Both
/// carry the product's version, start the server with options it accepts, and name exactly the environment variables
/// it reads its keys from, marked secret. (The bundle tools' own validator runs in the integration tests.)
/// </summary>
public class PackagingMetadataTests
{
    private static JsonObject Read(params string[] path) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine([Repo.Root, .. path])))!.AsObject();

    private static Command Root => TestCommandLine.Root;

    /// <summary>The options the server binds when exactly these environment variables are set (and no option).</summary>
    private static ServerOptions BindWith(IReadOnlyDictionary<string, string> environment) =>
        CommandLine.Bind(Root.Parse([]), name => environment.GetValueOrDefault(name));

    /// <summary>The named variables are the ones the server reads its two keys from: each given a value of its own,
    /// the account key and the secret key come out as those values, and no variable is left unread.</summary>
    private static void ShouldBeTheKeyVariables(IReadOnlyCollection<string> names, string where)
    {
        var environment = names.ToDictionary(n => n, n => $"value-of-{n}");
        var options = BindWith(environment);
        options.ApiKey.ShouldNotBeNull($"{where}: none of {string.Join(", ", names)} is read as the account key");
        options.ApiSecretKey.ShouldNotBeNull($"{where}: none of {string.Join(", ", names)} is read as the secret key");
        foreach (var name in names)
            new[] { options.ApiKey, options.ApiSecretKey }.ShouldContain(environment[name], $"{where}: the server does not read {name} as a key");
        // The preferred names, the ones the README and the errors use.
        names.ShouldBe(["REDIS_CLOUD_API_KEY", "REDIS_CLOUD_API_SECRET_KEY"], ignoreOrder: true, where);
    }

    private static void ShouldStartTheServer(IEnumerable<string> args, string where)
    {
        var parse = Root.Parse(args.ToList());
        parse.Errors.ShouldBeEmpty($"{where}: the server refuses these arguments");
        parse.CommandResult.Command.ShouldBe(Root, $"{where}: the arguments must start the MCP server, not a CLI command");
    }

    [Fact]
    public void Server_json_is_a_registry_entry_of_this_version()
    {
        var server = Read("packaging", "server.json");
        ((string)server["$schema"]!).ShouldMatch(@"^https://static\.modelcontextprotocol\.io/schemas/\d{4}-\d{2}-\d{2}/server\.schema\.json$");
        // The schema's rules for the fields we use.
        var name = (string)server["name"]!;
        name.ShouldMatch(@"^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$");
        name.Length.ShouldBeInRange(3, 200);
        ((string)server["description"]!).Length.ShouldBeInRange(1, 100);
        ((string)server["title"]!).Length.ShouldBeInRange(1, 100);
        ((string)server["version"]!).ShouldBe(ServerSetup.Version);

        var packages = server["packages"]!.AsArray();
        packages.Count.ShouldBeGreaterThan(0);
        foreach (var package in packages.Select(p => p!.AsObject()))
        {
            var type = (string)package["registryType"]!;
            ((string?)package["identifier"]).ShouldNotBeNullOrWhiteSpace();
            ((string)package["version"]!).ShouldBe(ServerSetup.Version, $"the {type} package's version");
            ((string)package["transport"]!["type"]!).ShouldBe("stdio");
            if (type == "mcpb") ((string?)package["fileSha256"] ?? "").ShouldMatch("^[a-f0-9]{64}$", "an mcpb package needs the bundle's sha256");
            ShouldStartTheServer(package["packageArguments"]?.AsArray().Select(a => (string)a!["value"]!) ?? [], $"server.json {type} package");

            var variables = package["environmentVariables"]!.AsArray().Select(v => v!.AsObject()).ToList();
            variables.ShouldAllBe(v => (bool?)v["isSecret"] == true, "every variable server.json names is a key: secret");
            ShouldBeTheKeyVariables(variables.Select(v => (string)v["name"]!).ToList(), "server.json");
        }

        // NuGet: the package is the dotnet tool this repository packs, whose readme names the registry entry (the
        // registry's proof of ownership of a NuGet package).
        var nuget = packages.Single(p => (string)p!["registryType"]! == "nuget")!;
        ((string)nuget["registryBaseUrl"]!).ShouldBe("https://api.nuget.org/v3/index.json");
        var project = File.ReadAllText(Path.Combine(Repo.Root, "src", "RcMcp.Server", "RcMcp.Server.csproj"));
        ((string)nuget["identifier"]!).ShouldBe(Regex.Match(project, "<PackageId>(.*)</PackageId>").Groups[1].Value);
        File.ReadAllText(Path.Combine(Repo.Root, "README.md")).ShouldContain($"mcp-name: {name}");
    }

    [Fact]
    public void The_bundle_manifest_starts_this_version_with_the_keys_as_secret_settings()
    {
        var manifest = Read("packaging", "mcpb", "manifest.json");
        ((string)manifest["version"]!).ShouldBe(ServerSetup.Version);
        var server = manifest["server"]!.AsObject();
        ((string)server["type"]!).ShouldBe("binary");
        ((string)server["entry_point"]!).ShouldBe("server/rcmcp", "scripts/bundle.sh puts the executable there");
        var config = server["mcp_config"]!.AsObject();
        ((string)config["command"]!).ShouldBe("${__dirname}/server/rcmcp");
        ShouldStartTheServer(config["args"]!.AsArray().Select(a => (string)a!), "the bundle's mcp_config");

        var settings = manifest["user_config"]!.AsObject();
        var env = config["env"]!.AsObject();
        foreach (var (variable, value) in env)
        {
            var setting = Regex.Match((string)value!, @"^\$\{user_config\.(?<key>[a-z_]+)\}$");
            setting.Success.ShouldBeTrue($"{variable} comes from a setting the person types");
            var entry = settings[setting.Groups["key"].Value]?.AsObject();
            entry.ShouldNotBeNull($"{variable} names the setting {setting.Groups["key"].Value}, which user_config lacks");
            ((string)entry["type"]!).ShouldBe("string");
            ((bool?)entry["sensitive"]).ShouldBe(true, $"{variable} is a key: the host must store and show it as a secret");
            // Optional, so that a newcomer without an account gets the sandbox. Then it needs a default: a host leaves
            // an unset setting with no default as the literal "${user_config...}", which the server would take for a key.
            if ((bool?)entry["required"] != true) ((string?)entry["default"]).ShouldBe("", $"{variable}: an optional key needs the default \"\"");
        }
        ShouldBeTheKeyVariables(env.Select(e => e.Key).ToList(), "the bundle's mcp_config.env");
    }
}

/// <summary>The server's command line, built once for every test class: building it again sets up the same static
/// options, which is not safe while another test class builds it in parallel.</summary>
public static class TestCommandLine
{
    public static Command Root { get; } = CommandLine.Build((_, _) => Task.FromResult(0));
}
