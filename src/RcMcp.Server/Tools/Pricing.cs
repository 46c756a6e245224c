using System.Globalization;
using System.Text.Json.Nodes;

namespace RcMcp.Server.Tools;

/// <summary>Turns the API's dry-run pricing lines into one sentence a person can approve.</summary>
public static class Pricing
{
    public static string? Summarize(JsonNode? dryRunResult)
    {
        if (dryRunResult?["pricing"] is not JsonArray lines || lines.Count == 0) return null;
        var totals = new Dictionary<(string Currency, string Period), double>();
        foreach (var line in lines.OfType<JsonObject>())
        {
            var quantity = Number(line["quantity"]) ?? 1;
            var unit = Number(line["pricePerUnit"]);
            if (unit is null) continue;
            var key = ((string?)line["priceCurrency"] ?? "USD", (string?)line["pricePeriod"] ?? "hour");
            totals[key] = totals.GetValueOrDefault(key) + quantity * unit.Value;
        }
        if (totals.Count == 0) return null;
        return string.Join(" + ", totals.Select(t => $"{t.Value.ToString("0.####", CultureInfo.InvariantCulture)} {t.Key.Currency} per {t.Key.Period}"))
               + $" (from {lines.Count} pricing line(s) of the dry run)";
    }

    /// <summary>A dry run's result without its pricing lines (for a change that does not alter the price); null when nothing else is left.</summary>
    public static JsonNode? Without(JsonNode? dryRunResult)
    {
        if (dryRunResult is not JsonObject result || !result.ContainsKey("pricing")) return dryRunResult;
        var rest = (JsonObject)result.DeepClone();
        rest.Remove("pricing");
        return rest.Count == 0 ? null : rest;
    }

    private static double? Number(JsonNode? n) => n is JsonValue v && v.TryGetValue(out double d) ? d
        : n is JsonValue i && i.TryGetValue(out long l) ? l : null;
}
