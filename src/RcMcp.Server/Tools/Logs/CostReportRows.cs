using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RcMcp.Server.Tools.Logs;

/// <summary>The rows of a downloaded cost report, read from its JSON or CSV text (column name to cell text).</summary>
internal static class CostReportRows
{
    /// <summary>Rows of a JSON report: an array of row objects, or an object holding one (rows, data, items).</summary>
    internal static List<Dictionary<string, string>> Json(string text)
    {
        using var document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 256 });
        var root = document.RootElement;
        JsonElement? array = root.ValueKind == JsonValueKind.Array ? root : null;
        if (array is null && root.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in new[] { "rows", "data", "items", "records" })
                if (TryGetProperty(root, name, out var a) && a.ValueKind == JsonValueKind.Array) { array = a; break; }
            array ??= root.EnumerateObject().Select(p => p.Value).Cast<JsonElement?>()
                .FirstOrDefault(v => v!.Value.ValueKind == JsonValueKind.Array && v.Value.EnumerateArray().Any(i => i.ValueKind == JsonValueKind.Object));
        }
        var rows = new List<Dictionary<string, string>>();
        if (array is not { } items) return rows;
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) continue;
            var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in item.EnumerateObject())
                row[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString()!,
                    JsonValueKind.Null => "",
                    _ => p.Value.GetRawText(),
                };
            rows.Add(row);
        }
        return rows;
    }

    internal static bool TryGetProperty(JsonElement obj, string name, out JsonElement value)
    {
        foreach (var p in obj.EnumerateObject())
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) { value = p.Value; return true; }
        value = default;
        return false;
    }

    /// <summary>Rows of a CSV report: the first record names the columns (RFC 4180 quoting; blank lines skipped).</summary>
    internal static List<Dictionary<string, string>> Csv(string text)
    {
        var records = CsvRecords(text).Where(r => r.Count > 1 || r.Count == 1 && r[0].Length > 0).ToList();
        var rows = new List<Dictionary<string, string>>();
        if (records.Count == 0) return rows;
        var header = records[0].Select(h => h.Trim()).ToList();
        foreach (var record in records.Skip(1))
        {
            var row = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Count && i < record.Count; i++)
                if (header[i].Length > 0) row.TryAdd(header[i], record[i]);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Splits CSV text into records of fields: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    internal static IEnumerable<List<string>> CsvRecords(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
                continue;
            }
            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r' or '\n':
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return fields;
                    fields = [];
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return fields;
        }
    }
}
