using System.Text;
using System.Text.Json.Nodes;

namespace RcMcp.IntegrationTests;

/// <summary>Malformed JSON-RPC on the real stdio transport: every message gets an answer that says what is wrong,
/// and nothing in the server's log looks like a server fault.</summary>
public class ProtocolInputTests
{
    [Fact]
    [Trait("Category", "Native")]
    public async Task Malformed_messages_get_precise_answers_and_no_fault_in_the_log()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await using var server = await RawStdioServer.StartAsync(sandbox.Environment);

        // A UTF-8 byte order mark before a message is skipped, and the message answered.
        var bom = await server.RequestBytesAsync([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":"bom","method":"ping"}""" + "\n")], "bom");
        bom["result"].ShouldNotBeNull(bom.ToJsonString());

        // Not JSON: a parse error that says so, with a null id.
        var parse = await server.RequestAsync("""{"jsonrpc":"2.0","id":7,"method":""", null);
        ((int)parse["error"]!["code"]!).ShouldBe(-32700);
        ((string)parse["error"]!["message"]!).ShouldContain("not valid JSON");

        // Valid JSON nested beyond the limit, outside tool arguments: an invalid request that names the depth.
        var deep = string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100));
        var nested = await server.RequestAsync($$$"""{"jsonrpc":"2.0","id":"deep","method":"ping","params":{"x":{{{deep}}}}}""", "deep");
        ((int)nested["error"]!["code"]!).ShouldBe(-32600);
        ((string)nested["error"]!["message"]!).ShouldContain("nested more than");

        // An unpaired surrogate outside tool arguments.
        var surrogate = await server.RequestAsync("""{"jsonrpc":"2.0","id":"s","method":"ping","params":{"x":"a\ud800b"}}""", "s");
        ((int)surrogate["error"]!["code"]!).ShouldBe(-32602);
        ((string)surrogate["error"]!["message"]!).ShouldContain("params.x");

        // Inside tool arguments: a tool result naming the field.
        var inArgs = await server.RequestAsync("""{"jsonrpc":"2.0","id":"t","method":"tools/call","params":{"name":"get_database","arguments":{"subscriptionId":1,"databaseId":"a\ud800b"}}}""", "t");
        inArgs["result"]!["isError"]!.GetValue<bool>().ShouldBeTrue();
        inArgs["result"]!["structuredContent"]!["error"]!["field"]!.GetValue<string>().ShouldBe("databaseId");

        foreach (var (json, kind) in new[] { ("[1,2]", "an array"), ("\"x\"", "a string"), ("5", "a number"), ("true", "a boolean") })
        {
            var id = server.NextId();
            var answer = await server.RequestAsync($$$"""{"jsonrpc":"2.0","id":"{{{id}}}","method":"tools/call","params":{"name":"get_account","arguments":{{{json}}}}}""", id);
            var text = (string)answer["result"]!["content"]![0]!["text"]!;
            text.ShouldContain("(arguments)");
            text.ShouldContain(kind);
        }

        // The server is still healthy, and none of this was logged as a fault.
        (await server.RequestAsync("""{"jsonrpc":"2.0","id":"after","method":"tools/call","params":{"name":"get_account","arguments":{}}}""", "after"))["result"]!["isError"]?.GetValue<bool>().ShouldNotBe(true);
        server.StandardError.ShouldNotContain(l => l.Contains(" ERR]") || l.Contains(" FTL]") || l.Contains("   at "), string.Join("\n", server.StandardError.Where(l => l.Contains(" ERR]") || l.Contains("   at ")).Take(10)));
        sandbox.Sandbox.Requests.Count(r => r.Path != "/v1/").ShouldBe(0);
    }
}
