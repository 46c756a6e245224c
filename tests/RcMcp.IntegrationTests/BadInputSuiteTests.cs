using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace RcMcp.IntegrationTests;

/// <summary>
/// Bad input generated from every listed tool's own input schema, so the suite grows with every new tool. Each case
/// must come back within 2 s as an isError result that names the field, and nothing may reach the API (the sandbox's
/// request journal stays empty). Cases per category are written to the test output.
/// </summary>
public class BadInputSuiteTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(2);

    /// <summary>One generated case: the arguments (any JSON, not only objects) and the field the answer must name.</summary>
    private sealed record Case(string Tool, string Category, JsonNode? Arguments, string Field);

    public static TheoryData<string> Categories => new()
    {
        "required", "wrong-type", "range", "string", "unknown-field", "enum", "not-an-object", "deep",
    };

    [Theory]
    [MemberData(nameof(Categories))]
    public async Task Every_bad_argument_gets_an_isError_naming_the_field_and_sends_nothing(string category)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        // Raw JSON-RPC over the real stdio transport: no SDK client would send most of these.
        await using var server = await RawStdioServer.StartAsync(sandbox.Environment, "--toolsets", "all");
        var list = await server.RequestAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", "2");
        var tools = list["result"]!["tools"]!.AsArray().Select(t => ((string)t!["name"]!, t["inputSchema"]!.AsObject())).ToList();
        var cases = tools.SelectMany(t => Generate(t.Item1, t.Item2)).Where(c => c.Category == category).ToList();
        cases.ShouldNotBeEmpty();
        sandbox.Sandbox.ClearRequests();

        var failures = new List<string>();
        foreach (var c in cases)
        {
            using var cts = new CancellationTokenSource(PerCase);
            JsonNode? result;
            try
            {
                result = await CallRawAsync(server, c, cts.Token);
            }
            catch (OperationCanceledException)
            {
                failures.Add($"{c.Tool} [{c.Field}]: no answer within {PerCase.TotalSeconds} s");
                continue;
            }
            var text = string.Join("\n", (result?["content"] as JsonArray ?? []).Select(b => (string?)b?["text"]));
            if (result?["isError"]?.GetValue<bool>() != true) failures.Add($"{c.Tool} [{c.Field}]: not an error: {Short(text)}");
            else if (!text.Contains(c.Field, StringComparison.Ordinal)) failures.Add($"{c.Tool} [{c.Field}]: the answer does not name the field: {Short(text)}");
            else if ((string?)result["structuredContent"]?["error"]?["code"] != "validation") failures.Add($"{c.Tool} [{c.Field}]: code is not validation: {result["structuredContent"]?.ToJsonString()}");
        }

        output.WriteLine($"{category}: {cases.Count} cases over {cases.Select(c => c.Tool).Distinct().Count()} tools");
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(30)));
        sandbox.Sandbox.Requests.ShouldBeEmpty("a bad call reached the API");
    }

    [Fact]
    public void The_generator_covers_every_category_for_the_current_tools()
    {
        // A guard on the generator itself: a schema change that makes a category empty must be noticed.
        var catalog = new RcMcp.Server.Tools.ToolCatalog();
        var all = catalog.Specs.SelectMany(s => Generate(s.Name, s.InputSchema)).ToList();
        foreach (var category in Categories) all.ShouldContain(c => c.Category == category, category);
        foreach (var group in all.GroupBy(c => c.Category)) output.WriteLine($"{group.Key}: {group.Count()}");
        output.WriteLine($"total: {all.Count}");
    }

    private static async Task<JsonNode?> CallRawAsync(RawStdioServer server, Case c, CancellationToken ct)
    {
        var id = server.NextId();
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "tools/call",
            ["params"] = new JsonObject { ["name"] = c.Tool, ["arguments"] = c.Arguments?.DeepClone() },
        };
        var writer = new JsonWriterOptions { MaxDepth = 1000 };
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, writer)) request.WriteTo(json);
        buffer.WriteByte((byte)'\n');
        var response = await server.RequestBytesAsync(buffer.ToArray(), id, PerCase).WaitAsync(ct);
        return response["result"];
    }

    private static string Short(string text) => text.Length <= 300 ? text : text[..300] + "…";

    // ---- generation ----

    private static IEnumerable<Case> Generate(string tool, JsonObject schema)
    {
        var properties = schema["properties"] as JsonObject ?? [];
        var required = (schema["required"] as JsonArray)?.Select(r => (string)r!).ToHashSet() ?? [];
        var valid = ValidObject(schema);

        foreach (var name in required)
        {
            var args = (JsonObject)valid.DeepClone();
            args.Remove(name);
            yield return new(tool, "required", args, name);
        }

        foreach (var (name, propertyNode) in properties)
        {
            var property = propertyNode!.AsObject();
            var type = (string?)property["type"];
            var wrong = type switch
            {
                "string" => (JsonNode)42,
                "integer" or "number" => "12",
                "boolean" => "true",
                "array" => new JsonObject(),
                _ => JsonValue.Create("not an object"),
            };
            yield return new(tool, "wrong-type", With(valid, name, wrong), name);

            if (type is "integer" or "number")
            {
                if (property["minimum"] is JsonValue min)
                    yield return new(tool, "range", With(valid, name, JsonNode.Parse(Below(min))), name);
                if (property["maximum"] is JsonValue max)
                    yield return new(tool, "range", With(valid, name, JsonNode.Parse(Above(max))), name);
                if (type == "integer")
                {
                    yield return new(tool, "range", With(valid, name, JsonNode.Parse("2147483648")), name);
                    yield return new(tool, "range", With(valid, name, JsonNode.Parse("9007199254740993")), name);
                    yield return new(tool, "range", With(valid, name, JsonNode.Parse("1.5")), name);
                }
            }

            if (type == "string" && property["enum"] is JsonArray values)
            {
                yield return new(tool, "enum", With(valid, name, "not-" + (string)values[0]!), name);
            }
            else if (type == "string")
            {
                if (property["minLength"] is JsonValue minLength && (int)minLength > 0)
                    yield return new(tool, "string", With(valid, name, ""), name);
                yield return new(tool, "string", With(valid, name, new string('a', 1024 * 1024)), name);
                if (property["pattern"] is not null)
                    yield return new(tool, "string", With(valid, name, ValidString(property) + "\n"), name);
            }
        }

        yield return new(tool, "unknown-field", With(valid, "passwrd", "not-a-field-value"), "passwrd");

        foreach (var notObject in new JsonNode?[] { new JsonArray(1, 2), "text", 42, true })
            yield return new(tool, "not-an-object", notObject, "(arguments)");

        JsonNode deep = new JsonObject();
        for (var i = 0; i < 100; i++) deep = new JsonObject { ["a"] = deep };
        var first = properties.Select(p => p.Key).FirstOrDefault() ?? "nested";
        yield return new(tool, "deep", With(valid, first, deep), first);
    }

    private static JsonObject With(JsonObject valid, string name, JsonNode? value)
    {
        var args = (JsonObject)valid.DeepClone();
        args[name] = value;
        return args;
    }

    private static string Below(JsonValue min) => (decimal.Parse(min.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static string Above(JsonValue max) => (decimal.Parse(max.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The required fields of an object with values its schema accepts.</summary>
    private static JsonObject ValidObject(JsonObject schema)
    {
        var result = new JsonObject();
        var properties = schema["properties"] as JsonObject ?? [];
        foreach (var name in (schema["required"] as JsonArray)?.Select(r => (string)r!) ?? [])
            result[name] = ValidValue(properties[name]!.AsObject());
        return result;
    }

    private static JsonNode ValidValue(JsonObject schema) => (string?)schema["type"] switch
    {
        "integer" => Math.Max(schema["minimum"] is JsonValue m ? (long)m : 1, 1),
        "number" => schema["minimum"] is JsonValue m ? (double)m : 1.0,
        "boolean" => false,
        "array" => new JsonArray(Enumerable.Range(0, schema["minItems"] is JsonValue n ? (int)n : 0).Select(_ => ValidValue(schema["items"]!.AsObject())).ToArray()),
        "object" => ValidObject(schema),
        _ => ValidString(schema),
    };

    private static readonly string[] Candidates =
        ["get_account", "a", "abc", "db-1", "us-east-1", "0b7c9a4e-3f7e-4d5e-9c1a-2b8f6d0e1a23", "1", "10.0.0.0/24", "2x", "14:00", "redis://host:12000", "s3://bucket/path", "key",
         "2025-01-01", "vpc-0123456789abcdef0"];

    /// <summary>A string the schema accepts (also used by the policy spelling suite).</summary>
    internal static string ValidString(JsonObject schema)
    {
        if (schema["enum"] is JsonArray values) return (string)values[0]!;
        var min = schema["minLength"] is JsonValue mn ? (int)mn : 0;
        var max = schema["maxLength"] is JsonValue mx ? (int)mx : int.MaxValue;
        var pattern = (string?)schema["pattern"];
        foreach (var candidate in Candidates)
            if (candidate.Length >= min && candidate.Length <= max && (pattern is null || Regex.IsMatch(candidate, "^(?:" + pattern + @")\z")))
                return candidate;
        return new StringBuilder().Append('a', Math.Max(min, 1)).ToString();
    }
}
