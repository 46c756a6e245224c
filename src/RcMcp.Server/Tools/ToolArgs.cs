using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace RcMcp.Server.Tools;

/// <summary>Read access to a call's (already validated) arguments.</summary>
public sealed class ToolArgs
{
    /// <summary>Arguments that belong to RcMcp, not to the API: never sent in a body.</summary>
    public static readonly IReadOnlySet<string> OwnArguments = new HashSet<string>(StringComparer.Ordinal)
    {
        StandardArguments.ConfirmationTokenName, StandardArguments.WaitForCompletionName, StandardArguments.RevealSecretsName,
    };

    /// <summary>RcMcp's own arguments and dryRun: what a tool whose dryRun is a local preview never sends.</summary>
    public static readonly IReadOnlySet<string> OwnAndDryRun = new HashSet<string>(OwnArguments.Append(StandardArguments.DryRunName), StringComparer.Ordinal);

    public ToolArgs(JsonElement json) => Json = json.ValueKind == JsonValueKind.Object ? json : JsonDocument.Parse("{}").RootElement;

    public static ToolArgs From(IDictionary<string, JsonElement>? arguments) =>
        new(JsonSerializer.SerializeToElement(arguments ?? new Dictionary<string, JsonElement>(), ServerJson.Context.IDictionaryStringJsonElement));

    public JsonElement Json { get; }

    public bool Has(string name) => Json.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public int Int(string name) => Json.GetProperty(name).GetInt32();
    public int? IntOrNull(string name) => Has(name) ? Json.GetProperty(name).GetInt32() : null;
    public string String(string name) => Json.GetProperty(name).GetString()!;
    public string? StringOrNull(string name) => Has(name) ? Json.GetProperty(name).GetString() : null;
    public bool Flag(string name) => Has(name) && Json.GetProperty(name).ValueKind == JsonValueKind.True;

    public bool DryRun => Flag(StandardArguments.DryRunName);
    public bool WaitForCompletion => Flag(StandardArguments.WaitForCompletionName);
    public string? ConfirmationToken => StringOrNull(StandardArguments.ConfirmationTokenName);

    /// <summary>
    /// The request body: every argument except path parameters and RcMcp's own arguments, exactly as given
    /// (explicit nulls dropped). Includes dryRun only when <paramref name="keepDryRun"/>.
    /// </summary>
    public JsonObject Body(IEnumerable<string> pathParameters, bool keepDryRun = true)
    {
        var skip = new HashSet<string>(pathParameters, StringComparer.Ordinal);
        skip.UnionWith(OwnArguments);
        if (!keepDryRun) skip.Add(StandardArguments.DryRunName);
        var body = new JsonObject();
        foreach (var p in Json.EnumerateObject())
            if (!skip.Contains(p.Name) && p.Value.ValueKind != JsonValueKind.Null)
                body[p.Name] = JsonNode.Parse(p.Value.GetRawText());
        return body;
    }

    /// <summary>The request body as the client's typed model (the schema guarantees every field has a place in it).</summary>
    public T Model<T>(JsonTypeInfo<T> typeInfo, params string[] pathParameters) =>
        Body(pathParameters).Deserialize(typeInfo) ?? throw new InvalidOperationException($"Empty body for {typeof(T).Name}.");
}
