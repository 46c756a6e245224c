using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RcMcp.Server.Schema;

/// <summary>One invalid argument: where it is, what is wrong, and how to fix it.</summary>
public sealed record ArgumentError(string Field, string Problem, string Fix)
{
    public override string ToString() => $"{Field}: {Problem}. Fix: {Fix}";
}

/// <summary>
/// Validates tool arguments against the subset of JSON Schema our tool schemas use (type, required, enum, minimum,
/// maximum, minLength, maxLength, pattern, minItems, maxItems, uniqueItems, items, properties,
/// additionalProperties:false). Every violation is reported with the field path and a fix.
/// </summary>
public static class ArgumentValidator
{
    private const int MaxErrors = 20;

    /// <summary>Longest string accepted where the schema names no maxLength (inside free-form objects).</summary>
    public const int DefaultMaxStringLength = 65_536;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    /// <summary>
    /// The pattern as it is enforced: the whole value must match. .NET's <c>$</c> also matches before a final line
    /// break, so "db1\n" would pass "^[a-z0-9]+$"; wrapping it in <c>^(?:...)\z</c> closes that everywhere.
    /// </summary>
    public static Regex WholeValue(string pattern) => Patterns.GetOrAdd(pattern, static p =>
        new Regex("^(?:" + p + @")\z", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)));

    /// <summary>True when the string matches the pattern as a whole.</summary>
    public static bool MatchesPattern(string value, string pattern)
    {
        try { return WholeValue(pattern).IsMatch(value); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    /// <summary>
    /// The arguments with every integer written as a plain integer ("5.0" and "5e0" become "5"), so the typed
    /// request models can read them; null when nothing needed rewriting. Call it after a successful validation.
    /// </summary>
    public static JsonElement? NormalizeIntegers(JsonObject schema, JsonElement arguments)
    {
        var node = JsonNode.Parse(arguments.GetRawText(), documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        return Normalize(schema, node) ? JsonSerializer.SerializeToElement(node, ServerJson.Context.JsonNode) : null;
    }

    private static bool Normalize(JsonObject schema, JsonNode? node)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj when schema["properties"] is JsonObject properties:
                foreach (var (key, value) in obj.ToList())
                {
                    if (properties[key] is not JsonObject child) continue;
                    if ((string?)child["type"] == "integer" && value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.ToJsonString() is var raw && raw.IndexOfAny(['.', 'e', 'E']) >= 0)
                    {
                        obj[key] = JsonNode.Parse(IntegerText(raw));
                        changed = true;
                    }
                    else changed |= Normalize(child, value);
                }
                break;
            case JsonArray arr when schema["items"] is JsonObject items:
                for (var i = 0; i < arr.Count; i++)
                {
                    if ((string?)items["type"] == "integer" && arr[i] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.ToJsonString() is var raw && raw.IndexOfAny(['.', 'e', 'E']) >= 0)
                    {
                        arr[i] = JsonNode.Parse(IntegerText(raw));
                        changed = true;
                    }
                    else changed |= Normalize(items, arr[i]);
                }
                break;
        }
        return changed;
    }

    /// <summary>A JSON number that is an integer (checked before) as plain integer text.</summary>
    private static string IntegerText(string raw)
    {
        var canonical = Pipeline.CanonicalArguments.Number(raw);
        if (canonical == "0") return "0";
        var e = canonical.IndexOf('e');
        var exponent = int.Parse(canonical.AsSpan(e + 1), CultureInfo.InvariantCulture);
        return canonical[..e] + new string('0', exponent);
    }

    /// <summary>True when a JSON number's text is a whole number (1, 1.0, 1e3), whatever its size.</summary>
    private static bool IsInteger(JsonElement v)
    {
        var canonical = Pipeline.CanonicalArguments.Number(v.GetRawText());
        return canonical == "0" || canonical[(canonical.IndexOf('e') + 1)] != '-';
    }

    public static List<ArgumentError> Validate(JsonObject schema, JsonElement arguments)
    {
        var errors = new List<ArgumentError>();
        Check(schema, arguments, "", errors);
        return errors;
    }

    /// <summary>True when <paramref name="value"/> breaks no rule of <paramref name="schema"/> (used to check the
    /// examples shown in fixes; no fix texts are made on the way).</summary>
    public static bool IsValid(JsonObject schema, JsonNode value)
    {
        var errors = new QuietErrors();
        Check(schema, JsonSerializer.SerializeToElement(value, ServerJson.Context.JsonNode), "", errors);
        return errors.Count == 0;
    }

    /// <summary>Errors counted but not explained: checking an example must not build fixes (which check examples).</summary>
    private sealed class QuietErrors : List<ArgumentError>;

    private static void Check(JsonObject schema, JsonElement value, string path, List<ArgumentError> errors)
    {
        if (errors.Count >= MaxErrors) return;
        if (schema["anyOf"] is JsonArray branches)
        {
            CheckAnyOf(schema, branches, value, path, errors);
            return;
        }
        var type = (string?)schema["type"];
        var field = path.Length == 0 ? "(arguments)" : path;

        if (!MatchesType(type, value))
        {
            errors.Add(new(field, $"must be {Article(type)} (got {Describe(value)})", FixFor(schema, path, TypeAdvice(type, path), errors)));
            return;
        }

        switch (type)
        {
            case "object":
                CheckObject(schema, value, path, errors);
                break;
            case "array":
                CheckArray(schema, value, path, errors);
                break;
            case "string":
                if (!TryGetString(value, out var text))
                {
                    errors.Add(new(field, "contains an unpaired UTF-16 surrogate (an invalid \\uD800-\\uDFFF escape)", "send valid Unicode text"));
                    break;
                }
                CheckString(schema, text, path, errors);
                break;
            case "integer":
            case "number":
                CheckNumber(schema, value.GetRawText(), path, errors);
                break;
        }
    }

    /// <summary>
    /// anyOf as our schemas use it, a choice of types (e.g. a body that is an object or an array): the value is
    /// checked against the first branch whose type it has; with none, the error lists the types.
    /// </summary>
    private static void CheckAnyOf(JsonObject schema, JsonArray branches, JsonElement value, string path, List<ArgumentError> errors)
    {
        var options = branches.OfType<JsonObject>().ToList();
        if (options.FirstOrDefault(b => MatchesType((string?)b["type"], value)) is { } branch)
        {
            Check(branch, value, path, errors);
            return;
        }
        var types = string.Join(" or ", options.Select(b => Article((string?)b["type"])));
        errors.Add(new(path.Length == 0 ? "(arguments)" : path, $"must be {types} (got {Describe(value)})", FixFor(schema, path, $"pass {types}", errors)));
    }

    private static void CheckObject(JsonObject schema, JsonElement value, string path, List<ArgumentError> errors)
    {
        var properties = schema["properties"] as JsonObject ?? new JsonObject();
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(n => (string)n!))
            {
                if (!value.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
                {
                    var field = Join(path, name);
                    errors.Add(new(field, "is required", properties[name] is JsonObject propSchema ? Add(propSchema, field, errors) : $"add \"{name}\" (see the tool's schema)"));
                }
            }
        }

        var closed = schema["additionalProperties"] is JsonValue ap && ap.TryGetValue(out bool allowed) && !allowed;
        if (!closed && schema["properties"] is null)
        {
            CheckFreeValue(value, path.Length == 0 ? "(arguments)" : path, 0, errors);
            return;
        }
        foreach (var prop in value.EnumerateObject())
        {
            if (properties[prop.Name] is JsonObject propSchema)
            {
                // An explicit null for an optional field means "not set".
                if (prop.Value.ValueKind != JsonValueKind.Null) Check(propSchema, prop.Value, Join(path, prop.Name), errors);
            }
            else if (closed && DeprecatedFields.Find(schema, prop.Name) is ({ } replacement, { } replacementSchema))
            {
                errors.Add(errors is QuietErrors
                    ? new(Join(path, prop.Name), "is deprecated", "")
                    : DeprecatedFields.Error(Join(path, prop.Name), replacement, replacementSchema));
            }
            else if (closed)
            {
                var suggestion = Closest(prop.Name, properties.Select(p => p.Key));
                var example = suggestion is not null && properties[suggestion] is JsonObject suggested && Example(suggested, suggestion, errors) is { } e ? $", e.g. {e}" : "";
                var fix = suggestion is not null
                    ? $"did you mean \"{suggestion}\"{example}? Allowed fields: {string.Join(", ", properties.Select(p => p.Key))}"
                    : $"remove it. Allowed fields: {string.Join(", ", properties.Select(p => p.Key))}";
                errors.Add(new(Join(path, prop.Name), "is not a known field", fix));
            }
        }
    }

    /// <summary>Free-form values (e.g. module parameters): bounded strings and nesting, nothing else.</summary>
    private static void CheckFreeValue(JsonElement value, string path, int depth, List<ArgumentError> errors)
    {
        if (errors.Count >= MaxErrors) return;
        if (depth > 16)
        {
            errors.Add(new(path, "is nested too deeply (more than 16 levels)", "flatten the value"));
            return;
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in value.EnumerateObject()) CheckFreeValue(p.Value, Join(path, p.Name), depth + 1, errors);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray()) CheckFreeValue(item, $"{path}[{i++}]", depth + 1, errors);
                break;
            case JsonValueKind.String:
                if (!TryGetString(value, out var text))
                    errors.Add(new(path, "contains an unpaired UTF-16 surrogate", "send valid Unicode text"));
                else if (text.Length > 1000)
                    errors.Add(new(path, $"must be at most 1000 characters (got {text.Length})", "shorten it"));
                break;
        }
    }

    private static void CheckArray(JsonObject schema, JsonElement value, string path, List<ArgumentError> errors)
    {
        var count = value.GetArrayLength();
        var field = path;
        if (schema["minItems"] is JsonValue min && count < (int)min)
            errors.Add(new(field, $"needs at least {(int)min} item(s) (got {count})", FixFor(schema, path, $"give at least {(int)min} item(s)", errors)));
        if (schema["maxItems"] is JsonValue max && count > (int)max)
            errors.Add(new(field, $"allows at most {(int)max} item(s) (got {count})", "remove items"));
        if (schema["uniqueItems"] is JsonValue u && (bool)u)
        {
            var seen = new HashSet<string>();
            foreach (var item in value.EnumerateArray())
                if (!seen.Add(item.GetRawText()))
                {
                    errors.Add(new(field, $"contains the duplicate {item.GetRawText()}", "list each value once"));
                    break;
                }
        }
        var i = 0;
        if (schema["items"] is JsonObject items)
            foreach (var item in value.EnumerateArray()) Check(items, item, $"{path}[{i++}]", errors);
        else
            // A free-form array (e.g. a body passed on as it is): bounded like a free-form object.
            foreach (var item in value.EnumerateArray()) CheckFreeValue(item, $"{path}[{i++}]", 1, errors);
    }

    private static void CheckString(JsonObject schema, string s, string path, List<ArgumentError> errors)
    {
        var field = path.Length == 0 ? "(arguments)" : path;
        if (schema["enum"] is JsonArray allowed)
        {
            var values = allowed.Select(v => (string)v!).ToList();
            if (!values.Contains(s, StringComparer.Ordinal))
            {
                var ci = values.FirstOrDefault(v => string.Equals(v, s, StringComparison.OrdinalIgnoreCase));
                errors.Add(new(field, $"\"{Trim(s)}\" is not allowed", ci is not null ? $"use \"{ci}\" (values are case-sensitive)" : $"use one of: {string.Join(", ", values)}"));
            }
            return;
        }
        // One error per field: the first rule it breaks.
        var maxLength = schema["maxLength"] is JsonValue maxL ? (int)maxL : DefaultMaxStringLength;
        if (schema["minLength"] is JsonValue minL && s.Length < (int)minL)
            errors.Add(new(field, s.Length == 0 ? "must not be empty" : $"must be at least {(int)minL} characters", FixFor(schema, path, $"give at least {(int)minL} character(s)", errors)));
        else if (s.Length > maxLength)
            errors.Add(new(field, $"must be at most {maxLength} characters (got {s.Length})", FixFor(schema, path, $"shorten it to {maxLength} characters or fewer", errors)));
        else if (schema["pattern"] is JsonValue pat && s.Length > 0 && !MatchesPattern(s, (string)pat!))
            errors.Add(new(field, $"\"{Trim(s)}\" has the wrong format{(s.Length > 0 && char.IsWhiteSpace(s[^1]) ? " (it ends with white space or a line break)" : "")}", FixFor(schema, path, "write it in the expected format", errors)));
    }

    private static bool TryGetString(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    /// <summary>Range check on the number's exact value (no double rounding: 2^53+1 stays 2^53+1).</summary>
    private static void CheckNumber(JsonObject schema, string raw, string path, List<ArgumentError> errors)
    {
        var field = path.Length == 0 ? "(arguments)" : path;
        var min = schema["minimum"] is JsonValue mn ? AsDouble(mn) : (double?)null;
        var max = schema["maximum"] is JsonValue mx ? AsDouble(mx) : (double?)null;
        // Beyond decimal's range (about 7.9e28) a number is outside every range our schemas declare.
        var inDecimal = decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value);
        var d = inDecimal ? (double)value : double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        var tooSmall = min is not null && (inDecimal ? value < (decimal)min.Value : d < min);
        var tooLarge = max is not null && (inDecimal ? value > (decimal)max.Value : d > max);
        if (tooSmall || tooLarge)
        {
            var range = (min, max) switch
            {
                ({ } a, { } b) => $"between {Fmt(a)} and {Fmt(b)}",
                ({ } a, null) => $"at least {Fmt(a)}",
                (null, { } b) => $"at most {Fmt(b)}",
                _ => "",
            };
            errors.Add(new(field, $"{Trim(raw)} is out of range", FixFor(schema, path, $"use a value {range}", errors)));
        }
    }

    private static double AsDouble(JsonValue v) => double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);

    private static bool MatchesType(string? type, JsonElement v) => type switch
    {
        null => true,
        "object" => v.ValueKind == JsonValueKind.Object,
        "array" => v.ValueKind == JsonValueKind.Array,
        "string" => v.ValueKind == JsonValueKind.String,
        "boolean" => v.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => v.ValueKind == JsonValueKind.Number,
        "integer" => v.ValueKind == JsonValueKind.Number && IsInteger(v),
        _ => true,
    };

    /// <summary>A property's description; for the ids that carry none (said once in the instructions), where they come from.</summary>
    private static string? DescriptionOf(JsonObject schema, string path)
    {
        if ((string?)schema["description"] is { } description) return description;
        var name = SchemaExamples.NameOf(path);
        foreach (var (property, source) in Tools.IdArguments.IdSources)
            if (property == name) return $"an id from {source}.";
        return null;
    }

    /// <summary>
    /// A fix that shows a valid value: <paramref name="advice"/>, then an example that itself validates (see
    /// <see cref="SchemaExamples"/>), then what the field's description or id source adds, e.g.
    /// <c>give at least 12 character(s), e.g. "vpcId": "vpc-0123456789abcdef0" (AWS only)</c>.
    /// </summary>
    private static string FixFor(JsonObject schema, string path, string advice, List<ArgumentError> errors)
    {
        if (errors is QuietErrors) return "";
        var example = Example(schema, path, errors);
        return (example is null ? advice : $"{advice}, e.g. {example}") + Note(schema, path);
    }

    /// <summary>The fix of a missing required field: <c>add "databaseId": 12345 (an id from list_databases)</c>.</summary>
    private static string Add(JsonObject schema, string path, List<ArgumentError> errors)
    {
        if (errors is QuietErrors) return "";
        var name = SchemaExamples.NameOf(path);
        var value = SchemaExamples.For(schema, name);
        return (value is null ? $"add \"{name}\"" : $"add \"{name}\": {ServerJson.Serialize(value)}") + Note(schema, path);
    }

    /// <summary><c>"name": value</c> for a field (the bare value for the arguments themselves), or null.</summary>
    private static string? Example(JsonObject schema, string path, List<ArgumentError> errors)
    {
        if (errors is QuietErrors) return null;
        var name = SchemaExamples.NameOf(path);
        if (SchemaExamples.For(schema, name) is not { } value) return null;
        // The arguments themselves and array items show the bare value; a property shows "name": value.
        return path.Length == 0 || path.EndsWith(']') ? ServerJson.Serialize(value) : $"\"{name}\": {ServerJson.Serialize(value)}";
    }

    /// <summary>What the field's description (or, for an id, the tool that lists it) adds, in parentheses.</summary>
    private static string Note(JsonObject schema, string path) =>
        path.Length > 0 && DescriptionOf(schema, path) is { } text ? $" ({text.TrimEnd('.')})" : "";

    private static string TypeAdvice(string? type, string path) => type switch
    {
        _ when path.Length == 0 => "pass the arguments as one JSON object",
        "integer" => "pass a whole number (JSON number, not a string)",
        "number" => "pass a JSON number, not a string",
        "boolean" => "pass true or false (JSON boolean, not a string)",
        "string" => "pass a JSON string",
        "array" => "pass a JSON array",
        "object" => "pass a JSON object",
        _ => "pass a value of the right type",
    };

    private static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Trim(v.GetString()!)}\"",
        JsonValueKind.Number => $"the number {v.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {v.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => v.ValueKind.ToString(),
    };

    private static string Article(string? type) => type switch
    {
        "integer" => "an integer",
        "object" => "an object",
        "array" => "an array",
        _ => "a " + type,
    };

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
    private static string Trim(string s) => s.Length <= 60 ? s : s[..57] + "...";
    private static string Fmt(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);

    private static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            var d = EditDistance.Between(name.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (c, d);
        }
        return best is not null && (bestDistance <= Math.Max(2, name.Length / 3) || best.StartsWith(name, StringComparison.OrdinalIgnoreCase)) ? best : null;
    }
}
