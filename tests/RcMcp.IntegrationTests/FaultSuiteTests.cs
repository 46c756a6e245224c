using System.Text;
using RcMcp.Sandbox;

namespace RcMcp.IntegrationTests;

/// <summary>
/// Upstream faults injected by the sandbox, through the real server and the real HTTP client: a change is sent at most
/// once whatever the connection does, and every broken answer becomes the invalid-response error with the advice to
/// check list_tasks.
/// </summary>
public class FaultSuiteTests
{
    /// <summary>One tool per HTTP method, with arguments that make it send exactly one request to the path.</summary>
    private static async Task<(string Tool, object Args, string Method, string PathPattern)[]> OnePerMethodAsync(TestSandbox sandbox, ServerProcess server)
    {
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);
        return
        [
            ("list_subscriptions", new { }, "GET", "^/subscriptions$"),
            ("backup_database", new { subscriptionId, databaseId, adhocBackupPath = "s3://bucket/path" }, "POST", @"^/subscriptions/\d+/databases/\d+/backup$"),
            ("update_subscription", new { subscriptionId, name = "renamed-by-fault-test" }, "PUT", @"^/subscriptions/\d+$"),
            ("delete_database", new { subscriptionId, databaseId }, "DELETE", @"^/subscriptions/\d+/databases/\d+$"),
        ];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_dropped_after_the_request_arrived_never_repeats_a_change(bool afterHandling)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--dangerously-skip-confirmation");
        foreach (var (tool, args, method, path) in await OnePerMethodAsync(sandbox, server))
        {
            // A read first, so the next request goes out on a reused keep-alive connection (where .NET's pool would re-send).
            (await server.CallAsync("get_account")).Ok();
            sandbox.Sandbox.ClearRequests();
            sandbox.Sandbox.AddFault(new FaultRule
            {
                Method = method, PathPattern = path, Statuses = new Queue<int>([200]),
                AbortConnection = !afterHandling, AbortAfterHandling = afterHandling,
            });

            var result = await server.CallAsync(tool, args);
            var sent = sandbox.Sandbox.Requests.Where(r => r.Method == method).ToList();
            if (method == "GET")
            {
                // A read is safe to retry: the second attempt answers.
                result.Ok();
                sent.Select(r => r.ResponseStatus).ShouldBe([0, 200], $"{tool}: {Describe(sent)}");
            }
            else
            {
                sent.Count.ShouldBe(1, $"{tool} sent {method} {sent.Count} times: {Describe(sent)}; journal: {Describe(sandbox.Sandbox.Requests)}; result: {result.Text()}");
                result.IsError.ShouldBe(true, $"{tool}: {result.Text()}");
                result.Text().ShouldContain("may have been applied");
                result.Text().ShouldContain("list_tasks");
            }
        }
    }

    public static TheoryData<string, string> BrokenBodies => new()
    {
        { "empty", "" },
        { "null", "null" },
        { "array", "[]" },
        { "string", "\"ok\"" },
        { "task without taskId", """{"commandType":"dbDeleteRequest","status":"received"}""" },
        { "empty taskId", """{"taskId":"","status":"received"}""" },
        { "invalid UTF-8", "\u0001" },
        { "not JSON", "<html>ok</html>" },
    };

    [Theory]
    [MemberData(nameof(BrokenBodies))]
    public async Task A_2xx_with_a_broken_body_is_an_invalid_response_that_says_to_check_list_tasks(string kind, string body)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--dangerously-skip-confirmation");
        var bytes = kind == "invalid UTF-8" ? [(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}'] : Encoding.UTF8.GetBytes(body);
        foreach (var (tool, args, method, path) in await OnePerMethodAsync(sandbox, server))
        {
            // An object without taskId is a fine answer to a read; it is broken only where a task is due.
            if (method == "GET" && kind.Contains("taskId")) continue;
            sandbox.Sandbox.AddFault(new FaultRule { Method = method, PathPattern = path, Statuses = new Queue<int>([method == "GET" ? 200 : 202]), Body = bytes });
            var result = await server.CallAsync(tool, args);
            result.IsError.ShouldBe(true, $"{tool} with a {kind} body: {result.Text()}");
            var text = result.Text();
            text.ShouldContain("unexpected", Case.Insensitive, $"{tool} with a {kind} body: {text}");
            if (method != "GET")
            {
                text.ShouldContain("list_tasks", customMessage: $"{tool} with a {kind} body: {text}");
                text.ShouldNotContain("taskId \"\"");
            }
        }
    }

    [Fact]
    public async Task A_change_answered_204_no_content_is_accepted_with_the_read_that_shows_it()
    {
        // The spec answers 204 (no body) to the PrivateLink create, delete and principal operations and to traffic resume.
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await sandbox.StartServerAsync("--toolsets", "all", "--dangerously-skip-confirmation");
        var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);
        foreach (var (tool, args, path, follow) in new (string, object, string, string)[]
                 {
                     ("create_private_link", new { subscriptionId, shareName = "share", principal = "123456789012", type = "aws_account" }, $"^/subscriptions/{subscriptionId}/private-link$", "get_private_link"),
                     ("delete_private_link", new { subscriptionId }, $"^/subscriptions/{subscriptionId}/private-link$", "get_private_link"),
                     ("resume_database_traffic", new { subscriptionId, databaseId }, $"^/subscriptions/{subscriptionId}/databases/{databaseId}/traffic/resume$", "get_database_traffic"),
                 })
        {
            sandbox.Sandbox.AddFault(new FaultRule { Method = tool.StartsWith("delete", StringComparison.Ordinal) ? "DELETE" : "POST", PathPattern = path, Statuses = new Queue<int>([204]), Body = [] });
            var result = await server.CallAsync(tool, args);
            result.IsError.ShouldNotBe(true, $"{tool}: {result.Text()}");
            var answer = result.Ok();
            answer.GetProperty("accepted").GetBoolean().ShouldBeTrue(tool);
            answer.GetProperty("next").GetString()!.ShouldContain(follow);
            result.Text().ShouldNotContain("base URL");
        }
    }

    private static string Describe(IEnumerable<RecordedRequest> requests) =>
        string.Join(", ", requests.Select(r => $"{r.Method} {r.Path} -> {r.ResponseStatus}"));
}
