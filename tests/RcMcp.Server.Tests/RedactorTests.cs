using System.Text.Json.Nodes;
using RcMcp.Server.Pipeline;

namespace RcMcp.Server.Tests;

public class RedactorTests
{
    private readonly Redactor _redactor = new(["AKIA-account-key-123", "very-secret-user-key-456"]);

    [Fact]
    public void Secret_fields_are_masked_at_any_depth()
    {
        var node = JsonNode.Parse("""
            {"name":"db","security":{"password":"p@ss-w0rd-1","enableTls":true},
             "users":[{"saslPassword":"sasl-secret"}],"cloud":{"accessSecretKey":"aws-secret","accessKeyId":"AKIAxyz"}}
            """);
        var text = _redactor.Redact(node)!.ToJsonString();
        text.ShouldNotContain("p@ss-w0rd-1");
        text.ShouldNotContain("sasl-secret");
        text.ShouldNotContain("aws-secret");
        text.ShouldNotContain("AKIAxyz");
        text.ShouldContain("\"enableTls\":true");
        text.ShouldContain("\"name\":\"db\"");
    }

    [Fact]
    public void The_original_is_not_modified()
    {
        var node = JsonNode.Parse("""{"password":"abc12345"}""")!;
        _redactor.Redact(node);
        node["password"]!.GetValue<string>().ShouldBe("abc12345");
    }

    [Fact]
    public void Passwords_inside_uris_are_masked()
    {
        _redactor.Redact("replica of redis://admin:hunter2@10.0.0.1:12000 ok").ShouldBe($"replica of redis://admin:{Redactor.Mask}@10.0.0.1:12000 ok");
        _redactor.Redact("redis://10.0.0.1:12000").ShouldBe("redis://10.0.0.1:12000");
    }

    [Fact]
    public void Configured_api_keys_are_masked_anywhere_in_text()
    {
        _redactor.Redact("key AKIA-account-key-123 and very-secret-user-key-456 leaked")
            .ShouldBe($"key {Redactor.Mask} and {Redactor.Mask} leaked");
    }

    [Fact]
    public void Confirmation_tokens_are_not_secrets()
    {
        var node = JsonNode.Parse("""{"confirmationToken":"rcmcp-confirm-abc"}""");
        _redactor.Redact(node)!["confirmationToken"]!.GetValue<string>().ShouldBe("rcmcp-confirm-abc");
    }
}
