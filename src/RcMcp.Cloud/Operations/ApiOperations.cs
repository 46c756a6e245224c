using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RcMcp.Cloud.Operations;

/// <summary>One parameter of an operation: its name, where it goes (path or query) and whether it is required.</summary>
public sealed record ApiParameter(string Name, string In, bool Required);

/// <summary>
/// One operation of the Redis Cloud API as the vendored operations file (spec/redis-cloud-operations.json) states it:
/// operationId, method, path, parameters, whether it takes a body, whether its body has a <c>dryRun</c> field, and
/// what it answers (a task, or 204 No Content).
/// </summary>
public sealed record ApiOperation(
    string Id,
    HttpMethod Method,
    string Path,
    string Tag,
    IReadOnlyList<ApiParameter> Parameters,
    bool HasBody,
    bool BodyRequired,
    bool AcceptsDryRun,
    bool ReturnsTask,
    bool MayAnswerNoContent)
{
    /// <summary>What a success answer must be, from the operation's responses.</summary>
    public ResponseShape Expect => ReturnsTask ? ResponseShape.Task : MayAnswerNoContent ? ResponseShape.Any : ResponseShape.Object;

    public bool IsMutating => Method != HttpMethod.Get;
}

/// <summary>
/// The operations of the vendored operations file, read once (lazily) from the assembly's embedded copy, and the
/// generic request binding: path and query parameters by name from the canonical arguments, the rest as the body.
/// </summary>
public static class ApiOperations
{
    private const string Resource = "RcMcp.Cloud.redis-cloud-operations.json";
    private static readonly Lazy<FrozenDictionary<string, ApiOperation>> All = new(Load);

    /// <summary>Every operation, by operationId.</summary>
    public static IReadOnlyDictionary<string, ApiOperation> ById => All.Value;

    public static ApiOperation Get(string operationId) =>
        All.Value.TryGetValue(operationId, out var op) ? op : throw new KeyNotFoundException($"The operations file has no operation \"{operationId}\".");

    /// <summary>
    /// The request of <paramref name="operationId"/> from canonical arguments: each path parameter from the argument of
    /// its name (escaped, so a value can never change the path), each query parameter present, and every other
    /// argument not in <paramref name="notForTheApi"/> in the JSON body (explicit nulls dropped; no body when the
    /// operation takes none, or takes an optional one and nothing is left).
    /// </summary>
    public static ApiRequest Bind(string operationId, JsonElement arguments, IReadOnlySet<string> notForTheApi)
    {
        var op = Get(operationId);
        var path = op.Path;
        Dictionary<string, string?>? query = null;
        var bound = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in op.Parameters)
        {
            bound.Add(parameter.Name);
            var present = arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(parameter.Name, out var v) && v.ValueKind != JsonValueKind.Null;
            if (parameter.In == "path")
            {
                if (!present) throw new ArgumentException($"{operationId} needs the path parameter {parameter.Name}.");
                path = path.Replace("{" + parameter.Name + "}", Uri.EscapeDataString(Text(arguments.GetProperty(parameter.Name))), StringComparison.Ordinal);
            }
            else if (present)
                (query ??= new(StringComparer.Ordinal))[parameter.Name] = Text(arguments.GetProperty(parameter.Name));
        }

        JsonObject? body = null;
        if (op.HasBody && arguments.ValueKind == JsonValueKind.Object)
        {
            body = new JsonObject();
            foreach (var p in arguments.EnumerateObject())
                if (!bound.Contains(p.Name) && !notForTheApi.Contains(p.Name) && p.Value.ValueKind != JsonValueKind.Null)
                    body[p.Name] = JsonNode.Parse(p.Value.GetRawText(), documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
            if (body.Count == 0 && !op.BodyRequired) body = null;
        }
        return new ApiRequest(op.Id, op.Method, path, body, query, Expect: op.Expect);
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number when value.TryGetInt64(out var l) => l.ToString(CultureInfo.InvariantCulture),
        _ => value.GetRawText(),
    };

    private static FrozenDictionary<string, ApiOperation> Load()
    {
        using var stream = typeof(ApiOperations).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded operations file {Resource} is missing.");
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 256 });
        var root = document.RootElement;
        var schemas = root.GetProperty("components").GetProperty("schemas");
        var operations = new Dictionary<string, ApiOperation>(StringComparer.Ordinal);
        foreach (var pathItem in root.GetProperty("paths").EnumerateObject())
        {
            var path = pathItem.Name.StartsWith("/v1", StringComparison.Ordinal) ? pathItem.Name[3..] : pathItem.Name;
            if (path.Length == 0) path = "/";
            foreach (var method in pathItem.Value.EnumerateObject())
            {
                var op = method.Value;
                if (op.ValueKind != JsonValueKind.Object || !op.TryGetProperty("operationId", out var id)) continue;
                var parameters = new List<ApiParameter>();
                if (op.TryGetProperty("parameters", out var ps))
                    foreach (var p in ps.EnumerateArray())
                        parameters.Add(new ApiParameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
                            p.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True));
                var hasBody = op.TryGetProperty("requestBody", out var requestBody);
                var bodyRequired = hasBody && requestBody.TryGetProperty("required", out var br) && br.ValueKind == JsonValueKind.True;
                var bodySchema = hasBody && requestBody.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var json) &&
                                 json.TryGetProperty("schema", out var s) ? s : default;
                var acceptsDryRun = bodySchema.ValueKind == JsonValueKind.Object && HasProperty(Resolve(bodySchema, schemas), "dryRun", schemas);
                var returnsTask = false;
                var noContent = false;
                foreach (var response in op.GetProperty("responses").EnumerateObject())
                {
                    if (!response.Name.StartsWith('2')) continue;
                    if (response.Name == "204") noContent = true;
                    if (response.Value.TryGetProperty("content", out var rc) && rc.TryGetProperty("application/json", out var rj) &&
                        rj.TryGetProperty("schema", out var rs) && rs.TryGetProperty("$ref", out var rr) && rr.GetString()!.EndsWith("/TaskStateUpdate", StringComparison.Ordinal))
                        returnsTask = true;
                }
                var tag = op.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0 ? tags[0].GetString()! : "";
                operations[id.GetString()!] = new ApiOperation(id.GetString()!, HttpMethod.Parse(method.Name), path, tag, parameters,
                    hasBody, bodyRequired, acceptsDryRun, returnsTask, noContent);
            }
        }
        return operations.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static JsonElement Resolve(JsonElement schema, JsonElement schemas) =>
        schema.TryGetProperty("$ref", out var r) && schemas.TryGetProperty(r.GetString()!.Split('/')[^1], out var target) ? Resolve(target, schemas) : schema;

    private static bool HasProperty(JsonElement schema, string name, JsonElement schemas)
    {
        if (schema.TryGetProperty("properties", out var props) && props.TryGetProperty(name, out _)) return true;
        foreach (var combinator in new[] { "allOf", "oneOf", "anyOf" })
            if (schema.TryGetProperty(combinator, out var parts))
                foreach (var part in parts.EnumerateArray())
                    if (HasProperty(Resolve(part, schemas), name, schemas)) return true;
        return false;
    }
}
