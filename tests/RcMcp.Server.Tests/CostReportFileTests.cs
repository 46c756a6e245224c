using RcMcp.Server.Tools.Logs;

namespace RcMcp.Server.Tests;

/// <summary>The summary get_cost_report returns instead of the file: CSV with quoting, JSON in either shape, safe names.</summary>
public class CostReportFileTests
{
    private const string Csv =
        "\uFEFFBilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ServiceName,SubAccountId,SubAccountName,ChargeDescription\r\n" +
        "1.5,USD,2025-01-02T00:00:00Z,2025-01-03T00:00:00Z,Redis Cloud Pro,11,\"shop, eu\",\"a \"\"quoted\"\", multi\nline text\"\r\n" +
        "2.25,USD,2025-01-01T00:00:00Z,2025-01-02T00:00:00Z,Redis Cloud Pro,12,web,plain\n" +
        "\r\n" +
        "0.25,USD,2025-01-03T00:00:00Z,2025-01-04T00:00:00Z,Redis Cloud Essentials,11,\"shop, eu\",x";

    [Fact]
    public void Csv_with_quoted_fields_line_breaks_and_a_bom_is_summarised()
    {
        var summary = CostReportFile.Summarize(Csv, "csv");

        ((int)summary["rows"]!).ShouldBe(3);
        ((decimal)summary["totalCost"]!).ShouldBe(4.0m);
        ((string)summary["currency"]!).ShouldBe("USD");
        ((string)summary["periodStart"]!).ShouldBe("2025-01-01T00:00:00Z");
        ((string)summary["periodEnd"]!).ShouldBe("2025-01-04T00:00:00Z");
        var services = summary["byService"]!.AsArray();
        ((string)services[0]!["name"]!).ShouldBe("Redis Cloud Pro");
        ((decimal)services[0]!["cost"]!).ShouldBe(3.75m);
        var subscriptions = summary["bySubscription"]!.AsArray();
        ((string)subscriptions[0]!["id"]!).ShouldBe("12");
        ((string)subscriptions[1]!["name"]!).ShouldBe("shop, eu");
        ((decimal)subscriptions[1]!["cost"]!).ShouldBe(1.75m);
    }

    /// <summary>FOCUS rows of three databases in two subscriptions, a networking row, and tags as key-value JSON.</summary>
    private const string Focus =
        "BilledCost,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ServiceName,SubAccountId,SubAccountName,ResourceId,ResourceName,ResourceType,Tags\r\n" +
        "10.5,USD,2025-03-01T00:00:00Z,2025-03-02T00:00:00Z,Redis Cloud Pro,11,shop,501,orders,Database,\"{\"\"team\"\":\"\"web\"\",\"\"env\"\":\"\"prod\"\"}\"\r\n" +
        "10.5,USD,2025-03-02T00:00:00Z,2025-03-03T00:00:00Z,Redis Cloud Pro,11,shop,501,orders,Database,\"{\"\"team\"\":\"\"web\"\",\"\"env\"\":\"\"prod\"\"}\"\r\n" +
        "4.25,USD,2025-03-01T00:00:00Z,2025-03-02T00:00:00Z,Redis Cloud Pro,11,shop,502,sessions,Database,\"{\"\"team\"\":\"\"web\"\"}\"\r\n" +
        "3,USD,2025-03-01T00:00:00Z,2025-03-02T00:00:00Z,Redis Cloud Pro,12,analytics,601,events,Database,{}\r\n" +
        "1.75,USD,2025-03-01T00:00:00Z,2025-03-02T00:00:00Z,Redis Cloud Pro,12,analytics,12,analytics,Networking,\r\n";

    [Fact]
    public void Focus_rows_are_summarised_by_database_tag_and_subscription_with_the_period()
    {
        var summary = CostReportFile.Summarize(Focus, "csv");

        ((decimal)summary["totalCost"]!).ShouldBe(30m);
        ((string)summary["currency"]!).ShouldBe("USD");
        ((string)summary["periodStart"]!).ShouldBe("2025-03-01T00:00:00Z");
        ((string)summary["periodEnd"]!).ShouldBe("2025-03-03T00:00:00Z");

        var databases = summary["byDatabase"]!.AsArray().Select(d => ((string?)d!["id"], (string?)d["name"], (string?)d["subscriptionId"], (decimal)d["cost"]!, (int)d["rows"]!)).ToList();
        databases.ShouldBe([("501", "orders", "11", 21m, 2), ("502", "sessions", "11", 4.25m, 1), ("601", "events", "12", 3m, 1)]);
        // The networking row is no database: counted apart, not lost.
        ((decimal)summary["notDatabases"]!["cost"]!).ShouldBe(1.75m);

        var tags = summary["byTag"]!.AsArray().Select(t => ((string?)t!["key"], (string?)t["value"], (decimal)t["cost"]!)).ToList();
        tags.ShouldBe([("team", "web", 25.25m), ("env", "prod", 21m)]);
        ((decimal)summary["untagged"]!["cost"]!).ShouldBe(4.75m);
        ((int)summary["untagged"]!["rows"]!).ShouldBe(2);
        ((string)summary["tagNote"]!).ShouldContain("several tags");

        var subscriptions = summary["bySubscription"]!.AsArray();
        ((string)subscriptions[0]!["name"]!).ShouldBe("shop");
        ((decimal)subscriptions[0]!["cost"]!).ShouldBe(25.25m);
    }

    [Fact]
    public void Each_group_shows_its_largest_entries_and_sums_the_rest_in_one_line()
    {
        var summary = CostReportFile.Summarize(Focus, "csv", top: 1);

        var databases = summary["byDatabase"]!.AsArray();
        databases.Count.ShouldBe(2);
        ((string)databases[0]!["name"]!).ShouldBe("orders");
        ((int)databases[1]!["more"]!).ShouldBe(2);
        ((decimal)databases[1]!["cost"]!).ShouldBe(7.25m);
        ((int)databases[1]!["rows"]!).ShouldBe(2);
        ((int)summary["byTag"]!.AsArray()[1]!["more"]!).ShouldBe(1);
        summary["bySubscription"]!.AsArray().Count.ShouldBe(2, "two subscriptions: one shown, one summed");
    }

    [Theory]
    [InlineData("""{"team":"web","tier":3}""", "team=web,tier=3")]
    [InlineData("""[{"key":"team","value":"web"},{"key":"env","value":"prod"}]""", "team=web,env=prod")]
    [InlineData("{}", "")]
    [InlineData("", "")]
    [InlineData("legacy-label", "legacy-label=")]
    public void Tags_are_read_as_the_report_gives_them(string cell, string expected) =>
        string.Join(",", CostReportFile.Tags(cell).Select(t => $"{t.Key}={t.Value}")).ShouldBe(expected);

    [Fact]
    public void Json_rows_with_tags_as_objects_are_grouped_too()
    {
        const string json = """
            [{"BilledCost":2,"ResourceId":"7","ResourceName":"a","Tags":{"team":"web"}},
             {"BilledCost":1,"ResourceId":"8","ResourceName":"b","Tags":{}}]
            """;
        var summary = CostReportFile.Summarize(json, "json");

        ((string)summary["byDatabase"]![0]!["name"]!).ShouldBe("a");
        ((string)summary["byTag"]![0]!["value"]!).ShouldBe("web");
        ((decimal)summary["untagged"]!["cost"]!).ShouldBe(1m);
        summary.ContainsKey("notDatabases").ShouldBeFalse();
        summary.ContainsKey("tagNote").ShouldBeFalse();
    }

    [Fact]
    public void Csv_records_keep_commas_quotes_and_line_breaks_inside_quotes()
    {
        var records = CostReportRows.CsvRecords("a,\"b,c\",\"d \"\"e\"\"\"\r\n\"f\ng\",,h").ToList();

        records.Count.ShouldBe(2);
        records[0].ShouldBe(["a", "b,c", "d \"e\""]);
        records[1].ShouldBe(["f\ng", "", "h"]);
    }

    [Theory]
    [InlineData("""[{"BilledCost":1.25,"ServiceName":"Redis Cloud Pro","SubAccountId":"7"},{"BilledCost":"0.75","ServiceName":"Redis Cloud Pro","SubAccountId":"7"}]""")]
    [InlineData("""{"rows":[{"billedcost":1.25,"ServiceName":"Redis Cloud Pro","SubAccountId":"7"},{"BilledCost":0.75,"ServiceName":"Redis Cloud Pro","SubAccountId":"7"}]}""")]
    public void Json_rows_as_an_array_or_inside_an_object_are_summarised(string json)
    {
        var summary = CostReportFile.Summarize(json, "json");

        ((int)summary["rows"]!).ShouldBe(2);
        ((decimal)summary["totalCost"]!).ShouldBe(2.0m);
        ((int)summary["bySubscription"]![0]!["rows"]!).ShouldBe(2);
    }

    [Fact]
    public void Invalid_json_is_reported_not_thrown()
    {
        var summary = CostReportFile.Summarize("[{\"BilledCost\":", "json");

        ((int)summary["rows"]!).ShouldBe(0);
        ((string)summary["warning"]!).ShouldContain("not valid JSON");
    }

    [Theory]
    [InlineData("abc.json", "", "json")]
    [InlineData("abc.CSV", "[]", "csv")]
    [InlineData("abc", " [ ]", "json")]
    [InlineData("abc", "BilledCost\r\n", "csv")]
    public void Format_comes_from_the_id_else_from_the_content(string id, string text, string format) =>
        CostReportFile.DetectFormat(id, text).ShouldBe(format);

    [Fact]
    public async Task Saved_file_is_named_after_the_id_and_stays_in_the_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"rcmcp-report-test-{Guid.NewGuid():N}");
        try
        {
            var path = await CostReportFile.SaveAsync(folder, "r-1", "csv", "a\r\n", CancellationToken.None);
            path.ShouldBe(Path.Combine(Path.GetFullPath(folder), "r-1.csv"));
            (await File.ReadAllTextAsync(path)).ShouldBe("a\r\n");
            (await CostReportFile.SaveAsync(folder, "r-2.json", "json", "[]", CancellationToken.None)).ShouldEndWith("r-2.json");
            await Should.ThrowAsync<IOException>(() => CostReportFile.SaveAsync(folder, "../escape", "csv", "x", CancellationToken.None));
            Directory.GetFiles(folder).Select(Path.GetFileName).ShouldBe(["r-1.csv", "r-2.json"], ignoreOrder: true);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
