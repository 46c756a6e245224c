using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Spectre.Console;

namespace RcMcp.Server.Cli;

/// <summary>
/// How results look: tables for people (ids, names, status, sizes, endpoints), the tool's structuredContent as JSON
/// for scripts (--output json), errors on stderr. Results are already redacted by the server's pipeline.
/// </summary>
public sealed class CliOutput(bool json, IAnsiConsole stdout, TextWriter stderr)
{
    private static readonly string[] PreferredColumns =
    [
        "id", "databaseId", "subscriptionId", "taskId", "name", "status", "deploymentType", "commandType", "planId", "provider",
        "region", "datasetSizeInGb", "publicEndpoint", "numberOfDatabases", "memoryUsedInMb", "price", "description",
    ];

    public bool Json => json;

    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A Spectre console on stdout (tables for people).</summary>
    public static IAnsiConsole Stdout()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        // Piped into a file or another program, a table need not fit 80 columns.
        if (Console.IsOutputRedirected) console.Profile.Width = 200;
        return console;
    }

    /// <summary>The payload of a result: structuredContent, else the first text block parsed as JSON.</summary>
    public static JsonNode? Payload(CallToolResult result)
    {
        if (result.StructuredContent is { } structured) return JsonNode.Parse(structured.GetRawText());
        var text = result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text;
        if (text is null) return null;
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return JsonValue.Create(text); }
    }

    public void Result(CallToolResult result)
    {
        var payload = Payload(result);
        if (json)
        {
            stdout.Profile.Out.Writer.WriteLine(payload?.ToJsonString(Indented) ?? "null");
            return;
        }
        if (payload is JsonObject obj) Render(obj);
        else stdout.WriteLine(payload?.ToString() ?? "");
        foreach (var note in result.Content.OfType<TextContentBlock>().Skip(1)) stdout.MarkupLine($"[grey]{Markup.Escape(note.Text)}[/]");
    }

    public void Error(CallToolResult result)
    {
        var payload = Payload(result);
        if (json) stdout.Profile.Out.Writer.WriteLine(payload?.ToJsonString() ?? "null");
        var text = string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text).Take(1));
        stderr.WriteLine("rcmcp: " + text);
    }

    public void Message(string text) => stderr.WriteLine(text);

    private void Render(JsonObject obj)
    {
        if (Largest(obj) is { } rows && rows.Count > 0)
        {
            stdout.Write(Table(rows));
            stdout.WriteLine($"{rows.Count} item(s)");
        }
        var scalars = obj.Where(p => p.Value is JsonValue && p.Key is not "next").ToList();
        if (scalars.Count > 0 && Largest(obj) is null or { Count: 0 })
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Field").AddColumn("Value");
            foreach (var (key, value) in scalars) table.AddRow(Markup.Escape(key), Markup.Escape(value!.ToString()));
            foreach (var (key, value) in obj.Where(p => p.Value is JsonObject))
                table.AddRow(Markup.Escape(key), Markup.Escape(Short(value!.ToJsonString())));
            stdout.Write(table);
        }
        if ((string?)obj["next"] is { } next) stdout.MarkupLine($"[grey]Next: {Markup.Escape(next)}[/]");
    }

    /// <summary>The largest array of objects anywhere in the result (subscriptions, databases, tasks, ...).</summary>
    private static List<JsonObject>? Largest(JsonNode? node)
    {
        List<JsonObject>? best = null;
        void Visit(JsonNode? n, int depth)
        {
            if (depth > 6) return;
            switch (n)
            {
                case JsonArray arr:
                    var objects = arr.OfType<JsonObject>().ToList();
                    // The longest list; between lists as long, the one that looks most like resources (ids, names, status).
                    if (objects.Count > 0 && objects.Count == arr.Count &&
                        (best is null || objects.Count > best.Count || (objects.Count == best.Count && Known(objects) > Known(best))))
                        best = objects;
                    foreach (var item in arr) Visit(item, depth + 1);
                    break;
                case JsonObject obj:
                    foreach (var (_, value) in obj) Visit(value, depth + 1);
                    break;
            }
        }
        Visit(node, 0);
        return best;
    }

    private static int Known(List<JsonObject> rows) => PreferredColumns.Count(c => rows[0][c] is JsonValue);

    private static Table Table(List<JsonObject> rows)
    {
        var keys = PreferredColumns.Where(c => rows.Any(r => r[c] is JsonValue)).Take(8).ToList();
        if (keys.Count == 0) keys = rows.SelectMany(r => r.Where(p => p.Value is JsonValue).Select(p => p.Key)).Distinct().Take(6).ToList();
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var key in keys) table.AddColumn(Markup.Escape(key));
        foreach (var row in rows)
            table.AddRow(keys.Select(k => Markup.Escape(row[k] is JsonValue v ? Short(v.ToString()) : "")).ToArray());
        return table;
    }

    private static string Short(string s) => s.Length <= 80 ? s : s[..77] + "...";
}
