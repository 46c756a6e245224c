using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RcMcp.IntegrationTests;

/// <summary>
/// Account and reference data, logs and cost reports, through the real server over stdio against a sandbox the test
/// hosts: what an agent reads before it changes anything, the audit trail of its own change, and a cost report saved
/// to disk and summarised instead of poured into the conversation.
/// </summary>
public class AccountStoryTests
{
    [Fact]
    public async Task Reference_data_the_logs_of_a_change_and_a_cost_report_saved_and_summarised()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), $"rcmcp-reports-{Guid.NewGuid():N}");
        try
        {
            await using var server = await sandbox.StartServerAsync("--toolsets", "all", "--report-folder", folder);

            // 1. Reference data: payment methods, regions (filtered), modules, persistence options, scaling factors.
            var methods = (await server.CallAsync("list_payment_methods")).Ok();
            var paymentMethodId = methods.GetProperty("paymentMethods")[0].GetProperty("id").GetInt32();
            paymentMethodId.ShouldBe(1234);

            var gcp = (await server.CallAsync("list_regions", new { provider = "GCP" })).Ok().GetProperty("regions").EnumerateArray().ToList();
            gcp.ShouldNotBeEmpty();
            gcp.ShouldAllBe(r => r.GetProperty("provider").GetString() == "GCP");
            sandbox.Sandbox.Requests.ShouldContain(r => r.Method == "GET" && r.Path == "/v1/regions" && r.Query == "provider=GCP");
            var aws = (await server.CallAsync("list_regions")).Ok().GetProperty("regions").EnumerateArray()
                .Where(r => r.GetProperty("provider").GetString() == "AWS").Select(r => r.GetProperty("name").GetString()).ToList();
            aws.ShouldContain("us-east-1");

            var modules = (await server.CallAsync("list_database_modules")).Ok().GetProperty("modules").EnumerateArray().ToList();
            modules.Select(m => m.GetProperty("name").GetString()).ShouldContain("RediSearch");
            modules.ShouldAllBe(m => m.GetProperty("capabilityName").GetString()!.Length > 0);

            var persistence = (await server.CallAsync("list_data_persistence_options")).Ok().GetProperty("dataPersistence").EnumerateArray()
                .Select(p => p.GetProperty("name").GetString()).ToList();
            persistence.ShouldContain("aof-every-1-second");

            var factors = (await server.CallAsync("list_search_scaling_factors")).Ok().GetProperty("queryPerformanceFactors").EnumerateArray()
                .Select(f => f.GetString()).ToList();
            factors.ShouldContain("4x");
            sandbox.Mutations.ShouldBeEmpty();

            // 2. A change, with its dry run, followed to the end of its task: the system log shows it, named.
            var (subscriptionId, _) = await sandbox.SeededAsync(server);
            var database = new { subscriptionId, name = "audited-cache", datasetSizeInGb = 1, dataPersistence = persistence[1] };
            (await server.CallAsync("create_database", new { subscriptionId, name = "audited-cache", datasetSizeInGb = 1, dataPersistence = persistence[1], dryRun = true }))
                .Ok().GetProperty("valid").GetBoolean().ShouldBeTrue();
            var taskId = (await server.CallAsync("create_database", database)).Ok().GetProperty("taskId").GetString()!;
            var databaseId = (await server.CallAsync("wait_for_task", new { taskId })).Ok().GetProperty("resourceId").GetInt32();

            var log = (await server.CallAsync("list_system_logs", new { resourceId = databaseId })).Ok().GetProperty("entries").EnumerateArray().ToList();
            var created = log.ShouldHaveSingleItem();
            created.GetProperty("type").GetString().ShouldBe("Database");
            created.GetProperty("resource").GetString().ShouldBe("audited-cache");
            created.GetProperty("description").GetString().ShouldContain($"audited-cache (id {databaseId})");
            created.GetProperty("description").GetString().ShouldContain("was created");
            var newest = (await server.CallAsync("list_system_logs", new { limit = 2 })).Ok().GetProperty("entries").EnumerateArray()
                .Select(e => e.GetProperty("description").GetString()).ToList();
            newest.ShouldBe([created.GetProperty("description").GetString(), $"Database create request received (task {taskId})"]);
            sandbox.Sandbox.Requests.ShouldContain(r => r.Path == "/v1/logs" && r.Query == "limit=2");

            // The server's API session is in the session log, with its user agent.
            var sessions = (await server.CallAsync("list_session_logs", new { limit = 10 })).Ok().GetProperty("entries").EnumerateArray().ToList();
            sessions.Where(s => s.TryGetProperty("userAgent", out var agent) && agent.GetString()!.StartsWith("RcMcp.Cloud/"))
                .ShouldContain(s => s.GetProperty("type").GetString() == "API" && s.GetProperty("ipAddress").GetString() == "127.0.0.1");

            // 3. A cost report: a dry run previews and sends nothing; the real call waits for its task and returns the id.
            var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var weekAgo = DateTime.UtcNow.AddDays(-7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var preview = (await server.CallAsync("create_cost_report", new { startDate = weekAgo, endDate = today, dryRun = true })).Ok();
            preview.GetRawText().ShouldContain("/cost-report");
            sandbox.Mutations.ShouldNotContain(r => r.Path == "/v1/cost-report");

            var tooLong = await server.CallAsync("create_cost_report", new { startDate = "2025-01-01", endDate = "2025-03-01" });
            tooLong.IsError.ShouldBe(true);
            tooLong.Text().ShouldContain("endDate");

            var report = (await server.CallAsync("create_cost_report", new { startDate = weekAgo, endDate = today })).Ok();
            report.GetProperty("done").GetBoolean().ShouldBeTrue();
            report.GetProperty("commandType").GetString().ShouldBe("costReportCreateRequest");
            var costReportId = report.GetProperty("costReportId").GetString()!;
            costReportId.ShouldEndWith(".csv");
            report.GetProperty("next").GetString().ShouldContain("get_cost_report");
            var sent = sandbox.Mutations.Where(r => r.Path == "/v1/cost-report").ShouldHaveSingleItem();
            var body = JsonDocument.Parse(sent.Body!).RootElement;
            body.EnumerateObject().Select(p => p.Name).ShouldBe(["startDate", "endDate"], ignoreOrder: true);
            body.GetProperty("startDate").GetString().ShouldBe(weekAgo);
            body.GetProperty("endDate").GetString().ShouldBe(today);

            // 4. Downloaded into the report folder and summarised: the summary's figures are the file's.
            var summary = (await server.CallAsync("get_cost_report", new { costReportId })).Ok();
            var path = summary.GetProperty("path").GetString()!;
            Path.GetDirectoryName(path).ShouldBe(Path.GetFullPath(folder));
            Path.GetFileName(path).ShouldBe(costReportId);
            File.Exists(path).ShouldBeTrue();
            summary.GetRawText().ShouldNotContain("BillingAccountName");

            var rows = ReadCsv(await File.ReadAllTextAsync(path));
            rows.Count.ShouldBeGreaterThanOrEqualTo(4); // the two seeded databases (one of them in two regions) and the new one
            summary.GetProperty("rows").GetInt32().ShouldBe(rows.Count);
            var total = rows.Sum(r => decimal.Parse(r["BilledCost"], CultureInfo.InvariantCulture));
            total.ShouldBeGreaterThan(0m);
            summary.GetProperty("totalCost").GetDecimal().ShouldBe(total);
            summary.GetProperty("currency").GetString().ShouldBe("USD");
            summary.GetProperty("periodStart").GetString().ShouldBe(rows.Min(r => r["ChargePeriodStart"]));
            summary.GetProperty("periodEnd").GetString().ShouldBe(rows.Max(r => r["ChargePeriodEnd"]));
            var service = summary.GetProperty("byService").EnumerateArray().ShouldHaveSingleItem();
            service.GetProperty("name").GetString().ShouldBe("Redis Cloud Pro");
            service.GetProperty("cost").GetDecimal().ShouldBe(total);
            var bySubscription = summary.GetProperty("bySubscription").EnumerateArray().ToList();
            bySubscription.Sum(s => s.GetProperty("cost").GetDecimal()).ShouldBe(total);
            var pro = bySubscription.Single(s => s.GetProperty("id").GetString() == subscriptionId.ToString(CultureInfo.InvariantCulture));
            pro.GetProperty("cost").GetDecimal().ShouldBe(rows.Where(r => r["SubAccountId"] == subscriptionId.ToString(CultureInfo.InvariantCulture))
                .Sum(r => decimal.Parse(r["BilledCost"], CultureInfo.InvariantCulture)));
            bySubscription.Select(s => s.GetProperty("cost").GetDecimal()).ShouldBeInOrder(SortDirection.Descending);

            // The same period as JSON gives the same figures.
            var jsonReport = (await server.CallAsync("create_cost_report", new { startDate = weekAgo, endDate = today, format = "json" })).Ok();
            var jsonSummary = (await server.CallAsync("get_cost_report", new { costReportId = jsonReport.GetProperty("costReportId").GetString() })).Ok();
            jsonSummary.GetProperty("format").GetString().ShouldBe("json");
            jsonSummary.GetProperty("totalCost").GetDecimal().ShouldBe(total);
            jsonSummary.GetProperty("rows").GetInt32().ShouldBe(rows.Count);
            File.Exists(jsonSummary.GetProperty("path").GetString()).ShouldBeTrue();

            // An id that tries to leave the folder is refused before anything is sent; an unknown one is the API's 404.
            var before = sandbox.Sandbox.Requests.Count;
            var escape = await server.CallAsync("get_cost_report", new { costReportId = "../../etc/passwd" });
            escape.IsError.ShouldBe(true);
            sandbox.Sandbox.Requests.Count.ShouldBe(before);
            var unknown = await server.CallAsync("get_cost_report", new { costReportId = "0b6f5a9e-0000-4000-8000-000000000000.csv" });
            unknown.IsError.ShouldBe(true);
            unknown.Text().ShouldContain("404");
            Directory.GetFiles(folder).Length.ShouldBe(2);

            // Reports are on the audit trail as changes that bill nothing.
            (await server.CallAsync("list_system_logs", new { limit = 1 })).Ok().GetProperty("entries")[0]
                .GetProperty("description").GetString().ShouldStartWith("Cost report ");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A CSV file by column name; quoted fields may hold commas and doubled quotes.</summary>
    internal static List<Dictionary<string, string>> ReadCsv(string text)
    {
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = Fields(lines[0]);
        return lines.Skip(1).Select(l => header.Zip(Fields(l)).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
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
        return fields;
    }
}
