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

public class RedactorRobustnessTests
{
    private readonly Redactor _redactor = new(["AKIA-account-key-123"]);

    [Fact]
    public void A_megabyte_of_uri_like_text_is_redacted_in_one_pass()
    {
        // The old pattern backtracked over every start position: quadratic on this input.
        var hostile = string.Concat(Enumerable.Repeat("a://b:", 200_000));
        var redacted = _redactor.Redact(hostile + "redis://u:pw-123456@h");
        redacted.ShouldEndWith($"redis://u:{Redactor.Mask}@h");
        redacted.Length.ShouldBeLessThan(hostile.Length + 100);
    }

    [Fact]
    public void Json_secret_fields_inside_text_are_masked_with_escapes()
    {
        _redactor.Redact("""sent {"name":"db","password":"p\"w-1234","nested":{"secretKey" : "abc"}}""")
            .ShouldBe("sent {\"name\":\"db\",\"password\":\"" + Redactor.Mask + "\",\"nested\":{\"secretKey\" : \"" + Redactor.Mask + "\"}}");
    }

    [Fact]
    public void Names_that_say_password_or_secret_are_secret_fields()
    {
        Redactor.IsSecretField("aclUserPassword").ShouldBeTrue();
        Redactor.IsSecretField("awsSecretAccessKey").ShouldBeTrue();
        Redactor.IsSecretField("confirmationToken").ShouldBeFalse();
        Redactor.IsSecretField("name").ShouldBeFalse();
    }

    [Fact]
    public void The_audit_keeps_no_value_of_a_field_the_schema_does_not_know_nor_long_strings()
    {
        var schema = RcMcp.Server.Schema.S.Object().Prop("name", RcMcp.Server.Schema.S.Str("Name.", 1, 10)).Build();
        var args = System.Text.Json.Nodes.JsonNode.Parse($$"""{"name":"{{new string('x', 5000)}}","passwrd":"hunter2-typo"}""");
        var audit = _redactor.ForAudit(args, schema)!.ToJsonString();
        audit.ShouldNotContain("hunter2-typo");
        audit.ShouldContain("not a field of this tool");
        audit.ShouldContain("a string of 5000 characters");
    }
}
