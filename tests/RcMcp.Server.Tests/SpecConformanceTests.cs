using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RcMcp.Cloud;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Tests;

/// <summary>
/// Holds every tool to the official OpenAPI spec: the request it builds uses the operation's method and path, and its
/// arguments are exactly the operation's path parameters, query parameters and writable body fields (recursively),
/// plus RcMcp's own arguments.
/// </summary>
public class SpecConformanceTests
{
    private static readonly ToolCatalog Catalog = new();
    private static readonly Lazy<JsonObject> Spec = new(() => JsonNode.Parse(File.ReadAllText(Repo.SpecPath))!.AsObject());

    /// <summary>Documented differences from the spec, each with its reason.</summary>
    private static readonly Dictionary<string, string> Extensions = new()
    {
        ["flush_active_active_database.regionIds"] = "the Redis Cloud API guide documents per-region flush; the spec's CrdbFlushRequest has no writable field",
    };

    private static readonly HashSet<string> OwnArguments = ["dryRun", "confirmationToken", "waitForCompletion", "revealSecrets"];

    public static TheoryData<string> ApiTools() => new(Catalog.Specs.Where(s => s.Request is not null).Select(s => s.Name));

    /// <summary>
    /// Every operation of the spec is reached by a tool: by the request its tool builds from every argument, or from
    /// the required ones only (a tool serving two operations, e.g. the Data Integration proxy with and without a sub-path,
    /// picks one by its arguments). No operation is left out; the list of exceptions is empty.
    /// </summary>
    [Fact]
    public void Every_operation_of_the_spec_is_reached_by_a_tool()
    {
        var reached = new Dictionary<string, string>();
        foreach (var spec in Catalog.Specs.Where(s => s.Request is not null))
            foreach (var args in new[] { SampleArgs(spec), RequiredArgs(spec) })
            {
                string operation;
                try { operation = spec.Request!(args).Operation; }
                catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or ArgumentException) { continue; }
                reached.TryAdd(operation, spec.Name);
            }
        var all = Spec.Value["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(m => m.Value?["operationId"] is not null).Select(m => (string)m.Value!["operationId"]!))
            .ToList();
        all.Count.ShouldBe(169, "the spec's operation count");
        var missing = all.Where(op => !reached.ContainsKey(op)).ToList();
        missing.ShouldBeEmpty($"operations no tool reaches: {string.Join(", ", missing)}");
        reached.Keys.Where(op => !all.Contains(op)).ShouldBeEmpty("a tool names an operation the spec does not have");
    }

    [Theory]
    [MemberData(nameof(ApiTools))]
    public void Request_uses_the_operations_method_and_path(string name)
    {
        var spec = Catalog.Find(name)!;
        var request = spec.Request!(SampleArgs(spec));
        var (path, method, operation) = FindOperation(request.Operation);
        method.ShouldBe(request.Method.Method.ToLowerInvariant(), $"{name} sends {request.Method} but {request.Operation} is {method}");

        var template = "^" + Regex.Replace(Regex.Escape(path.Replace("/v1", "")), @"\\\{[^}]+}", "[^/]+").Replace(@"/\*\*", "/.+") + "$";
        Regex.IsMatch(request.Path, template).ShouldBeTrue($"{name} sends {request.Path}, the spec's path is {path}");
        if (operation["requestBody"] is JsonObject { } body && body["required"]?.GetValue<bool>() == true)
            request.Body.ShouldNotBeNull($"{name}: {request.Operation} requires a body");
    }

    /// <summary>read_operation is annotated read-only and runs every tool whose kind is Read: each of them must send
    /// only GET requests, whatever its arguments.</summary>
    [Fact]
    public void Every_read_tool_sends_only_GET()
    {
        var reads = Catalog.Specs.Where(s => !s.IsCatalog && s.Kind == ToolKind.Read && s.Request is not null).ToList();
        reads.Count.ShouldBeGreaterThan(50);
        foreach (var spec in reads)
            foreach (var args in new[] { SampleArgs(spec), RequiredArgs(spec) })
            {
                ApiRequest request;
                try { request = spec.Request!(args); }
                catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or ArgumentException) { continue; }
                request.Method.ShouldBe(HttpMethod.Get, $"{spec.Name} is a read but sends {request.Method} {request.Path}");
            }
        // A read without a request runs a handler; those are listed here on purpose, each known to only read.
        Catalog.Specs.Where(s => !s.IsCatalog && s.Kind == ToolKind.Read && s.Request is null).Select(s => s.Name).Order()
            .ShouldBe(KnownReadHandlers.Order());
    }

    private static readonly string[] KnownReadHandlers = ["wait_for_task"];   // polls get_task

    [Theory]
    [MemberData(nameof(ApiTools))]
    public void Arguments_are_exactly_the_operations_parameters_and_body_fields(string name)
    {
        var spec = Catalog.Find(name)!;
        var (path, _, operation) = FindOperation(spec.Request!(SampleArgs(spec)).Operation);
        var parameters = (operation["parameters"] as JsonArray ?? []).Select(p => (string)p!["name"]!).ToHashSet();
        var body = operation["requestBody"]?["content"]?["application/json"]?["schema"] is JsonObject s ? Resolve(s) : null;

        var problems = new List<string>();
        var toolProps = spec.InputSchema["properties"]!.AsObject();
        var bodyProps = new JsonObject();
        foreach (var (prop, schema) in toolProps)
        {
            if (OwnArguments.Contains(prop) && !(prop == "dryRun" && body?["properties"]?["dryRun"] is not null)) continue;
            if (spec.LocalArguments.Contains(prop)) continue;
            if (parameters.Contains(prop)) continue;
            if (IsProxyArgument(path, body, prop)) continue;
            bodyProps[prop] = schema!.DeepClone();
        }
        if (bodyProps.Count > 0 || body is not null)
            Compare(name, new JsonObject { ["type"] = "object", ["properties"] = bodyProps }, body ?? new JsonObject(), name, problems);
        problems.ShouldBeEmpty();
    }

    /// <summary>
    /// A deprecated field of the operation's body (at any depth the tool mirrors) is either accepted, or answered with
    /// its replacement and a value for it that validates: never "is not a known field".
    /// </summary>
    [Theory]
    [MemberData(nameof(ApiTools))]
    public void Deprecated_fields_are_accepted_or_answered_with_their_replacement(string name)
    {
        var spec = Catalog.Find(name)!;
        var (_, _, operation) = FindOperation(spec.Request!(SampleArgs(spec)).Operation);
        if (operation["requestBody"]?["content"]?["application/json"]?["schema"] is not JsonObject body) return;
        var problems = new List<string>();
        CheckDeprecated(spec.InputSchema, body, name, problems);
        problems.ShouldBeEmpty();
    }

    private static void CheckDeprecated(JsonObject ours, JsonObject theirs, string path, List<string> problems)
    {
        foreach (var (prop, schema) in Deprecated(theirs))
        {
            JsonNode value = (string?)schema["type"] switch
            {
                "array" => new JsonArray("redis://10.0.0.1:6379"),
                "integer" or "number" => 1000,
                "boolean" => true,
                _ => "resp3",
            };
            var errors = Schema.ArgumentValidator.Validate(ours, System.Text.Json.JsonSerializer.SerializeToElement(new JsonObject { [prop] = value }))
                .Where(e => e.Field == prop).ToList();
            if (errors.Any(e => e.Problem == "is not a known field")) problems.Add($"{path}.{prop}: deprecated, neither accepted nor answered with its replacement");
            foreach (var e in errors.Where(e => e.Problem.StartsWith("is deprecated", StringComparison.Ordinal)))
                if (!e.Problem.StartsWith("is deprecated; use ", StringComparison.Ordinal) || !e.Fix.StartsWith($"replace \"{prop}\" with \"", StringComparison.Ordinal) || !e.Fix.Contains("\": ", StringComparison.Ordinal))
                    problems.Add($"{path}.{prop}: {e}");
        }
        foreach (var (prop, theirSchema) in Writable(theirs))
        {
            if (ours["properties"]?[prop] is not JsonObject mine) continue;
            var (a, b) = (mine, theirSchema);
            if ((string?)a["type"] == "array" && a["items"] is JsonObject items && b["items"] is JsonObject theirItems) (a, b) = (items, Resolve(theirItems));
            if ((string?)a["type"] == "object" && a["properties"] is JsonObject) CheckDeprecated(a, b, $"{path}.{prop}", problems);
        }
    }

    [Theory]
    [MemberData(nameof(ApiTools))]
    public void Every_accepted_field_reaches_the_request_body_unchanged(string name)
    {
        var spec = Catalog.Find(name)!;
        var full = (JsonObject)Sample(spec.InputSchema);
        full.Remove("confirmationToken");
        full.Remove("waitForCompletion");
        full.Remove("revealSecrets");
        full.Remove("confirmationToken");
        foreach (var local in spec.LocalArguments) full.Remove(local);
        if (!spec.ApiDryRun) full.Remove("dryRun");
        var args = new ToolArgs(System.Text.Json.JsonSerializer.SerializeToElement(full));
        var request = spec.Request!(args);

        var expected = (JsonObject)full.DeepClone();
        var (path, _, operation) = FindOperation(request.Operation);
        foreach (var p in operation["parameters"] as JsonArray ?? []) expected.Remove((string)p!["name"]!);
        var specBody = operation["requestBody"]?["content"]?["application/json"]?["schema"] is JsonObject sb ? Resolve(sb) : null;
        if (IsProxyArgument(path, specBody, "path")) expected.Remove("path");
        if (IsProxyArgument(path, specBody, "body")) expected = expected["body"] is JsonObject b ? (JsonObject)b.DeepClone() : [];
        var body = request.Body ?? new JsonObject();
        JsonNode.DeepEquals(body, expected).ShouldBeTrue($"{name} sent {body.ToJsonString()}\nexpected {expected.ToJsonString()}");
    }

    /// <summary>
    /// A proxy operation (the Data Integration workspace) forwards any path and any JSON: its path ends in /** and its
    /// body is a free object. Such a tool takes the rest of the path as <c>path</c> and the whole body as <c>body</c>.
    /// </summary>
    private static bool IsProxyArgument(string operationPath, JsonObject? body, string prop) => prop switch
    {
        "path" => operationPath.EndsWith("/**", StringComparison.Ordinal),
        "body" => body is not null && (string?)body["type"] == "object" && body["properties"] is null,
        _ => false,
    };

    /// <summary>A value for every property of a schema, recursively.</summary>
    private static JsonNode Sample(JsonObject schema) => schema["anyOf"] is JsonArray branches ? Sample((JsonObject)branches[0]!) : (string?)schema["type"] switch
    {
        "object" when schema["properties"] is JsonObject props => new JsonObject(props.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Sample((JsonObject)p.Value!)))),
        "object" => new JsonObject { ["anyKey"] = "anyValue" },
        "array" => new JsonArray(Sample((JsonObject)schema["items"]!)),
        "string" when schema["enum"] is JsonArray e => JsonValue.Create((string)e[^1]!),
        "string" => JsonValue.Create("sample"),
        "integer" => JsonValue.Create(schema["minimum"] is JsonValue min ? Math.Max((long)min, 10) : 10),
        "number" => JsonValue.Create(2.5),
        "boolean" => JsonValue.Create(true),
        _ => throw new ShouldAssertException($"unexpected schema {schema.ToJsonString()}"),
    };

    private static void Compare(string tool, JsonObject ours, JsonObject theirs, string path, List<string> problems)
    {
        var ourProps = ours["properties"] as JsonObject ?? [];
        var theirProps = Writable(theirs);
        foreach (var (prop, schema) in ourProps)
        {
            var key = $"{path}.{prop}";
            if (!theirProps.TryGetValue(prop, out var theirSchema) && !OtherBranches(theirs).TryGetValue(prop, out theirSchema) &&
                !Deprecated(theirs).TryGetValue(prop, out theirSchema))
            {
                if (!Extensions.ContainsKey(key)) problems.Add($"{key} is not in the spec");
                continue;
            }
            var (a, b) = ((JsonObject)schema!, theirSchema);
            if ((string?)a["type"] == "array" && (string?)b["type"] == "array") (a, b) = ((JsonObject)a["items"]!, Resolve((JsonObject)b["items"]!));
            if ((string?)a["type"] == "object" && a["properties"] is JsonObject && b["properties"] is not null) Compare(tool, a, b, key, problems);
            if (a["enum"] is JsonArray ourEnum && b["enum"] is JsonArray theirEnum)
            {
                var missing = theirEnum.Select(v => (string)v!).Except(ourEnum.Select(v => (string)v!)).ToList();
                if (missing.Count > 0) problems.Add($"{key} lacks enum values {string.Join(", ", missing)}");
            }
        }
        foreach (var prop in theirProps.Keys)
            if (!ourProps.ContainsKey(prop)) problems.Add($"{path}.{prop} (in the spec) is missing");
    }

    private static Dictionary<string, JsonObject> Writable(JsonObject schema) => Fields(schema, deprecated: false);

    /// <summary>
    /// The deprecated fields: accepted as the spec's, never demanded. Those with a replacement are answered with it
    /// (Schema.DeprecatedFields: datasetSizeInGb for memoryLimitInGb, replica for replicaOf, remoteBackup for
    /// periodicBackupPath, clientTlsCertificates for clientSslCertificate, each database's redisVersion for
    /// create_subscription's); those without one that the API still takes are accepted (averageItemSizeInBytes,
    /// add_active_active_region's respVersion).
    /// </summary>
    private static Dictionary<string, JsonObject> Deprecated(JsonObject schema) => Fields(schema, deprecated: true);

    private static Dictionary<string, JsonObject> Fields(JsonObject schema, bool deprecated)
    {
        var resolved = Resolve(schema);
        if (resolved["oneOf"] is JsonArray oneOf) resolved = Resolve((JsonObject)oneOf[0]!);
        // Read-only fields are the API's to set.
        return (resolved["properties"] as JsonObject ?? [])
            .Where(p => p.Value!["readOnly"]?.GetValue<bool>() != true && (p.Value!["deprecated"]?.GetValue<bool>() == true) == deprecated)
            .ToDictionary(p => p.Key, p => Resolve((JsonObject)p.Value!));
    }

    /// <summary>The fields of a oneOf's other branches (GCP besides AWS in createVpcPeering): accepted as the spec's, not demanded.</summary>
    private static Dictionary<string, JsonObject> OtherBranches(JsonObject schema) =>
        (Resolve(schema)["oneOf"] as JsonArray ?? []).Skip(1).SelectMany(b => Writable((JsonObject)b!))
            .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value);

    private static JsonObject Resolve(JsonObject schema) =>
        schema["$ref"] is JsonValue r ? Resolve((JsonObject)Spec.Value["components"]!["schemas"]![((string)r!).Split('/').Last()]!) : schema;

    private static (string Path, string Method, JsonObject Operation) FindOperation(string operationId)
    {
        foreach (var (path, item) in Spec.Value["paths"]!.AsObject())
            foreach (var (method, op) in item!.AsObject())
                if ((string?)op?["operationId"] == operationId) return (path, method, op!.AsObject());
        throw new ShouldAssertException($"operationId {operationId} is not in the spec");
    }

    /// <summary>The argument sets a tool's request is checked with: every argument, every argument with dryRun, the
    /// required ones only.</summary>
    internal static IEnumerable<ToolArgs> ArgumentSets(ToolSpec spec)
    {
        var all = SampleArgs(spec);
        yield return all;
        if (spec.InputSchema["properties"]?["dryRun"] is not null)
        {
            var withDryRun = JsonNode.Parse(all.Json.GetRawText())!.AsObject();
            withDryRun["dryRun"] = true;
            yield return new ToolArgs(System.Text.Json.JsonSerializer.SerializeToElement(withDryRun));
        }
        yield return RequiredArgs(spec);
    }

    /// <summary>Values for the required arguments only.</summary>
    internal static ToolArgs RequiredArgs(ToolSpec spec)
    {
        var sample = (JsonObject)Sample(spec.InputSchema);
        var required = (spec.InputSchema["required"] as JsonArray)?.Select(r => (string)r!).ToHashSet() ?? [];
        foreach (var key in sample.Select(p => p.Key).ToList())
            if (!required.Contains(key)) sample.Remove(key);
        return new ToolArgs(System.Text.Json.JsonSerializer.SerializeToElement(sample));
    }

    /// <summary>A value for every argument (generated from the schema), so every path parameter is filled.</summary>
    internal static ToolArgs SampleArgs(ToolSpec spec)
    {
        var sample = (JsonObject)Sample(spec.InputSchema);
        sample.Remove("dryRun");
        return new ToolArgs(System.Text.Json.JsonSerializer.SerializeToElement(sample));
    }
}
