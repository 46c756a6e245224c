using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RcMcp.Server.Tools.Logs;

/// <summary>
/// A downloaded cost report (FOCUS columns, CSV or JSON): saved as a file in the report folder and summarised, so the
/// model sees the figures that matter without the rows: the period, the total and its currency, and the cost by
/// service, subscription (FOCUS sub-account), database (the resource of database rows) and tag (the FOCUS Tags
/// column, key-value pairs as the report gives them), each group's largest entries first and the rest in one line.
/// </summary>
public static class CostReportFile
{
    /// <summary>Entries shown per group by default (get_cost_report's top).</summary>
    public const int TopItems = 10;

    private static readonly string[] CostColumns = ["BilledCost", "EffectiveCost", "ListCost"];
    private static readonly string[] CurrencyColumns = ["BillingCurrency", "PricingCurrency"];
    private static readonly string[] SubscriptionIdColumns = ["SubAccountId", "SubscriptionId"];
    private static readonly string[] SubscriptionNameColumns = ["SubAccountName", "SubscriptionName"];
    private static readonly string[] DatabaseIdColumns = ["ResourceId", "x_DatabaseId", "DatabaseId"];
    private static readonly string[] DatabaseNameColumns = ["ResourceName", "x_DatabaseName", "DatabaseName"];
    private static readonly string[] TagColumns = ["Tags", "x_Tags"];

    /// <summary>"json" or "csv": from the id's extension (the API names reports like that), else from the content.</summary>
    public static string DetectFormat(string costReportId, string text)
    {
        if (costReportId.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return "json";
        if (costReportId.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return "csv";
        var start = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return start.StartsWith('[') || start.StartsWith('{') ? "json" : "csv";
    }

    /// <summary>The file name of a report: its id, with the format's extension unless the id already ends with it.</summary>
    public static string FileName(string costReportId, string format) =>
        costReportId.EndsWith("." + format, StringComparison.OrdinalIgnoreCase) ? costReportId : costReportId + "." + format;

    /// <summary>
    /// Writes the report into <paramref name="folder"/> (created 0700 if needed), atomically, and returns its full
    /// path. The file is private (0600) and created without following links (a new file renamed over the old name);
    /// a <paramref name="privateFolder"/> (the default, inside the state folder) is also checked like the state folder.
    /// </summary>
    public static async Task<string> SaveAsync(string folder, string costReportId, string format, string text, CancellationToken ct, bool privateFolder = false)
    {
        var root = Path.GetFullPath(folder);
        var path = Path.GetFullPath(Path.Combine(root, FileName(costReportId, format)));
        // The id is a plain file name (the schema's pattern); this makes sure it can never leave the folder.
        if (!string.Equals(Path.GetDirectoryName(path), Path.TrimEndingDirectorySeparator(root), StringComparison.Ordinal))
            throw new IOException($"the report id {costReportId} does not name a file inside the report folder");
        if (privateFolder) Hosting.StateFiles.EnsurePrivateFolder(root);
        else if (!Directory.Exists(root))
        {
            if (OperatingSystem.IsLinux()) Directory.CreateDirectory(root, Hosting.StateFiles.PrivateFolder);
            else Directory.CreateDirectory(root);
        }
        var temporary = path + $".{Guid.NewGuid():N}.partial";
        try
        {
            await using (var file = Hosting.StateFiles.CreateNewPrivate(temporary))
                await file.WriteAsync(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text), ct).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        return path;
    }

    /// <summary>
    /// Period, number of rows, total cost and currency, and the <paramref name="top"/> largest services,
    /// subscriptions, databases and tags (a last entry {"more", "cost", "rows"} holds the rest of a group).
    /// </summary>
    public static JsonObject Summarize(string text, string format, int top = TopItems)
    {
        List<Dictionary<string, string>> rows;
        string? warning = null;
        try
        {
            rows = format == "json" ? CostReportRows.Json(text) : CostReportRows.Csv(text);
        }
        catch (JsonException)
        {
            rows = [];
            warning = "The file is not valid JSON, so it could not be summarised; it was saved as received.";
        }

        var costColumn = CostColumns.FirstOrDefault(c => rows.Any(r => r.ContainsKey(c)));
        decimal Cost(Dictionary<string, string> row) =>
            costColumn is not null && row.TryGetValue(costColumn, out var v) &&
            decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var cost) ? cost : 0m;

        top = Math.Max(1, top);
        var summary = new JsonObject
        {
            ["rows"] = rows.Count,
            ["periodStart"] = Extreme(rows, "ChargePeriodStart", "BillingPeriodStart", first: true),
            ["periodEnd"] = Extreme(rows, "ChargePeriodEnd", "BillingPeriodEnd", first: false),
            ["totalCost"] = Round(rows.Sum(Cost)),
            ["currency"] = Currencies(rows),
            ["costColumn"] = costColumn,
            ["byService"] = Top(Groups(rows, Cost, ["ServiceName"], []), top),
            ["bySubscription"] = Top(Groups(rows, Cost, SubscriptionIdColumns, SubscriptionNameColumns), top),
        };

        var databaseRows = rows.Where(IsDatabaseRow).ToList();
        if (Column(databaseRows, DatabaseIdColumns) is not null)
        {
            summary["byDatabase"] = Top(Groups(databaseRows, Cost, DatabaseIdColumns, DatabaseNameColumns, SubscriptionIdColumns), top);
            if (rows.Count > databaseRows.Count)
                summary["notDatabases"] = Rest(rows.Count - databaseRows.Count, rows.Where(r => !IsDatabaseRow(r)).Sum(Cost));
        }

        if (Column(rows, TagColumns) is { } tagColumn)
        {
            var tagged = new Dictionary<(string Key, string Value), (decimal Cost, int Rows)>();
            var untagged = (Cost: 0m, Rows: 0);
            foreach (var row in rows)
            {
                var tags = Tags(row.GetValueOrDefault(tagColumn));
                if (tags.Count == 0) untagged = (untagged.Cost + Cost(row), untagged.Rows + 1);
                foreach (var tag in tags)
                    tagged[tag] = tagged.TryGetValue(tag, out var sum) ? (sum.Cost + Cost(row), sum.Rows + 1) : (Cost(row), 1);
            }
            summary["byTag"] = Top(tagged.Select(t => new Group(
                new JsonObject { ["key"] = t.Key.Key, ["value"] = t.Key.Value }, t.Value.Cost, t.Value.Rows, t.Key.Key + "=" + t.Key.Value)).ToList(), top);
            if (untagged.Rows > 0) summary["untagged"] = Rest(untagged.Rows, untagged.Cost);
            if (rows.Any(r => Tags(r.GetValueOrDefault(tagColumn)).Count > 1))
                summary["tagNote"] = "A row with several tags counts under each of them, so byTag adds up to more than totalCost.";
        }

        if (costColumn is null && rows.Count > 0) warning = "No BilledCost column was found, so the costs read as 0.";
        if (warning is not null) summary["warning"] = warning;
        return summary;
    }

    /// <summary>A row about a database: its resource type says so, or the report has no resource type.</summary>
    private static bool IsDatabaseRow(Dictionary<string, string> row) =>
        Value(row, DatabaseIdColumns) is { Length: > 0 } &&
        (row.GetValueOrDefault("ResourceType") is not { Length: > 0 } type || type.Contains("database", StringComparison.OrdinalIgnoreCase));

    private static string? Column(List<Dictionary<string, string>> rows, string[] candidates) =>
        candidates.FirstOrDefault(c => rows.Any(r => r.ContainsKey(c)));

    private static string? Value(Dictionary<string, string> row, string[] candidates) =>
        candidates.Select(row.GetValueOrDefault).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    /// <summary>
    /// The key-value pairs of a FOCUS Tags cell: a JSON object (the FOCUS key-value format), or a list of
    /// {"key", "value"} objects (the shape of the API's tags); anything else is one tag with no value.
    /// </summary>
    internal static List<(string Key, string Value)> Tags(string? cell)
    {
        var tags = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(cell)) return tags;
        try
        {
            using var document = JsonDocument.Parse(cell);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
                foreach (var p in root.EnumerateObject()) tags.Add((p.Name, Text(p.Value)));
            else if (root.ValueKind == JsonValueKind.Array)
                foreach (var item in root.EnumerateArray())
                    if (item.ValueKind == JsonValueKind.Object && CostReportRows.TryGetProperty(item, "key", out var k) && k.ValueKind == JsonValueKind.String)
                        tags.Add((k.GetString()!, CostReportRows.TryGetProperty(item, "value", out var v) ? Text(v) : ""));
            return tags;
        }
        catch (JsonException)
        {
            tags.Add((cell.Trim(), ""));
            return tags;
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };

    private static decimal Round(decimal cost) => Math.Round(cost, 4);

    private static JsonObject Rest(int rows, decimal cost) => new() { ["cost"] = Round(cost), ["rows"] = rows };

    /// <summary>The earliest start (or latest end) as written in the file; ISO timestamps compare by their instant.</summary>
    private static string? Extreme(List<Dictionary<string, string>> rows, string column, string fallback, bool first)
    {
        var name = rows.Any(r => r.ContainsKey(column)) ? column : fallback;
        var values = rows.Select(r => r.GetValueOrDefault(name)).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
        if (values.Count == 0) return null;
        var ordered = values.OrderBy(v => DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.UtcTicks : long.MaxValue)
            .ThenBy(v => v, StringComparer.Ordinal);
        return first ? ordered.First() : ordered.Last();
    }

    private static string? Currencies(List<Dictionary<string, string>> rows)
    {
        var column = CurrencyColumns.FirstOrDefault(c => rows.Any(r => r.ContainsKey(c)));
        if (column is null) return null;
        var values = rows.Select(r => r.GetValueOrDefault(column)).Where(v => !string.IsNullOrWhiteSpace(v)).Distinct(StringComparer.Ordinal).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }

    /// <summary>One entry of a group: what it is (its JSON), its cost and rows, and a key to order ties by.</summary>
    private sealed record Group(JsonObject Entry, decimal Cost, int Rows, string Key);

    /// <summary>Rows grouped by the first present key column, named by the first present name column (and, for
    /// databases, their subscription); null when the report has no key column.</summary>
    private static List<Group>? Groups(List<Dictionary<string, string>> rows, Func<Dictionary<string, string>, decimal> cost,
        string[] keyColumns, string[] nameColumns, string[]? parentColumns = null)
    {
        var key = Column(rows, keyColumns);
        if (key is null) return null;
        var name = Column(rows, nameColumns);
        var parent = parentColumns is null ? null : Column(rows, parentColumns);
        return rows
            .GroupBy(r => r.GetValueOrDefault(key) ?? "", StringComparer.Ordinal)
            .Select(g =>
            {
                var entry = new JsonObject();
                if (name is null) entry["name"] = g.Key;
                else
                {
                    entry["id"] = g.Key;
                    entry["name"] = g.Select(r => r.GetValueOrDefault(name)).FirstOrDefault(n => !string.IsNullOrEmpty(n));
                }
                if (parent is not null && g.Select(r => r.GetValueOrDefault(parent)).FirstOrDefault(p => !string.IsNullOrEmpty(p)) is { } p)
                    entry["subscriptionId"] = p;
                return new Group(entry, g.Sum(cost), g.Count(), g.Key);
            })
            .ToList();
    }

    /// <summary>The <paramref name="top"/> largest groups by cost, then one entry for the rest: {"more": K, "cost", "rows"}.</summary>
    private static JsonArray? Top(List<Group>? groups, int top)
    {
        if (groups is null) return null;
        var ordered = groups.OrderByDescending(g => g.Cost).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var items = new JsonArray();
        foreach (var g in ordered.Take(top))
        {
            var item = (JsonObject)g.Entry.DeepClone();
            item["cost"] = Round(g.Cost);
            item["rows"] = g.Rows;
            items.Add((JsonNode)item);
        }
        if (ordered.Count > top)
        {
            var rest = ordered.Skip(top).ToList();
            items.Add((JsonNode)new JsonObject { ["more"] = rest.Count, ["cost"] = Round(rest.Sum(g => g.Cost)), ["rows"] = rest.Sum(g => g.Rows) });
        }
        return items;
    }
}
