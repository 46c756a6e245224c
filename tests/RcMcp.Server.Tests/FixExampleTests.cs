using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Server.Schema;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Tests;

/// <summary>
/// Every validation fix shows a value that works: for every field of every tool (nested fields and array items
/// included), the fix of a missing required field and of a wrong-typed value shows an example, and that example, put
/// back in the arguments, is accepted by the validator.
/// </summary>
public class FixExampleTests
{
    private static readonly ToolCatalog Catalog = new();
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> ToolNames() => new(Catalog.Specs.Select(s => s.Name));

    private static List<ArgumentError> Validate(JsonObject schema, JsonNode args) =>
        ArgumentValidator.Validate(schema, JsonSerializer.SerializeToElement(args));

    [Theory]
    [MemberData(nameof(ToolNames))]
    public void The_example_of_the_whole_arguments_is_valid(string name)
    {
        var schema = Catalog.Find(name)!.InputSchema;
        var example = SchemaExamples.For(schema, "").ShouldNotBeNull($"{name}: no example arguments");
        Validate(schema, example).ShouldBeEmpty($"{name}: {example.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(ToolNames))]
    public void The_fix_of_a_wrong_type_shows_a_value_that_validates(string name)
    {
        var schema = Catalog.Find(name)!.InputSchema;
        var problems = new List<string>();
        foreach (var (segments, field) in Fields(schema, []))
        {
            if ((string?)field["type"] is not { } type) continue;
            var path = PathOf(segments);
            var args = ArgumentsReaching(schema, segments);
            Set(args, schema, segments, type == "string" ? JsonValue.Create(12345) : JsonValue.Create("wrong"));
            var error = Validate(schema, args).FirstOrDefault(e => e.Field == path);
            if (error is null) { problems.Add($"{path}: a wrong type was accepted"); continue; }
            CheckExample(schema, args, segments, field, error, problems);
        }
        problems.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(ToolNames))]
    public void The_fix_of_a_missing_required_field_shows_a_value_that_validates(string name)
    {
        var schema = Catalog.Find(name)!.InputSchema;
        var problems = new List<string>();
        foreach (var (segments, field) in Fields(schema, []).Prepend(([], schema)))
        {
            if (field["required"] is not JsonArray required) continue;
            foreach (var key in required.Select(r => (string)r!))
            {
                var target = segments.Append(key).ToList();
                var path = PathOf(target);
                var args = ArgumentsReaching(schema, target);
                var parent = (JsonObject)Navigate(args, segments);
                parent.Remove(key);
                var error = Validate(schema, args).FirstOrDefault(e => e.Field == path);
                if (error is null || error.Problem != "is required") { problems.Add($"{path}: a missing required field was not named"); continue; }
                error.Fix.ShouldStartWith($"add \"{key}\": ");
                CheckExample(schema, args, target, (JsonObject)field["properties"]![key]!, error, problems);
            }
        }
        problems.ShouldBeEmpty();
    }

    /// <summary>The fix names the example, and the arguments with the example in place have no error at that field.</summary>
    private static void CheckExample(JsonObject schema, JsonNode args, List<string> segments, JsonObject field, ArgumentError error, List<string> problems)
    {
        var path = PathOf(segments);
        var example = SchemaExamples.For(field, SchemaExamples.NameOf(path));
        if (example is null) { problems.Add($"{path}: no example (add one to the schema or to SchemaExamples)"); return; }
        var shown = example.ToJsonString(Relaxed);
        if (!error.Fix.Contains(shown, StringComparison.Ordinal)) problems.Add($"{path}: the fix \"{error.Fix}\" does not show {shown}");
        Set(args, schema, segments, example);
        var left = Validate(schema, args).Where(e => e.Field == path || e.Field.StartsWith(path + ".", StringComparison.Ordinal) || e.Field.StartsWith(path + "[", StringComparison.Ordinal)).ToList();
        if (left.Count > 0) problems.Add($"{path}: the example {shown} is refused: {left[0]}");
    }

    /// <summary>Every field below a schema: object properties and array items ("[0]"), depth first.</summary>
    private static IEnumerable<(List<string> Segments, JsonObject Schema)> Fields(JsonObject schema, List<string> segments)
    {
        if (schema["properties"] is JsonObject properties)
            foreach (var (key, value) in properties)
            {
                var next = segments.Append(key).ToList();
                yield return (next, (JsonObject)value!);
                foreach (var inner in Fields((JsonObject)value!, next)) yield return inner;
            }
        if (schema["items"] is JsonObject items)
        {
            var next = segments.Append("[0]").ToList();
            yield return (next, items);
            foreach (var inner in Fields(items, next)) yield return inner;
        }
    }

    private static string PathOf(IEnumerable<string> segments) =>
        string.Concat(segments.Select((s, i) => s == "[0]" || i == 0 ? s : "." + s));

    /// <summary>Valid arguments (the tool's own example) in which every parent of the field exists.</summary>
    private static JsonNode ArgumentsReaching(JsonObject schema, List<string> segments)
    {
        var args = SchemaExamples.For(schema, "")!;
        JsonNode node = args;
        var current = schema;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            var (child, childSchema) = Child(current, segments, i);
            if (segments[i] == "[0]")
            {
                var array = (JsonArray)node;
                if (array.Count == 0) array.Add(SchemaExamples.For(childSchema, SchemaExamples.NameOf(PathOf(segments.Take(i)))));
                node = array[0]!;
            }
            else
            {
                var obj = (JsonObject)node;
                if (obj[child] is null) obj[child] = SchemaExamples.For(childSchema, child);
                node = obj[child]!;
            }
            current = childSchema;
        }
        return args;
    }

    private static (string Name, JsonObject Schema) Child(JsonObject schema, List<string> segments, int i) =>
        segments[i] == "[0]" ? ("[0]", (JsonObject)schema["items"]!) : (segments[i], (JsonObject)schema["properties"]![segments[i]]!);

    private static JsonNode Navigate(JsonNode args, IEnumerable<string> segments)
    {
        var node = args;
        foreach (var s in segments) node = s == "[0]" ? node[0]! : node[s]!;
        return node;
    }

    private static void Set(JsonNode args, JsonObject schema, List<string> segments, JsonNode value)
    {
        var parent = Navigate(args, segments.Take(segments.Count - 1));
        if (segments[^1] == "[0]") parent.AsArray()[0] = value.DeepClone();
        else parent.AsObject()[segments[^1]] = value.DeepClone();
    }
}
