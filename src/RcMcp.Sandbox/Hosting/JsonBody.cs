using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RcMcp.Sandbox.Hosting;

/// <summary>
/// A request body (or a nested object of one) with typed, validating getters. Reading is reflection-free and follows
/// the conventions the sandbox has always used: property names are case-insensitive, unknown properties are
/// ignored, numbers may also be sent as strings (<c>"12"</c>), and a property that is absent or <c>null</c> reads as
/// null. Every problem is a 400 <c>BAD_REQUEST</c> whose message names the field, e.g. <c>databases[0].name</c>.
/// </summary>
internal sealed class JsonBody
{
    private const string Code = "BAD_REQUEST";
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = true };
    private readonly string prefix;

    /// <param name="json">The object to read; nodes parsed by <see cref="Parse"/> match names case-insensitively.</param>
    /// <param name="path">Where the object sits in the request, e.g. <c>cloudProviders[0]</c>; empty for the root.</param>
    public JsonBody(JsonObject json, string path = "")
    {
        Json = json;
        Path = path;
        prefix = path.Length == 0 ? "" : path + ".";
    }

    /// <summary>The wrapped object, for anything the getters do not cover.</summary>
    public JsonObject Json { get; }

    /// <summary>The location of this object in the request; empty for the root.</summary>
    public string Path { get; }

    /// <summary>Parses a request body that must be a JSON object.</summary>
    public static JsonBody Parse(string? text)
    {
        var node = ParseNode(text);
        return node is JsonObject json
            ? new JsonBody(json)
            : throw ApiException.BadRequest(Code, $"The request body must be a JSON object (got {KindOf(node)}).");
    }

    /// <summary>Parses a request body that must be a JSON object or a JSON array (a document passed on as it is).</summary>
    public static JsonNode ParseDocument(string? text)
    {
        var node = ParseNode(text);
        return node is JsonObject or JsonArray
            ? node
            : throw ApiException.BadRequest(Code, $"The request body must be a JSON object or array (got {KindOf(node)}).");
    }

    private static JsonNode? ParseNode(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw ApiException.BadRequest(Code, "A JSON request body is required.");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, NodeOptions);
            Index(node);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest(Code, $"The request body is not valid JSON: {e.Message}");
        }
        catch (ArgumentException)
        {
            throw ApiException.BadRequest(Code, "The request body repeats a property name in an object (names are case-insensitive).");
        }
        return node;
    }

    /// <summary>True when the property is present with a non-null value.</summary>
    public bool Has(string name) => Json.TryGetPropertyValue(name, out var value) && value is not null;

    /// <summary>The full name of a field of this object, as used in error messages.</summary>
    public string Field(string name) => prefix + name;

    public string? Str(string name, bool required = false, int minLength = 0, int? maxLength = null)
    {
        if (Get(name, required) is not { } node)
            return null;
        if (node.GetValueKind() != JsonValueKind.String)
            throw WrongType(name, "a string", node);
        var value = node.GetValue<string>();
        if (value.Length < minLength)
        {
            throw Bad(minLength == 1
                ? $"'{Field(name)}' must not be empty."
                : $"'{Field(name)}' must be at least {minLength} characters long (got {value.Length}).");
        }
        if (value.Length > maxLength)
            throw Bad($"'{Field(name)}' must be at most {maxLength} characters long (got {value.Length}).");
        return value;
    }

    /// <summary>A string that must be one of <paramref name="allowed"/> (compared ordinally).</summary>
    public string? Enum(string name, params string[] allowed) => Enum(name, required: false, allowed);

    /// <summary>A string that must be one of <paramref name="allowed"/> (compared ordinally).</summary>
    public string? Enum(string name, bool required, params string[] allowed)
    {
        var value = Str(name, required);
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
            throw Bad($"'{Field(name)}' must be one of: {string.Join(", ", allowed)} (got '{value}').");
        return value;
    }

    public int? Int(string name, bool required = false, int? min = null, int? max = null)
    {
        if (Integer(name, required) is not { } value)
            return null;
        if (value is < int.MinValue or > int.MaxValue)
            throw Bad($"'{Field(name)}' must be an integer between {int.MinValue} and {int.MaxValue} (got {value}).");
        CheckRange(name, value, min, max);
        return (int)value;
    }

    public long? Long(string name, bool required = false, long? min = null, long? max = null)
    {
        if (Integer(name, required) is not { } value)
            return null;
        CheckRange(name, value, min, max);
        return value;
    }

    public double? Double(string name, bool required = false, double? min = null, double? max = null)
    {
        if (NumberText(name, required, "a number") is not { } text)
            return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw Bad($"'{Field(name)}' must be a finite number (got {Got(name, text, "a finite number")}).");
        CheckRange(name, value, min, max);
        return value;
    }

    public bool? Bool(string name, bool required = false)
    {
        if (Get(name, required) is not { } node)
            return null;
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(name, "a boolean", node),
        };
    }

    /// <summary>A nested object; its own getters name fields as <c>name.field</c>.</summary>
    public JsonBody? Obj(string name, bool required = false)
    {
        if (Get(name, required) is not { } node)
            return null;
        return node is JsonObject json ? new JsonBody(json, Field(name)) : throw WrongType(name, "an object", node);
    }

    /// <summary>An array of any items, with an optional bound on its length.</summary>
    public JsonArray? Arr(string name, bool required = false, int minItems = 0, int? maxItems = null)
    {
        if (Get(name, required) is not { } node)
            return null;
        if (node is not JsonArray array)
            throw WrongType(name, "an array", node);
        if (array.Count < minItems)
        {
            throw Bad(minItems == 1
                ? $"'{Field(name)}' must contain at least one item."
                : $"'{Field(name)}' must contain at least {minItems} items (got {array.Count}).");
        }
        if (array.Count > maxItems)
            throw Bad($"'{Field(name)}' must contain at most {maxItems} items (got {array.Count}).");
        return array;
    }

    /// <summary>An array whose items must all be objects; each item's fields are named <c>name[i].field</c>.</summary>
    public IReadOnlyList<JsonBody>? Objects(string name, bool required = false, int minItems = 0, int? maxItems = null) =>
        Items(name, required, minItems, maxItems, "an object", (item, path) => item is JsonObject json ? new JsonBody(json, path) : null);

    /// <summary>An array whose items must all be strings.</summary>
    public IReadOnlyList<string>? Strings(string name, bool required = false, int minItems = 0, int? maxItems = null) =>
        Items(name, required, minItems, maxItems, "a string",
            (item, _) => item?.GetValueKind() == JsonValueKind.String ? item.GetValue<string>() : null);

    /// <summary>An array whose items must all be integers (numbers also accepted as strings).</summary>
    public IReadOnlyList<int>? Ints(string name, bool required = false, int minItems = 0, int? maxItems = null)
    {
        if (Arr(name, required, minItems, maxItems) is not { } array)
            return null;
        var items = new List<int>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            items.Add(NumberText(array[i]) is { } text && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Bad($"'{Field(name)}[{i}]' must be an integer (got {KindOf(array[i])})."));
        }
        return items;
    }

    /// <summary>Reads every item with <paramref name="read"/>, which returns null for an item that is not valid.</summary>
    private IReadOnlyList<T>? Items<T>(
        string name, bool required, int minItems, int? maxItems, string expected, Func<JsonNode?, string, T?> read) where T : class
    {
        if (Arr(name, required, minItems, maxItems) is not { } array)
            return null;
        var items = new List<T>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var path = $"{Field(name)}[{i}]";
            items.Add(read(array[i], path) ?? throw Bad($"'{path}' must be {expected} (got {KindOf(array[i])})."));
        }
        return items;
    }

    /// <summary>Builds every object's lookup now, so a repeated name fails here rather than in a getter.</summary>
    private static void Index(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject json:
                foreach (var (_, value) in json)
                    Index(value);
                break;
            case JsonArray array:
                foreach (var item in array)
                    Index(item);
                break;
        }
    }

    private JsonNode? Get(string name, bool required)
    {
        if (Json.TryGetPropertyValue(name, out var node) && node is not null)
            return node;
        return required ? throw Bad($"'{Field(name)}' is required.") : null;
    }

    private long? Integer(string name, bool required)
    {
        if (NumberText(name, required, "an integer") is not { } text)
            return null;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Bad($"'{Field(name)}' must be an integer (got {Got(name, text, "an integer")}).");
    }

    /// <summary>Echoes a JSON number, never a string: a string sent in the wrong place may be a secret.</summary>
    private string Got(string name, string text, string expected) =>
        Json[name]!.GetValueKind() == JsonValueKind.Number ? text : $"a string that is not {expected}";

    /// <summary>The text of a number, or of a string standing for one; null when the property is absent.</summary>
    private string? NumberText(string name, bool required, string expected)
    {
        if (Get(name, required) is not { } node)
            return null;
        return NumberText(node) ?? throw WrongType(name, expected, node);
    }

    private static string? NumberText(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.Number => node.ToJsonString(),
        JsonValueKind.String => node.GetValue<string>(),
        _ => null,
    };

    private void CheckRange<T>(string name, T value, T? min, T? max) where T : struct, IComparable<T>
    {
        if (min is { } low && value.CompareTo(low) < 0 || max is { } high && value.CompareTo(high) > 0)
        {
            var bounds = (min, max) switch
            {
                ({ } a, { } b) => $"between {Format(a)} and {Format(b)}",
                ({ } a, null) => $"at least {Format(a)}",
                _ => $"at most {Format(max!.Value)}",
            };
            throw Bad($"'{Field(name)}' must be {bounds} (got {Format(value)}).");
        }
    }

    private static string Format<T>(T value) where T : struct =>
        value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString()!;

    /// <summary>Names only the kind of the value it got: a string sent in the wrong place may be a secret.</summary>
    private ApiException WrongType(string name, string expected, JsonNode node) =>
        Bad($"'{Field(name)}' must be {expected} (got {KindOf(node)}).");

    private static string KindOf(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a boolean",
    };

    private static ApiException Bad(string message) => ApiException.BadRequest(Code, message);
}
