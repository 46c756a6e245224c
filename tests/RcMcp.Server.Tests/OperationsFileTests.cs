using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace RcMcp.Server.Tests;

/// <summary>
/// spec/redis-cloud-operations.json is the project's copy of the official OpenAPI document's machine-readable facts
/// (paths, methods, operation ids, tags, parameters, request and response schemas, enums, required, formats, bounds,
/// status codes), without its prose: every description, summary, example and contact is left out. The product and the
/// tests read only that file, so a clone of the project alone builds and passes every test. When the official document
/// sits beside the project (../shared/reference/redis-cloud-openapi.json), this test checks the copy equals a fresh
/// generation; <c>scripts/vendor-spec.sh</c> (UPDATE_SNAPSHOTS=1) writes it anew.
/// </summary>
public class OperationsFileTests(ITestOutputHelper output)
{
    /// <summary>Keywords whose values are prose, or sample values that may be prose.</summary>
    private static readonly HashSet<string> Prose = ["description", "summary", "example", "examples", "externalDocs", "contact", "termsOfService", "license", "title"];

    [Fact]
    public void The_vendored_operations_file_equals_a_fresh_generation_from_the_official_spec()
    {
        if (!File.Exists(Repo.OfficialSpecPath))
        {
            output.WriteLine($"{Repo.OfficialSpecPath} is absent: the vendored copy is used as it is.");
            File.Exists(Repo.SpecPath).ShouldBeTrue("spec/redis-cloud-operations.json is missing");
            return;
        }
        var fresh = Generate(File.ReadAllBytes(Repo.OfficialSpecPath));
        if (Repo.UpdateSnapshots) File.WriteAllText(Repo.SpecPath, fresh);
        File.ReadAllText(Repo.SpecPath).ReplaceLineEndings("\n").ShouldBe(fresh,
            "spec/redis-cloud-operations.json differs from the official spec: run scripts/vendor-spec.sh and review the diff");
    }

    [Fact]
    public void The_vendored_file_holds_every_operation_and_no_prose()
    {
        var text = File.ReadAllText(Repo.SpecPath);
        var spec = JsonNode.Parse(text)!.AsObject();
        var source = spec["x-source"]!.AsObject();
        ((string)source["version"]!).ShouldNotBeNullOrWhiteSpace();
        ((string)source["sha256"]!).Length.ShouldBe(64);
        var operations = spec["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()).Where(m => m.Value?["operationId"] is not null).ToList();
        operations.Count.ShouldBe(169);
        operations.ShouldAllBe(o => o.Value!["responses"] is JsonObject);
        // Prose keywords appear only as property names of a schema (a task's "description" field), never as keywords.
        Keywords(spec).Where(Prose.Contains).ShouldBeEmpty();
    }

    /// <summary>The official document without its prose, indented, with its source recorded.</summary>
    public static string Generate(byte[] official)
    {
        var spec = JsonNode.Parse(official)!.AsObject();
        var facts = new JsonObject
        {
            ["openapi"] = spec["openapi"]?.DeepClone(),
            ["x-source"] = new JsonObject
            {
                ["document"] = "Redis Cloud API (redis/docs: content/operate/rc/api/api-reference/openapi.json)",
                ["version"] = spec["info"]?["version"]?.DeepClone(),
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(official)),
                ["generatedBy"] = "scripts/vendor-spec.sh",
            },
            ["servers"] = new JsonArray((spec["servers"] as JsonArray ?? []).Select(s => (JsonNode)new JsonObject { ["url"] = s?["url"]?.DeepClone() }).ToArray()),
            ["tags"] = new JsonArray((spec["tags"] as JsonArray ?? []).Select(t => (JsonNode)new JsonObject { ["name"] = t?["name"]?.DeepClone() }).ToArray()),
            ["paths"] = Strip(spec["paths"], schemaMap: false),
            ["components"] = Strip(spec["components"], schemaMap: false),
        };
        return facts.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>A copy without prose keywords. Inside "properties" (and the schema and response maps) the keys are names,
    /// not keywords: a property called "description" stays.</summary>
    private static JsonNode? Strip(JsonNode? node, bool schemaMap)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (!schemaMap && Prose.Contains(key)) continue;
                    copy[key] = Strip(value, schemaMap: !schemaMap && key is "properties" or "schemas" or "responses" or "paths" or "securitySchemes");
                }
                return copy;
            case JsonArray arr:
                return new JsonArray(arr.Select(v => Strip(v, schemaMap: false)).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>Every keyword of the document (keys, except the names inside name maps).</summary>
    private static IEnumerable<string> Keywords(JsonNode? node, bool nameMap = false)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (!nameMap) yield return key;
                    foreach (var k in Keywords(value, !nameMap && key is "properties" or "schemas" or "responses" or "paths" or "securitySchemes")) yield return k;
                }
                break;
            case JsonArray arr:
                foreach (var k in arr.SelectMany(v => Keywords(v))) yield return k;
                break;
        }
    }
}
