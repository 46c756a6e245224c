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

    public static List<ArgumentError> Validate(JsonObject schema, JsonElement arguments)
    {
        var errors = new List<ArgumentError>();
        Check(schema, arguments, "", errors);
        return errors;
    }

    private static void Check(JsonObject schema, JsonElement value, string path, List<ArgumentError> errors)
    {
        if (errors.Count >= MaxErrors) return;
        var type = (string?)schema["type"];
        var field = path.Length == 0 ? "(arguments)" : path;
        var description = (string?)schema["description"];

        if (!MatchesType(type, value))
        {
            errors.Add(new(field, $"must be {Article(type)} (got {Describe(value)})", FixFor(schema, description)));
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
                CheckString(schema, value.GetString()!, field, description, errors);
                break;
            case "integer":
            case "number":
                CheckNumber(schema, value.GetDouble(), field, errors);
                break;
        }
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
                    var propSchema = properties[name] as JsonObject;
                    errors.Add(new(Join(path, name), "is required", $"add \"{name}\": {(string?)propSchema?["description"] ?? "see the tool's schema"}"));
                }
            }
        }

        var closed = schema["additionalProperties"] is JsonValue ap && ap.TryGetValue(out bool allowed) && !allowed;
        foreach (var prop in value.EnumerateObject())
        {
            if (properties[prop.Name] is JsonObject propSchema)
            {
                // An explicit null for an optional field means "not set".
                if (prop.Value.ValueKind != JsonValueKind.Null) Check(propSchema, prop.Value, Join(path, prop.Name), errors);
            }
            else if (closed)
            {
                var suggestion = Closest(prop.Name, properties.Select(p => p.Key));
                var fix = suggestion is not null
                    ? $"did you mean \"{suggestion}\"? Allowed fields: {string.Join(", ", properties.Select(p => p.Key))}"
                    : $"remove it. Allowed fields: {string.Join(", ", properties.Select(p => p.Key))}";
                errors.Add(new(Join(path, prop.Name), "is not a known field", fix));
            }
        }
    }

    private static void CheckArray(JsonObject schema, JsonElement value, string path, List<ArgumentError> errors)
    {
        var count = value.GetArrayLength();
        var field = path;
        if (schema["minItems"] is JsonValue min && count < (int)min)
            errors.Add(new(field, $"needs at least {(int)min} item(s) (got {count})", FixFor(schema, (string?)schema["description"])));
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
        if (schema["items"] is JsonObject items)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray()) Check(items, item, $"{path}[{i++}]", errors);
        }
    }

    private static void CheckString(JsonObject schema, string s, string field, string? description, List<ArgumentError> errors)
    {
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
        if (schema["minLength"] is JsonValue minL && s.Length < (int)minL)
            errors.Add(new(field, s.Length == 0 ? "must not be empty" : $"must be at least {(int)minL} characters", FixFor(schema, description)));
        else if (schema["maxLength"] is JsonValue maxL && s.Length > (int)maxL)
            errors.Add(new(field, $"must be at most {(int)maxL} characters (got {s.Length})", "shorten it"));
        else if (schema["pattern"] is JsonValue pat && s.Length > 0 && !Regex.IsMatch(s, (string)pat!, RegexOptions.None, TimeSpan.FromMilliseconds(100)))
            errors.Add(new(field, $"\"{Trim(s)}\" has the wrong format", FixFor(schema, description)));
    }

    private static void CheckNumber(JsonObject schema, double d, string field, List<ArgumentError> errors)
    {
        var min = schema["minimum"] is JsonValue mn ? AsDouble(mn) : (double?)null;
        var max = schema["maximum"] is JsonValue mx ? AsDouble(mx) : (double?)null;
        if ((min is not null && d < min) || (max is not null && d > max))
        {
            var range = (min, max) switch
            {
                ({ } a, { } b) => $"between {Fmt(a)} and {Fmt(b)}",
                ({ } a, null) => $"at least {Fmt(a)}",
                (null, { } b) => $"at most {Fmt(b)}",
                _ => "",
            };
            errors.Add(new(field, $"{Fmt(d)} is out of range", $"use a value {range}"));
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
        "integer" => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _),
        _ => true,
    };

    private static string FixFor(JsonObject schema, string? description)
    {
        var type = (string?)schema["type"];
        var hint = description ?? "see the tool's schema";
        return type switch
        {
            "integer" => $"pass a whole number (JSON number, not a string). {hint}",
            "boolean" => $"pass true or false (JSON boolean, not a string). {hint}",
            _ => hint,
        };
    }

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
            var d = Levenshtein(name.ToLowerInvariant(), c.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (c, d);
        }
        return best is not null && (bestDistance <= Math.Max(2, name.Length / 3) || best.StartsWith(name, StringComparison.OrdinalIgnoreCase)) ? best : null;
    }

    private static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
