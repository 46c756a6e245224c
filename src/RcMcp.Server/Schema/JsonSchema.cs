using System.Text.Json.Nodes;

namespace RcMcp.Server.Schema;

/// <summary>
/// A small builder for the JSON schemas of tool inputs. The schema is the single source of truth: it is published in
/// tools/list and <see cref="ArgumentValidator"/> enforces it before any request is sent.
/// </summary>
public static class JsonSchema
{
    // A null description leaves it out: nested fields whose name says it all cost the model nothing to read.

    /// <summary>A string. <paramref name="example"/> (published as JSON Schema <c>examples</c>) is for formats only
    /// this tool defines: the formats the API defines are shown in fixes from <see cref="SchemaExamples"/> at no cost
    /// in tools/list, so give one only where those and the schema's rules cannot make a sensible value.</summary>
    public static JsonObject Str(string? description, int? minLength = null, int? maxLength = null, string? pattern = null, string? format = null, string? example = null)
    {
        var o = new JsonObject { ["type"] = "string" };
        if (description is not null) o["description"] = description;
        if (minLength is not null) o["minLength"] = minLength;
        if (maxLength is not null) o["maxLength"] = maxLength;
        if (pattern is not null) o["pattern"] = pattern;
        if (format is not null) o["format"] = format;
        if (example is not null) o["examples"] = new JsonArray(JsonValue.Create(example));
        return o;
    }

    public static JsonObject Enum(string? description, params string[] values)
    {
        var arr = new JsonArray();
        foreach (var v in values) arr.Add((JsonNode?)JsonValue.Create(v));
        var o = new JsonObject { ["type"] = "string" };
        if (description is not null) o["description"] = description;
        o["enum"] = arr;
        return o;
    }

    /// <summary>An integer; without an explicit maximum it gets int.MaxValue, the most the API's models hold (ids are
    /// 32-bit), so 2^31 and beyond are refused with the range instead of reaching a model that cannot hold them.</summary>
    public static JsonObject Int(string? description, long? minimum = null, long? maximum = null)
    {
        var o = new JsonObject { ["type"] = "integer" };
        if (description is not null) o["description"] = description;
        if (minimum is not null) o["minimum"] = minimum;
        o["maximum"] = maximum ?? int.MaxValue;
        return o;
    }

    public static JsonObject Num(string? description, double? minimum = null, double? maximum = null)
    {
        var o = new JsonObject { ["type"] = "number" };
        if (description is not null) o["description"] = description;
        if (minimum is not null) o["minimum"] = minimum;
        if (maximum is not null) o["maximum"] = maximum;
        return o;
    }

    public static JsonObject Bool(string? description) => description is null ? new() { ["type"] = "boolean" } : new() { ["type"] = "boolean", ["description"] = description };

    public static JsonObject Array(string? description, JsonObject items, int? minItems = null, int? maxItems = null, bool unique = false)
    {
        var o = new JsonObject { ["type"] = "array" };
        if (description is not null) o["description"] = description;
        o["items"] = items;
        if (minItems is not null) o["minItems"] = minItems;
        if (maxItems is not null) o["maxItems"] = maxItems;
        if (unique) o["uniqueItems"] = true;
        return o;
    }

    /// <summary>A free-form JSON object (e.g. module parameters).</summary>
    public static JsonObject FreeObject(string? description) => description is null
        ? new() { ["type"] = "object", ["additionalProperties"] = true }
        : new() { ["type"] = "object", ["description"] = description, ["additionalProperties"] = true };

    public static ObjectBuilder Object(string? description = null) => new(description);

    /// <summary>Any JSON object or array (free-form both), e.g. a body passed on as it is.</summary>
    public static JsonObject ObjectOrArray(string? description)
    {
        var o = new JsonObject();
        if (description is not null) o["description"] = description;
        o["anyOf"] = new JsonArray(new JsonObject { ["type"] = "object" }, new JsonObject { ["type"] = "array" });
        return o;
    }

    /// <summary>
    /// The schema without the descriptions of its properties, at every depth (its own stays): for a nested item whose
    /// fields are described once elsewhere (e.g. a subscription's databases, described as "as in create_database").
    /// </summary>
    public static JsonObject Bare(JsonObject schema)
    {
        var copy = (JsonObject)schema.DeepClone();
        Strip(copy, keepOwn: true);
        return copy;
    }

    private static void Strip(JsonObject schema, bool keepOwn)
    {
        if (!keepOwn) schema.Remove("description");
        if (schema["properties"] is JsonObject properties)
            foreach (var (_, property) in properties)
                if (property is JsonObject p) Strip(p, keepOwn: false);
        if (schema["items"] is JsonObject items) Strip(items, keepOwn: false);
    }

    public sealed class ObjectBuilder(string? description)
    {
        private readonly JsonObject _properties = new();
        private readonly JsonArray _required = new();

        public ObjectBuilder Prop(string name, JsonObject schema, bool required = false)
        {
            _properties[name] = schema;
            if (required) _required.Add((JsonNode?)JsonValue.Create(name));
            return this;
        }

        /// <summary>Adds a property unless <paramref name="schema"/> is null (for optional shared fragments).</summary>
        public ObjectBuilder PropIf(bool condition, string name, Func<JsonObject> schema, bool required = false) =>
            condition ? Prop(name, schema(), required) : this;

        public JsonObject Build()
        {
            var o = new JsonObject { ["type"] = "object" };
            if (description is not null) o["description"] = description;
            o["properties"] = _properties.DeepClone();
            if (_required.Count > 0) o["required"] = _required.DeepClone();
            o["additionalProperties"] = false;
            return o;
        }

        public static implicit operator JsonObject(ObjectBuilder b) => b.Build();
    }
}
