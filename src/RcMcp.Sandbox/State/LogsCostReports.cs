using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>A validated createCostReport body (spec schema CostReportCreateRequest).</summary>
internal sealed record CostReportRequest(
    DateOnly Start,
    DateOnly End,
    string Format,
    IReadOnlyList<int>? SubscriptionIds,
    IReadOnlyList<int>? DatabaseIds,
    string? SubscriptionType,
    IReadOnlyList<string>? Regions,
    IReadOnlyList<(string Key, string Value)>? Tags)
{
    /// <summary>The longest period of one report: endDate minus startDate, in days.</summary>
    public const int MaxDays = 40;

    /// <summary>Reads the body: 400 for a missing or malformed field, 422 for a period the service refuses.</summary>
    public static CostReportRequest Read(JsonBody body)
    {
        var start = Day(body, "startDate", "COST_REPORT_START_DATE_IS_MISSING");
        var end = Day(body, "endDate", "COST_REPORT_END_DATE_IS_MISSING");
        if (end < start)
            throw ApiException.Unprocessable("COST_REPORT_END_DATE_BEFORE_START_DATE", $"'endDate' ({end:yyyy-MM-dd}) is before 'startDate' ({start:yyyy-MM-dd}).");
        if (end.DayNumber - start.DayNumber > MaxDays)
            throw ApiException.Unprocessable("COST_REPORT_DATE_RANGE_EXCEEDS_LIMIT", $"A cost report covers at most {MaxDays} days; this one spans {end.DayNumber - start.DayNumber}.");

        var tags = body.Objects("tags")?.Select(tag =>
        {
            var key = tag.Str("key");
            if (string.IsNullOrEmpty(key))
                throw ApiException.BadRequest("COST_REPORT_TAG_KEY_EMPTY", $"'{tag.Field("key")}' must not be empty.");
            var value = tag.Str("value");
            if (string.IsNullOrEmpty(value))
                throw ApiException.BadRequest("COST_REPORT_TAG_VALUE_EMPTY", $"'{tag.Field("value")}' must not be empty.");
            return (key, value);
        }).ToList();

        return new CostReportRequest(
            start,
            end,
            body.Enum("format", "json", "csv") ?? "csv",
            body.Ints("subscriptionIds"),
            body.Ints("databaseIds"),
            body.Enum("subscriptionType", "pro", "essentials"),
            body.Strings("regions"),
            tags);
    }

    /// <summary>The service generates reports only for the past and today.</summary>
    public void EnsureNotInFuture(DateTimeOffset now)
    {
        if (End > DateOnly.FromDateTime(now.UtcDateTime))
            throw ApiException.Unprocessable("COST_REPORT_FUTURE_DATES_NOT_ALLOWED", $"'endDate' ({End:yyyy-MM-dd}) is in the future; reports end today at the latest.");
    }

    private static DateOnly Day(JsonBody body, string name, string missingCode)
    {
        if (!body.Has(name))
            throw ApiException.BadRequest(missingCode, $"'{name}' is required (YYYY-MM-DD).");
        var text = body.Str(name)!;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw ApiException.BadRequest("COST_REPORT_INVALID_DATE_FORMAT", $"'{name}' must be a date in the format YYYY-MM-DD.");
    }
}

/// <summary>
/// Cost reports generated from the account's own resources and prices: one FOCUS row per Pro database, region and
/// day of the period from the day the database became active (the sandbox keeps no usage history, so a database is
/// billed 24 hours a day at its shard-hour price from <see cref="Pricing"/>; deleted databases are not in it). The
/// database is the row's resource (ResourceId, ResourceName, ResourceType "Database"), its subscription the
/// sub-account, and its tags the FOCUS Tags column: a key-value object (in CSV, that object as JSON text). A tags
/// filter keeps the databases that carry at least one of the given key-value pairs. Essentials plans have no price
/// in the sandbox: that filter yields no rows.
/// </summary>
internal sealed partial class LogsState
{
    private const int MaxReports = 50;

    /// <summary>The FOCUS columns of a report, in file order.</summary>
    public static readonly string[] CostReportColumns =
    [
        "BillingAccountId", "BillingAccountName", "BillingAccountType", "SubAccountId", "SubAccountName", "PublisherName",
        "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd", "ChargeCategory", "ChargeDescription",
        "ChargeFrequency", "BilledCost", "BillingCurrency", "ListCost", "ListUnitPrice", "ContractedCost", "ContractedUnitPrice",
        "EffectiveCost", "PricingCategory", "PricingCurrency", "PricingQuantity", "PricingUnit", "ConsumedQuantity", "ConsumedUnit",
        "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType", "ServiceCategory", "ServiceName", "ServiceSubcategory",
        "Tags", "SkuPriceDetails",
    ];

    private readonly Dictionary<string, (string Format, string Content)> reports = new(StringComparer.Ordinal);
    private readonly Queue<string> reportOrder = new();

    /// <summary>Starts the task that generates a report; its response.resource carries the costReportId.</summary>
    public SandboxTask StartCostReport(AccountState owner, CostReportRequest request, DateTimeOffset now) =>
        owner.Tasks.Start("costReportCreateRequest", now, completedAt =>
        {
            var rows = CostRows(owner, request, completedAt).ToList();
            var id = $"{Guid.NewGuid()}.{request.Format}";
            reports[id] = (request.Format, request.Format == "json" ? Json(rows) : Csv(rows));
            reportOrder.Enqueue(id);
            while (reportOrder.Count > MaxReports) reports.Remove(reportOrder.Dequeue());
            return TaskOutcome.Success(resource: new JsonObject { ["costReportId"] = id });
        });

    /// <summary>A generated report's file; 404 for an unknown id (or one whose task has not finished).</summary>
    public (string Format, string Content) CostReport(string costReportId) =>
        reports.TryGetValue(costReportId, out var report)
            ? report
            : throw ApiException.NotFound("COST_REPORT_NOT_FOUND", $"Cost report {costReportId} was not found in this account; create one with POST /cost-report and use the costReportId of its finished task.");

    private static IEnumerable<JsonObject> CostRows(AccountState owner, CostReportRequest request, DateTimeOffset now)
    {
        if (request.SubscriptionType == "essentials") yield break;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var subscription in owner.Subscriptions)
        {
            if (request.SubscriptionIds is { } subscriptions && !subscriptions.Contains(subscription.Id)) continue;
            foreach (var database in subscription.Databases)
            {
                if (request.DatabaseIds is { } databases && !databases.Contains(database.Id)) continue;
                if (database.ActivatedOn is not { } activated) continue;
                var tags = owner.Databases.Tags(database);
                if (request.Tags is { Count: > 0 } wanted && !wanted.Any(w => tags.Any(t => t.Key == w.Key && t.Value == w.Value))) continue;
                var first = DateOnly.FromDateTime(activated.UtcDateTime);
                foreach (var price in Pricing.Quote([database])["pricing"]!.AsArray())
                {
                    var region = (string)price!["region"]!;
                    if (request.Regions is { } regions && !regions.Contains(region, StringComparer.Ordinal)) continue;
                    var provider = subscription.Regions.FirstOrDefault(r => r.Region == region)?.Provider ?? "AWS";
                    for (var day = Max(request.Start, first); day <= request.End && day <= today; day = day.AddDays(1))
                        yield return Row(owner, subscription, database, tags, provider, region, (int)price["quantity"]!, (decimal)(double)price["pricePerUnit"]!, day);
                }
            }
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static JsonObject Row(AccountState owner, Subscription subscription, Database database, IReadOnlyList<DatabaseTag> tags,
        string provider, string region, int shards, decimal shardHour, DateOnly day)
    {
        var start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var month = new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var hours = shards * 24m;
        var cost = Math.Round(hours * shardHour, 4);
        return new JsonObject
        {
            ["BillingAccountId"] = owner.Id.ToString(CultureInfo.InvariantCulture),
            ["BillingAccountName"] = owner.Name,
            ["BillingAccountType"] = "Redis Cloud",
            ["SubAccountId"] = subscription.Id.ToString(CultureInfo.InvariantCulture),
            ["SubAccountName"] = subscription.Name,
            ["PublisherName"] = "redis.io",
            ["BillingPeriodStart"] = Instant(month),
            ["BillingPeriodEnd"] = Instant(month.AddMonths(1)),
            ["ChargePeriodStart"] = Instant(start),
            ["ChargePeriodEnd"] = Instant(start.AddDays(1)),
            ["ChargeCategory"] = "Usage",
            ["ChargeDescription"] = $"Redis Cloud Pro database {database.Name}, {shards} shard(s) x 24 hours in {provider} {region}",
            ["ChargeFrequency"] = "Recurring",
            ["BilledCost"] = cost,
            ["BillingCurrency"] = "USD",
            ["ListCost"] = cost,
            ["ListUnitPrice"] = shardHour,
            ["ContractedCost"] = cost,
            ["ContractedUnitPrice"] = shardHour,
            ["EffectiveCost"] = cost,
            ["PricingCategory"] = "Standard",
            ["PricingCurrency"] = "USD",
            ["PricingQuantity"] = hours,
            ["PricingUnit"] = "Hours",
            ["ConsumedQuantity"] = hours,
            ["ConsumedUnit"] = "Hours",
            ["RegionId"] = region,
            ["RegionName"] = $"{provider} {region}",
            ["ResourceId"] = database.Id.ToString(CultureInfo.InvariantCulture),
            ["ResourceName"] = database.Name,
            ["ResourceType"] = "Database",
            ["ServiceCategory"] = "Databases",
            ["ServiceName"] = "Redis Cloud Pro",
            ["ServiceSubcategory"] = "Caching",
            ["Tags"] = new JsonObject(tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))),
            ["SkuPriceDetails"] = new JsonObject
            {
                ["shards"] = shards,
                ["replication"] = database.Replication,
                ["memoryLimitInGb"] = database.MemoryLimitInGb,
                ["throughput"] = $"{database.Throughput.Value} {database.Throughput.By}",
            },
        };
    }

    private static string Instant(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Json(List<JsonObject> rows) => SandboxJson.Serialize(rows.ToJsonArray());

    /// <summary>RFC 4180: a header line, then one line per row; fields with commas, quotes or line breaks are quoted.</summary>
    private static string Csv(List<JsonObject> rows)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', CostReportColumns).Append("\r\n");
        foreach (var row in rows)
            text.AppendJoin(',', CostReportColumns.Select(c => Field(row[c]))).Append("\r\n");
        return text.ToString();
    }

    private static string Field(JsonNode? value)
    {
        var text = value switch
        {
            null => "",
            JsonValue v when v.TryGetValue(out string? s) => s,
            JsonValue v when v.TryGetValue(out decimal d) => d.ToString(CultureInfo.InvariantCulture),
            _ => value.ToJsonString(),
        };
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
