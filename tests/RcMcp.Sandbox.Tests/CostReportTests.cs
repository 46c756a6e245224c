using System.Globalization;
using System.Net;
using System.Text.Json;
using RcMcp.Sandbox.Tests.Infrastructure;
using static RcMcp.Sandbox.Tests.Infrastructure.RawClient;

namespace RcMcp.Sandbox.Tests;

/// <summary>Cost report routes: generation through a task, CSV and JSON rows, filters, refusals.</summary>
public sealed class CostReportTests
{
    [Fact]
    public async Task Cost_report_is_generated_by_a_task_from_the_accounts_databases_and_prices()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(time: clock);
        var client = sandbox.Client;

        var created = await client.PostAsync("/cost-report", new { startDate = "2025-12-20", endDate = "2026-01-01" });
        created.Status.ShouldBe(HttpStatusCode.Accepted);
        created.Json.Str("commandType").ShouldBe("costReportCreateRequest");
        created.Json.Str("status").ShouldBe("received");
        clock.Advance(TimeSpan.FromSeconds(5));
        var task = (await client.GetAsync($"/tasks/{created.TaskId}")).Json;
        task.Str("status").ShouldBe("processing-completed");
        var id = task.Str("response.resource.costReportId");
        id.ShouldMatch("^[0-9a-f-]{36}\\.csv$");

        using var http = Http(sandbox);
        using var file = await http.GetAsync($"cost-report/{id}");
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        file.Content.Headers.ContentType!.MediaType.ShouldBe("application/octet-stream");
        file.Content.Headers.ContentDisposition!.FileName.ShouldBe(id);
        var lines = (await file.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        var header = lines[0].Split(',');
        header.ShouldContain("BilledCost");
        header.ShouldContain("ChargePeriodStart");
        header.ShouldContain("SubAccountId");
        header.ShouldContain("ServiceName");
        // Databases became active on 2026-01-01: one row for the Pro database, one per region for the Active-Active one.
        lines.Length.ShouldBe(4);
        var rows = lines.Skip(1).Select(l => Csv(header, l)).ToList();
        rows.Select(r => (r["ResourceId"], r["RegionId"])).ShouldBe([("5000001", "us-east-1"), ("5000002", "us-east-1"), ("5000002", "eu-west-1")]);
        rows.ShouldAllBe(r => r["BilledCost"] == "5.952" && r["ListUnitPrice"] == "0.124" && r["PricingQuantity"] == "48" && r["BillingCurrency"] == "USD");
        rows.ShouldAllBe(r => r["ChargePeriodStart"] == "2026-01-01T00:00:00Z" && r["ChargePeriodEnd"] == "2026-01-02T00:00:00Z");
        rows[0]["SubAccountName"].ShouldBe("sandbox-pro");
        rows[0]["ServiceName"].ShouldBe("Redis Cloud Pro");
        rows[0]["SkuPriceDetails"].ShouldContain("\"shards\":2");

        (await client.GetAsync("/logs?limit=1")).Json.Str("entries.0.description").ShouldStartWith($"Cost report {id} was created");

        // The file is application/octet-stream: a client that accepts only JSON is refused.
        using var jsonOnly = new HttpRequestMessage(HttpMethod.Get, $"cost-report/{id}");
        jsonOnly.Headers.Accept.ParseAdd("application/json");
        using var refused = await http.SendAsync(jsonOnly);
        refused.StatusCode.ShouldBe(HttpStatusCode.NotAcceptable);
        using var both = new HttpRequestMessage(HttpMethod.Get, $"cost-report/{id}");
        both.Headers.Accept.ParseAdd("application/json, */*");
        (await http.SendAsync(both)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Json_report_rows_are_objects_with_numbers_and_filters_narrow_them()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var weekAgo = DateTime.UtcNow.AddDays(-7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var http = Http(sandbox);

        async Task<JsonElement[]> Report(object body)
        {
            var task = await sandbox.Client.RunTaskAsync(HttpMethod.Post, "/cost-report", body);
            var text = await http.GetStringAsync($"cost-report/{task.Str("response.resource.costReportId")}");
            return JsonDocument.Parse(text).RootElement.EnumerateArray().ToArray();
        }

        (await sandbox.Client.PutAsync("/subscriptions/100001/databases/5000001/tags",
            new { tags = new[] { new { key = "team", value = "web" }, new { key = "env", value = "prod" } } })).Status.ShouldBe(HttpStatusCode.OK);

        var all = await Report(new { startDate = weekAgo, endDate = today, format = "json" });
        var one = await Report(new { startDate = weekAgo, endDate = today, format = "json", subscriptionIds = new[] { 100001 } });
        var europe = await Report(new { startDate = weekAgo, endDate = today, format = "json", regions = new[] { "eu-west-1" } });
        var database = await Report(new { startDate = weekAgo, endDate = today, format = "json", databaseIds = new[] { 5000002 } });
        var essentials = await Report(new { startDate = weekAgo, endDate = today, format = "json", subscriptionType = "essentials" });
        var tagged = await Report(new { startDate = weekAgo, endDate = today, format = "json", tags = new[] { new { key = "team", value = "web" } } });
        var untagged = await Report(new { startDate = weekAgo, endDate = today, format = "json", tags = new[] { new { key = "team", value = "data" } } });

        all.Length.ShouldBe(3);
        all.ShouldAllBe(r => r.GetProperty("BilledCost").GetDecimal() == 5.952m && r.GetProperty("Tags").ValueKind == JsonValueKind.Object);
        // Each row names its database and carries the database's tags as a FOCUS key-value object.
        all.Select(r => (r.GetProperty("ResourceId").GetString(), r.GetProperty("ResourceName").GetString(), r.GetProperty("ResourceType").GetString()))
            .ShouldBe([("5000001", "sandbox-cache", "Database"), ("5000002", "sandbox-global", "Database"), ("5000002", "sandbox-global", "Database")]);
        all[0].GetProperty("Tags").GetRawText().ShouldBe("""{"team":"web","env":"prod"}""");
        all[1].GetProperty("Tags").EnumerateObject().ShouldBeEmpty();
        one.ShouldHaveSingleItem().GetProperty("SubAccountId").GetString().ShouldBe("100001");
        europe.ShouldHaveSingleItem().GetProperty("RegionId").GetString().ShouldBe("eu-west-1");
        database.Length.ShouldBe(2);
        essentials.ShouldBeEmpty();
        tagged.ShouldHaveSingleItem().GetProperty("ResourceId").GetString().ShouldBe("5000001");
        untagged.ShouldBeEmpty();
    }

    [Fact]
    public async Task Unknown_report_id_is_a_404()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        using var http = Http(sandbox);

        using var unknown = await http.GetAsync("cost-report/4b1f0c55-0000-4000-8000-000000000000.csv");

        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("COST_REPORT_NOT_FOUND");
    }

    [Theory]
    [InlineData("""{"endDate":"2026-01-01"}""", 400, "COST_REPORT_START_DATE_IS_MISSING")]
    [InlineData("""{"startDate":"2026-01-01"}""", 400, "COST_REPORT_END_DATE_IS_MISSING")]
    [InlineData("""{"startDate":"2026/01/01","endDate":"2026-01-01"}""", 400, "COST_REPORT_INVALID_DATE_FORMAT")]
    [InlineData("""{"startDate":"2025-12-01","endDate":"2025-02-30"}""", 400, "COST_REPORT_INVALID_DATE_FORMAT")]
    [InlineData("""{"startDate":"2026-01-01","endDate":"2025-12-31"}""", 422, "COST_REPORT_END_DATE_BEFORE_START_DATE")]
    [InlineData("""{"startDate":"2025-11-21","endDate":"2026-01-01"}""", 422, "COST_REPORT_DATE_RANGE_EXCEEDS_LIMIT")]
    [InlineData("""{"startDate":"2025-12-31","endDate":"2026-01-02"}""", 422, "COST_REPORT_FUTURE_DATES_NOT_ALLOWED")]
    [InlineData("""{"startDate":"2025-12-31","endDate":"2026-01-01","tags":[{"key":"","value":"x"}]}""", 400, "COST_REPORT_TAG_KEY_EMPTY")]
    [InlineData("""{"startDate":"2025-12-31","endDate":"2026-01-01","tags":[{"key":"team"}]}""", 400, "COST_REPORT_TAG_VALUE_EMPTY")]
    [InlineData("""{"startDate":"2025-12-31","endDate":"2026-01-01","format":"xml"}""", 400, "BAD_REQUEST")]
    [InlineData("""{"startDate":"2025-12-31","endDate":"2026-01-01","subscriptionIds":["x"]}""", 400, "BAD_REQUEST")]
    public async Task Invalid_cost_report_requests_are_refused_and_start_no_task(string body, int status, string code)
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(time: clock);

        var response = await sandbox.Client.PostAsync("/cost-report", body);

        ((int)response.Status).ShouldBe(status);
        response.ErrorType.ShouldBe(code);
        (await sandbox.Client.GetAsync("/tasks")).Json.Items("tasks").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_40_day_period_ending_today_is_accepted()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(time: clock);

        var response = await sandbox.Client.PostAsync("/cost-report", new { startDate = "2025-11-22", endDate = "2026-01-01", format = "csv" });

        response.Status.ShouldBe(HttpStatusCode.Accepted);
    }

    /// <summary>One CSV line (quoted fields may hold commas and doubled quotes) by column name.</summary>
    private static Dictionary<string, string> Csv(string[] header, string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        fields.Count.ShouldBe(header.Length, line);
        return header.Zip(fields).ToDictionary(p => p.First, p => p.Second);
    }
}
