using System.Globalization;
using System.Text.Json;

namespace RcMcp.IntegrationTests;

/// <summary>
/// "What did we spend, by database?" is answered in get_cost_report's result: the sandbox's FOCUS report names each
/// row's database and carries its tags, and the summary groups them by database, tag and subscription with the
/// period, the total and the currency, over a real MCP client.
/// </summary>
public class CostReportSummaryTests
{
    [Fact]
    public async Task Spend_by_database_by_tag_and_by_subscription_is_in_the_result()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"rcmcp-costs-{Guid.NewGuid():N}");
        try
        {
            await using var sandbox = await TestSandbox.StartAsync();
            await using var server = await sandbox.StartServerAsync("--toolsets", "all", "--report-folder", folder);
            var (proSub, proDb) = await sandbox.SeededAsync(server);
            var (aaSub, aaDb) = await sandbox.SeededAsync(server, "active-active");

            // A third database, untagged, in the first subscription.
            var create = new Dictionary<string, object?> { ["subscriptionId"] = proSub, ["name"] = "spend-extra", ["datasetSizeInGb"] = 1 };
            (await server.CallAsync("create_database", StoryTests.With(create, dryRun: true))).Ok();
            var createTask = (await server.CallAsync("create_database", create)).Ok().GetProperty("taskId").GetString()!;
            var extraDb = (await server.CallAsync("wait_for_task", new { taskId = createTask })).Ok().GetProperty("resourceId").GetInt32();

            (await server.CallAsync("update_database_tags", new { subscriptionId = proSub, databaseId = proDb, tags = new[] { new { key = "team", value = "web" }, new { key = "env", value = "prod" } } })).Ok();
            (await server.CallAsync("update_database_tags", new { subscriptionId = aaSub, databaseId = aaDb, tags = new[] { new { key = "team", value = "data" } } })).Ok();

            var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var weekAgo = DateTime.UtcNow.AddDays(-7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var costReportId = (await server.CallAsync("create_cost_report", new { startDate = weekAgo, endDate = today })).Ok()
                .GetProperty("costReportId").GetString()!;

            var result = await server.CallAsync("get_cost_report", new { costReportId });
            var summary = result.Ok();

            // The figures the summary gives are the file's, summed by the test itself.
            var rows = AccountStoryTests.ReadCsv(await File.ReadAllTextAsync(summary.GetProperty("path").GetString()!));
            decimal Cost(Func<Dictionary<string, string>, bool> which) => rows.Where(which).Sum(r => decimal.Parse(r["BilledCost"], CultureInfo.InvariantCulture));
            string S(int id) => id.ToString(CultureInfo.InvariantCulture);
            var total = Cost(_ => true);
            summary.GetProperty("totalCost").GetDecimal().ShouldBe(total);
            summary.GetProperty("currency").GetString().ShouldBe("USD");
            summary.GetProperty("periodStart").GetString().ShouldBe(rows.Min(r => r["ChargePeriodStart"]));
            summary.GetProperty("periodEnd").GetString().ShouldBe(rows.Max(r => r["ChargePeriodEnd"]));

            var byDatabase = summary.GetProperty("byDatabase").EnumerateArray().ToDictionary(d => d.GetProperty("id").GetString()!);
            byDatabase.Keys.ShouldBe([S(proDb), S(aaDb), S(extraDb)], ignoreOrder: true);
            byDatabase[S(proDb)].GetProperty("name").GetString().ShouldBe("sandbox-cache");
            byDatabase[S(extraDb)].GetProperty("name").GetString().ShouldBe("spend-extra");
            byDatabase[S(aaDb)].GetProperty("subscriptionId").GetString().ShouldBe(S(aaSub));
            foreach (var (id, entry) in byDatabase) entry.GetProperty("cost").GetDecimal().ShouldBe(Cost(r => r["ResourceId"] == id), id);
            summary.GetProperty("byDatabase").EnumerateArray().Select(d => d.GetProperty("cost").GetDecimal()).ShouldBeInOrder(SortDirection.Descending);

            var byTag = summary.GetProperty("byTag").EnumerateArray()
                .ToDictionary(t => t.GetProperty("key").GetString() + "=" + t.GetProperty("value").GetString(), t => t.GetProperty("cost").GetDecimal());
            byTag.Keys.ShouldBe(["team=web", "env=prod", "team=data"], ignoreOrder: true);
            byTag["team=web"].ShouldBe(Cost(r => r["ResourceId"] == S(proDb)));
            byTag["team=data"].ShouldBe(Cost(r => r["ResourceId"] == S(aaDb)));
            summary.GetProperty("untagged").GetProperty("cost").GetDecimal().ShouldBe(Cost(r => r["ResourceId"] == S(extraDb)));

            var bySubscription = summary.GetProperty("bySubscription").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("cost").GetDecimal());
            bySubscription[S(proSub)].ShouldBe(Cost(r => r["SubAccountId"] == S(proSub)));
            bySubscription[S(aaSub)].ShouldBe(Cost(r => r["SubAccountId"] == S(aaSub)));

            // The rows themselves stay in the file.
            result.Text().ShouldNotContain("ChargeDescription");
            result.Text().ShouldNotContain("SkuPriceDetails");

            // top 1: the largest database, then one entry for the other two.
            var topOne = (await server.CallAsync("get_cost_report", new { costReportId, top = 1 })).Ok().GetProperty("byDatabase").EnumerateArray().ToList();
            topOne.Count.ShouldBe(2);
            topOne[1].GetProperty("more").GetInt32().ShouldBe(2);
            (topOne[0].GetProperty("cost").GetDecimal() + topOne[1].GetProperty("cost").GetDecimal()).ShouldBe(total);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
