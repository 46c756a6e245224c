using System.Globalization;
using System.Net;
using System.Text.Json;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

/// <summary>Reference data (payment methods, regions, modules, persistence, scaling factors), system and session logs, cost reports.</summary>
public sealed class ReferenceAndLogsTests
{
    // ---- Reference data ----

    [Fact]
    public async Task Payment_methods_list_the_card_subscriptions_use_by_default()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.GetAsync("/payment-methods");

        response.Status.ShouldBe(HttpStatusCode.OK);
        response.Json.Int("accountId").ShouldBe(1001);
        var method = response.Json.Items("paymentMethods").ShouldHaveSingleItem();
        method.Int("id").ShouldBe(1234);
        method.Str("type").ShouldBe("Visa");
        method.Int("expirationYear").ShouldBeGreaterThan(2025);
        (await sandbox.Client.GetAsync("/subscriptions/100001")).Json.Int("paymentMethodId").ShouldBe(method.Int("id"));
    }

    [Fact]
    public async Task Regions_list_both_providers_with_the_services_ids_and_filter_by_provider()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var all = (await sandbox.Client.GetAsync("/regions")).Json.Items("regions");
        var aws = await sandbox.Client.GetAsync("/regions?provider=AWS");
        var gcp = await sandbox.Client.GetAsync("/regions?provider=GCP");

        all.Select(r => r.Str("provider")).Distinct().ShouldBe(["AWS", "GCP"]);
        all.Single(r => r.Str("name") == "us-east-1").Int("id").ShouldBe(1);
        all.Single(r => r.Str("name") == "europe-west1").Int("id").ShouldBe(35);
        all.Select(r => r.Int("id")).ShouldBeUnique();
        aws.Status.ShouldBe(HttpStatusCode.OK);
        aws.Json.Items("regions").ShouldAllBe(r => r.Str("provider") == "AWS");
        gcp.Json.Items("regions").ShouldAllBe(r => r.Str("provider") == "GCP");
        (aws.Json.Items("regions").Length + gcp.Json.Items("regions").Length).ShouldBe(all.Length);
    }

    [Fact]
    public async Task Every_listed_region_is_one_a_subscription_can_be_created_in()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var regions = (await sandbox.Client.GetAsync("/regions")).Json.Items("regions");

        foreach (var region in regions)
        {
            var body = new
            {
                name = "probe-" + region.Str("name"),
                dryRun = true,
                cloudProviders = new[] { new { provider = region.Str("provider"), regions = new[] { new { region = region.Str("name") } } } },
                databases = new[] { new { name = "db", protocol = "redis", datasetSizeInGb = 1 } },
            };
            var task = await sandbox.Client.RunTaskAsync(HttpMethod.Post, "/subscriptions", body);
            task.Str("status").ShouldBe("processing-completed", region.ToString());
        }
    }

    [Fact]
    public async Task Unknown_provider_is_a_400()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.GetAsync("/regions?provider=Azure");

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.ErrorDescription.ShouldContain("provider");
    }

    [Fact]
    public async Task Modules_are_the_ones_databases_accept_with_their_capabilities_and_parameters()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var modules = (await sandbox.Client.GetAsync("/database-modules")).Json.Items("modules");

        modules.Select(m => m.Str("name")).ShouldBe(["RediSearch", "RedisBloom", "RedisJSON", "RedisTimeSeries"], ignoreOrder: true);
        modules.ShouldAllBe(m => m.Str("capabilityName").Length > 0 && m.Str("description").Length > 10 && m.At("parameters").ValueKind == JsonValueKind.Array);
        var search = modules.Single(m => m.Str("name") == "RediSearch");
        search.Str("capabilityName").ShouldBe("Search and query");
        search.Str("parameters.0.name").ShouldBe("number-of-documents");
        search.Str("parameters.0.type").ShouldBe("integer");
        foreach (var module in modules)
        {
            var created = await sandbox.Client.PostAsync("/subscriptions/100001/databases",
                new { name = "m-" + module.Str("name").ToLowerInvariant(), dryRun = true, modules = new[] { new { name = module.Str("name") } } });
            created.Status.ShouldBe(HttpStatusCode.Accepted, module.Str("name"));
        }
    }

    [Fact]
    public async Task Persistence_options_are_the_values_a_database_accepts()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var options = (await sandbox.Client.GetAsync("/data-persistence")).Json.Items("dataPersistence");

        options.Select(o => o.Str("name")).ShouldBe(
            ["none", "aof-every-1-second", "aof-every-write", "snapshot-every-1-hour", "snapshot-every-6-hours", "snapshot-every-12-hours"]);
        options.ShouldAllBe(o => o.Str("description").Length > 0);
        foreach (var option in options)
        {
            var update = await sandbox.Client.PutAsync(Sample.ProDatabase, new { dryRun = true, dataPersistence = option.Str("name") });
            update.Status.ShouldBe(HttpStatusCode.Accepted, option.Str("name"));
        }
    }

    [Fact]
    public async Task Scaling_factors_are_listed_from_2x_to_16x()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.GetAsync("/query-performance-factors");

        response.Status.ShouldBe(HttpStatusCode.OK);
        response.Json.Items("queryPerformanceFactors").Select(f => f.GetString()).ShouldBe(["2x", "4x", "6x", "8x", "10x", "12x", "14x", "16x"]);
    }

    // ---- System log ----

    [Fact]
    public async Task System_log_starts_with_the_seeded_resources()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var entries = (await sandbox.Client.GetAsync("/logs")).Json.Items("entries");

        entries.Length.ShouldBe(4);
        var cache = entries.Single(e => e.Has("resourceId") && e.Int("resourceId") == 5000001);
        cache.Str("type").ShouldBe("Database");
        cache.Str("resource").ShouldBe("sandbox-cache");
        cache.Str("description").ShouldBe("Database sandbox-cache (id 5000001) was created in subscription sandbox-pro (id 100001)");
        cache.Str("apiKeyName").ShouldBe("sandbox-key");
        cache.Str("originator").ShouldBe("Sandbox Owner");
        DateTimeOffset.Parse(cache.Str("time"), CultureInfo.InvariantCulture).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Each_change_is_logged_when_its_task_starts_and_when_it_finishes_with_the_resource_named()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(time: clock);
        var client = sandbox.Client;

        var created = await client.PostAsync("/subscriptions/100001/databases", Sample.Database("sessions"));
        var started = (await client.GetAsync("/logs")).Json.Items("entries")[0];
        started.Str("description").ShouldBe($"Database create request received (task {created.TaskId})");
        started.Has("resourceId").ShouldBeFalse();

        clock.Advance(TimeSpan.FromSeconds(5));
        var log = (await client.GetAsync("/logs")).Json.Items("entries");
        log[0].Str("description").ShouldBe($"Database sessions (id 5000003) in subscription sandbox-pro (id 100001) was created (task {created.TaskId})");
        log[0].Int("resourceId").ShouldBe(5000003);
        log[0].Str("resource").ShouldBe("sessions");
        log[0].Str("time").ShouldBe("2026-01-01T12:00:00.060Z");
        log[0].Int("id").ShouldBeGreaterThan(log[1].Int("id"));

        var deleted = await client.DeleteAsync("/subscriptions/100001/databases/5000003");
        clock.Advance(TimeSpan.FromSeconds(5));
        var afterDelete = (await client.GetAsync("/logs?resourceId=5000003")).Json.Items("entries");
        afterDelete.Select(e => e.Str("description")).ShouldBe([
            $"Database sessions (id 5000003) in subscription sandbox-pro (id 100001) was deleted (task {deleted.TaskId})",
            $"Database sessions (id 5000003) in subscription sandbox-pro (id 100001) was created (task {created.TaskId})",
        ]);

        await client.PutAsync(Sample.ProSubscription, new { name = "renamed-pro" });
        clock.Advance(TimeSpan.FromSeconds(5));
        (await client.GetAsync("/logs?limit=1")).Json.Str("entries.0.description").ShouldStartWith("Subscription renamed-pro (id 100001) was updated");
    }

    [Fact]
    public async Task Dry_runs_and_reads_are_not_logged()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var before = (await sandbox.Client.GetAsync("/logs")).Json.Items("entries").Length;

        await sandbox.Client.RunTaskAsync(HttpMethod.Post, "/subscriptions/100001/databases", new { name = "preview", dryRun = true });
        await sandbox.Client.GetAsync("/subscriptions");

        (await sandbox.Client.GetAsync("/logs")).Json.Items("entries").Length.ShouldBe(before);
    }

    [Fact]
    public async Task System_log_pages_newest_first_and_filters_by_time()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(time: clock);
        clock.Advance(TimeSpan.FromHours(1));
        await sandbox.Client.PutAsync(Sample.ProSubscription, new { name = "later" });
        clock.Advance(TimeSpan.FromHours(1));

        var all = (await sandbox.Client.GetAsync("/logs")).Json.Items("entries");
        var page = (await sandbox.Client.GetAsync("/logs?offset=1&limit=2")).Json.Items("entries");
        var recent = (await sandbox.Client.GetAsync("/logs?startTime=2026-01-01T12:30:00Z")).Json.Items("entries");
        var early = (await sandbox.Client.GetAsync("/logs?endTime=2026-01-01T12:30:00Z")).Json.Items("entries");

        all.Length.ShouldBe(6);
        page.Select(e => e.Int("id")).ShouldBe(all.Skip(1).Take(2).Select(e => e.Int("id")));
        recent.Select(e => e.Str("description")).ShouldAllBe(d => d.StartsWith("Subscription"));
        recent.Length.ShouldBe(2);
        early.Length.ShouldBe(4);
    }

    [Theory]
    [InlineData("/logs?limit=0")]
    [InlineData("/logs?limit=1001")]
    [InlineData("/logs?offset=-1")]
    [InlineData("/logs?startTime=yesterday")]
    [InlineData("/logs?startTime=2026-01-02T00:00:00Z&endTime=2026-01-01T00:00:00Z")]
    [InlineData("/logs?resourceId=abc")]
    [InlineData("/session-logs?limit=101")]
    [InlineData("/session-logs?endTime=soon")]
    public async Task Invalid_log_queries_are_a_400(string path)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.GetAsync(path);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    // ---- Session log ----

    [Fact]
    public async Task Session_log_has_one_entry_per_client_session()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(time: clock);
        using var agent = Http(sandbox, "story-agent/1.0");

        await agent.GetAsync("subscriptions");
        await agent.GetAsync("tasks");
        var first = (await sandbox.Client.GetAsync("/session-logs")).Json.Items("entries");
        clock.Advance(TimeSpan.FromMinutes(31));
        await agent.GetAsync("subscriptions");
        var later = (await sandbox.Client.GetAsync("/session-logs")).Json.Items("entries");

        // The test's own client (no user agent) and the agent: one session each.
        first.Length.ShouldBe(2);
        var session = first.Single(e => e.Has("userAgent") && e.Str("userAgent") == "story-agent/1.0");
        session.Str("ipAddress").ShouldBe("127.0.0.1");
        session.Str("user").ShouldBe("owner@sandbox.example.com");
        session.Str("userRole").ShouldBe("Owner");
        session.Str("type").ShouldBe("API");
        session.Str("action").ShouldBe("API key sandbox-key started a session with GET /v1/subscriptions");
        session.Str("id").ShouldNotBeNullOrEmpty();
        // After 31 idle minutes both clients start new sessions.
        later.Length.ShouldBe(4);
        later[0].Str("time").ShouldBe("2026-01-01T12:31:00.000Z");
        (await sandbox.Client.GetAsync("/session-logs?limit=1&offset=3")).Json.Items("entries").ShouldHaveSingleItem().Str("id").ShouldBe(later[3].Str("id"));
    }

    [Fact]
    public async Task Session_log_is_per_account()
    {
        await using var sandbox = await TestSandbox.StartAsync(o => o.Accounts.Add(new SandboxAccount { AccountId = 2002, ApiKey = "k2", SecretKey = "s2" }));
        var other = sandbox.ClientFor("k2", "s2");

        await sandbox.Client.GetAsync("/subscriptions");

        (await other.GetAsync("/session-logs")).Json.Items("entries").Length.ShouldBe(1);
        (await sandbox.Client.GetAsync("/session-logs")).Json.Items("entries").Length.ShouldBe(1);
    }

    // ---- Cost reports ----

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

    /// <summary>A raw client (the report is a file, not JSON) for the default account, optionally with a user agent.</summary>
    private static HttpClient Http(TestSandbox sandbox, string? userAgent = null)
    {
        var account = sandbox.Server.Options.Accounts[0];
        var http = new HttpClient { BaseAddress = new Uri(sandbox.Server.BaseUrl + "/") };
        http.DefaultRequestHeaders.Add("x-api-key", account.ApiKey);
        http.DefaultRequestHeaders.Add("x-api-secret-key", account.SecretKey);
        if (userAgent is not null) http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return http;
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
