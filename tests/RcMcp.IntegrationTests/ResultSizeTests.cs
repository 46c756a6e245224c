using System.Globalization;
using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace RcMcp.IntegrationTests;

/// <summary>
/// The bytes of the results of a fixed set of everyday tasks, as a model receives them: a real MCP client over stdio,
/// the server on its built-in sandbox (so every result carries the sandbox note, as a newcomer sees it). Text content
/// (UTF-8 bytes of the text blocks as the client decodes them) and structuredContent (its JSON as received; the SDK
/// writes quotes inside its strings as \u0022) are counted apart. The table goes to the test output, and to the file named by
/// RCMCP_RESULT_SIZES when it is set (docs/performance.md records one run); RCMCP_RESULT_DUMP receives the texts.
/// </summary>
public class ResultSizeTests(ITestOutputHelper output)
{
    /// <summary>One measured result (the payload is the result's JSON, for the shape checks).</summary>
    public sealed record Measured(string Task, string Tool, int TextBytes, int StructuredBytes, JsonElement? Payload = null)
    {
        public string Message { get; init; } = "";

        public int Total => TextBytes + StructuredBytes;
    }

    /// <summary>The catalog tools' results, measured but owned by the search work, are not held to the cap below.</summary>
    private static readonly string[] CatalogTools = ["search_operations", "describe_operation"];

    /// <summary>All the other results together, in bytes (28,660 for all 15 before the results were made smaller, 21,731 without the catalog tools).</summary>
    private const int MaxBytesWithoutCatalog = 18_000;

    /// <summary>Runs the everyday tasks and measures every result; the approval prompts are measured apart.</summary>
    public static async Task<(List<Measured> Results, List<Measured> Prompts)> RunEverydayTasksAsync()
    {
        await using var server = await ServerProcess.StartAsync(["--sandbox", "--sandbox-step-ms", "50"], _ => ServerProcess.Accept());
        var results = new List<Measured>();

        async Task<JsonElement> Run(string task, string tool, object? args = null)
        {
            var result = await server.CallAsync(tool, args);
            results.Add(Measure(task, tool, result) with { Payload = result.IsError == true ? null : result.Json() });
            Dump(task, result.Text());
            return result.Ok();
        }

        var subscriptions = await Run("list subscriptions", "list_subscriptions");
        var subscriptionId = subscriptions.GetProperty("subscriptions").EnumerateArray()
            .First(s => s.GetProperty("deploymentType").GetString() == "single-region" && s.GetProperty("status").GetString() == "active")
            .GetProperty("id").GetInt32();
        var databases = (await server.CallAsync("list_databases", new { subscriptionId })).Ok();
        var databaseId = databases.GetProperty("subscription")[0].GetProperty("databases")[0].GetProperty("databaseId").GetInt32();

        await Run("get a database", "get_database", new { subscriptionId, databaseId });

        var create = new Dictionary<string, object?> { ["subscriptionId"] = subscriptionId, ["name"] = "sizes-db", ["datasetSizeInGb"] = 1 };
        await Run("create a database: dry run", "create_database", StoryTests.With(create, dryRun: true));
        var createTask = (await Run("create a database: apply", "create_database", create)).GetProperty("taskId").GetString()!;
        var newDatabaseId = (await Run("wait for the task", "wait_for_task", new { taskId = createTask })).GetProperty("resourceId").GetInt32();

        var resize = new Dictionary<string, object?> { ["subscriptionId"] = subscriptionId, ["databaseId"] = newDatabaseId, ["datasetSizeInGb"] = 2 };
        await Run("update memory: dry run", "update_database", StoryTests.With(resize, dryRun: true));
        var resizeTask = (await Run("update memory: apply", "update_database", resize)).GetProperty("taskId").GetString()!;
        await server.CallAsync("wait_for_task", new { taskId = resizeTask });

        var rename = new Dictionary<string, object?> { ["subscriptionId"] = subscriptionId, ["databaseId"] = newDatabaseId, ["name"] = "sizes-db-renamed" };
        await Run("rename: dry run", "update_database", StoryTests.With(rename, dryRun: true));
        var renameTask = (await Run("rename: apply", "update_database", rename)).GetProperty("taskId").GetString()!;
        await server.CallAsync("wait_for_task", new { taskId = renameTask });

        // An access change (the password) is put to the person: the prompt is measured too.
        var password = new Dictionary<string, object?> { ["subscriptionId"] = subscriptionId, ["databaseId"] = newDatabaseId, ["password"] = "Sizes-Pa55word-new" };
        await Run("new password: dry run", "update_database", StoryTests.With(password, dryRun: true));
        var passwordTask = (await Run("new password: apply (approved)", "update_database", password)).GetProperty("taskId").GetString()!;
        await server.CallAsync("wait_for_task", new { taskId = passwordTask });

        await Run("list tasks", "list_tasks");
        await Run("search operations", "search_operations", new { query = "back up a database" });
        await Run("describe an operation", "describe_operation", new { name = "backup_database" });
        await Run("delete a database: preview", "delete_database", new { subscriptionId, databaseId = newDatabaseId, dryRun = true });

        foreach (var e in server.Elicitations) Dump("approval prompt", e.Message);
        var prompts = server.Elicitations
            .Select(e => new Measured("approval prompt", "elicitation", Encoding.UTF8.GetByteCount(e.Message), 0) { Message = e.Message }).ToList();
        return (results, prompts);
    }

    /// <summary>With RCMCP_RESULT_DUMP set, every result's text and every prompt is appended to that file (to see where the bytes go).</summary>
    private static void Dump(string task, string text)
    {
        if (Environment.GetEnvironmentVariable("RCMCP_RESULT_DUMP") is { Length: > 0 } path) File.AppendAllText(path, $"== {task}\n{text}\n");
    }

    public static Measured Measure(string task, string tool, CallToolResult result) => new(
        task, tool,
        result.Content.OfType<TextContentBlock>().Sum(t => Encoding.UTF8.GetByteCount(t.Text)),
        result.StructuredContent is { } s ? Encoding.UTF8.GetByteCount(s.GetRawText()) : 0);

    public static string Table(IReadOnlyList<Measured> results, IReadOnlyList<Measured> prompts)
    {
        static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        var table = new StringBuilder();
        table.AppendLine("| Task | Tool | Text bytes | structuredContent bytes | Total |");
        table.AppendLine("|---|---|---|---|---|");
        foreach (var r in results) table.AppendLine($"| {r.Task} | {r.Tool} | {N(r.TextBytes)} | {N(r.StructuredBytes)} | {N(r.Total)} |");
        table.AppendLine($"| **all {results.Count} results** | | **{N(results.Sum(r => r.TextBytes))}** | **{N(results.Sum(r => r.StructuredBytes))}** | **{N(results.Sum(r => r.Total))}** |");
        foreach (var p in prompts) table.AppendLine($"| {p.Task} | (message) | {N(p.TextBytes)} | | |");
        return table.ToString();
    }

    [Fact]
    public async Task Everyday_tasks_are_measured_in_bytes_of_text_and_structured_content()
    {
        var (results, prompts) = await RunEverydayTasksAsync();
        var table = Table(results, prompts);
        output.WriteLine(table);
        if (Environment.GetEnvironmentVariable("RCMCP_RESULT_SIZES") is { Length: > 0 } path) await File.WriteAllTextAsync(path, table);

        results.Select(r => r.Tool).Distinct().Count().ShouldBeGreaterThanOrEqualTo(8);
        results.ShouldAllBe(r => r.TextBytes > 0 && r.StructuredBytes > 0);
        results.Where(r => !CatalogTools.Contains(r.Tool)).Sum(r => r.Total).ShouldBeLessThanOrEqualTo(MaxBytesWithoutCatalog, table);

        JsonElement Of(string task) => results.Single(r => r.Task == task).Payload!.Value;
        // A price only where the change alters it; a creation and a new size are priced, a rename and a password are not.
        Of("create a database: dry run").GetProperty("estimatedPrice").GetString()!.ShouldContain("USD");
        Of("update memory: dry run").GetProperty("estimatedPrice").GetString()!.ShouldContain("USD");
        Of("rename: dry run").TryGetProperty("estimatedPrice", out _).ShouldBeFalse();
        Of("new password: dry run").TryGetProperty("estimatedPrice", out _).ShouldBeFalse();
        // The delete preview names its target and says what is lost, without the target's whole state.
        var preview = Of("delete a database: preview");
        preview.GetProperty("target").EnumerateObject().Select(p => p.Name).ShouldBe(["databaseId", "name", "status"]);
        preview.GetProperty("target").GetProperty("name").GetString().ShouldBe("sizes-db-renamed");
        preview.GetProperty("impact").GetString()!.ShouldContain("All its data is lost");
        // list_tasks leaves a large task resource (a dry run's pricing) to get_task.
        Of("list tasks").GetProperty("tasks").EnumerateArray()
            .Where(t => t.TryGetProperty("response", out var r) && r.TryGetProperty("resource", out _))
            .ShouldAllBe(t => t.GetProperty("response").GetProperty("resource").ValueKind == JsonValueKind.String);

        // The person still sees what changes: the password prompt shows the change, and no price for a price it does not alter.
        var prompt = prompts.ShouldHaveSingleItem();
        prompt.Message.ShouldContain("password: (set) → changed");
        prompt.Message.ShouldContain("sizes-db-renamed");
        prompt.Message.ShouldNotContain("Estimated price");
    }
}
