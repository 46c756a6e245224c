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
        // (A text that starts with a URI is that URI up to its end: everything before the last '@' is user-info.)
        var hostile = string.Concat(Enumerable.Repeat("a://b:", 200_000));
        var redacted = _redactor.Redact(hostile + "redis://u:pw-123456@h");
        redacted.ShouldBe($"a://{Redactor.Mask}@h");
        _redactor.Redact("see " + hostile + "redis://u:pw-123456@h").ShouldBe($"see a://{Redactor.Mask}@h");
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
        var schema = RcMcp.Server.Schema.JsonSchema.Object().Prop("name", RcMcp.Server.Schema.JsonSchema.Str("Name.", 1, 10)).Build();
        var args = System.Text.Json.Nodes.JsonNode.Parse($$"""{"name":"{{new string('x', 5000)}}","passwrd":"hunter2-typo"}""");
        var audit = _redactor.ForAudit(args, schema)!.ToJsonString();
        audit.ShouldNotContain("hunter2-typo");
        audit.ShouldContain("not a field of this tool");
        audit.ShouldContain("a string of 5000 characters");
    }
}

/// <summary>
/// Credentials inside URIs (issue 16, part 4): import sources and backup locations, in JSON values and in free text.
/// The user-info is masked whole whatever it holds; secret query parameters are masked; where the data goes stays.
/// </summary>
public class RedactorUriTests
{
    private readonly Redactor _redactor = new(["AKIA-account-key-123"]);

    private static void Hidden(string redacted, params string[] secrets)
    {
        foreach (var secret in secrets) redacted.ShouldNotContain(secret, Case.Sensitive);
    }

    private static void Visible(string redacted, params string[] parts)
    {
        foreach (var part in parts) redacted.ShouldContain(part, Case.Sensitive);
    }

    [Fact]
    public void An_s3_key_whose_secret_holds_a_slash_is_masked_whole()
    {
        var uri = "s3://AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG+bPxRfiCYzz@my-bucket/backups/db.rdb";
        _redactor.Redact(uri).ShouldBe($"s3://{Redactor.Mask}@my-bucket/backups/db.rdb");
        var text = _redactor.Redact("importing " + uri + " now");
        Hidden(text, "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI", "K7MDENG+bPxRfiCYzz");
        Visible(text, "s3://", "@my-bucket/backups/db.rdb now");
    }

    [Fact]
    public void An_azure_blob_key_with_slashes_and_padding_is_masked_whole()
    {
        var uri = "abs://myaccount:k3yPart1/with/slashes+more==@container/blob/dump.rdb";
        _redactor.Redact(uri).ShouldBe($"abs://{Redactor.Mask}@container/blob/dump.rdb");
        var text = _redactor.Redact($"[{uri}]");
        Hidden(text, "k3yPart1", "with/slashes+more==", "slashes");
        Visible(text, "abs://", "@container/blob/dump.rdb]");
    }

    [Fact]
    public void An_azure_sas_signature_is_masked_and_the_other_parameters_stay()
    {
        var uri = "https://acct.blob.core.windows.net/c/b.rdb?sv=2022-11-02&sig=abc%2Fdef%3D&se=2030-01-01T00%3A00%3A00Z&sp=r";
        var redacted = _redactor.Redact(uri);
        redacted.ShouldBe($"https://acct.blob.core.windows.net/c/b.rdb?sv=2022-11-02&sig={Redactor.Mask}&se=2030-01-01T00%3A00%3A00Z&sp=r");
        Hidden(_redactor.Redact("GET " + uri + " failed"), "abc%2Fdef%3D", "abc");
    }

    [Fact]
    public void A_presigned_s3_url_loses_its_credential_and_signature_only()
    {
        var uri = "https://bucket.s3.amazonaws.com/dump.rdb?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
                  "&X-Amz-Credential=AKIAEXAMPLEKEY%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240101T000000Z" +
                  "&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&x-amz-security-token=FQoGZXIvYXdzEXAMPLE&X-Amz-Signature=deadbeefcafe1234";
        var redacted = _redactor.Redact(uri);
        Hidden(redacted, "AKIAEXAMPLEKEY", "aws4_request", "FQoGZXIvYXdzEXAMPLE", "deadbeefcafe1234");
        Visible(redacted, "https://bucket.s3.amazonaws.com/dump.rdb?X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Date=20240101T000000Z",
            "X-Amz-Expires=3600", "X-Amz-SignedHeaders=host", $"X-Amz-Credential={Redactor.Mask}", $"X-Amz-Signature={Redactor.Mask}");
        // A Google signed URL, and names that merely say token or secret.
        var google = _redactor.Redact("https://storage.googleapis.com/b/o.rdb?X-Goog-Credential=svc%40p.iam&X-Goog-Signature=0a1b2c3d4e&alt=media&my_secret_x=s3cr3tv&access_token=ya29tok");
        Hidden(google, "svc%40p.iam", "0a1b2c3d4e", "s3cr3tv", "ya29tok");
        Visible(google, "https://storage.googleapis.com/b/o.rdb?", "alt=media");
    }

    [Fact]
    public void An_ftp_password_holding_at_signs_is_masked_whole_and_the_last_at_ends_it()
    {
        _redactor.Redact("ftp://backup:p@ss@w0rd-9@ftp.example.com/dumps/db.rdb")
            .ShouldBe($"ftp://backup:{Redactor.Mask}@ftp.example.com/dumps/db.rdb");
        var text = _redactor.Redact("error reading ftp://backup:p@ss/w0rd:x@ftp.example.com:21/dumps/db.rdb: 550");
        text.ShouldBe($"error reading ftp://backup:{Redactor.Mask}@ftp.example.com:21/dumps/db.rdb: 550");
    }

    [Fact]
    public void A_redis_url_keeps_its_user_name_and_port()
    {
        _redactor.Redact("redis://default:pw-secret-1@redis-12000.example.com:12000")
            .ShouldBe($"redis://default:{Redactor.Mask}@redis-12000.example.com:12000");
        _redactor.Redact("rediss://:only-a-password@h:6380/0").ShouldBe($"rediss://:{Redactor.Mask}@h:6380/0");
        // A user-info without a colon is a token: all of it goes.
        _redactor.Redact("https://ghp_tokenvalue123@github.example.com/x").ShouldBe($"https://{Redactor.Mask}@github.example.com/x");
    }

    [Fact]
    public void A_uri_inside_free_text_is_masked_and_the_text_around_it_stays()
    {
        var text = _redactor.Redact(
            "Import failed: could not read 's3://AKIAFREE:abc/def+ghi@bucket-free/path/x.rdb' (403). Retry ftp://u:p@ss-9@host-free/x later; user bob@example.com");
        Hidden(text, "AKIAFREE", "abc/def+ghi", "def+ghi", "p@ss-9", "ss-9");
        Visible(text, "Import failed: could not read 's3://", "@bucket-free/path/x.rdb' (403). Retry ftp://u:", "@host-free/x later; user bob@example.com");
    }

    [Fact]
    public void Uris_inside_a_json_looking_string_are_masked_and_their_buckets_stay()
    {
        var text = _redactor.Redact(
            """sending {"sourceType":"aws-s3","importFromUri":["s3://AKIAJSON:abc/def+ghi@bucket-a/x.rdb","abs://acct:k/e/y==@container-b/y.rdb"]}""");
        Hidden(text, "AKIAJSON", "abc/def+ghi", "k/e/y==");
        Visible(text, "@bucket-a/x.rdb\",\"abs://", "@container-b/y.rdb\"]}", "\"sourceType\":\"aws-s3\"");
        // JSON escaped inside a JSON string (a logged message), with the query separator escaped as \u0026.
        var nested = _redactor.Redact("""{"message":"{\"uri\":\"https://a.blob.core.windows.net/c?sv=1\u0026sig=abcSIG%2F123\u0026sp=r\"}"}""");
        Hidden(nested, "abcSIG");
        Visible(nested, "a.blob.core.windows.net/c?sv=1", "sp=r");
    }

    [Fact]
    public void Location_fields_in_json_are_masked_whatever_their_name()
    {
        var node = JsonNode.Parse("""
            {"importFromUri":["s3://AKIANODE:se/cr+et@bkt/a.rdb","ftp://u:p\"q@w@ftp.host/b.rdb","redis://default:rpw-1@r.host:12000"],
             "remoteBackup":{"active":true,"storagePath":"abs://acct:az/key==@cont/backups"},
             "periodicBackupPath":"gs://gkey:gs/secret@gbucket/daily","adhocBackupPath":"https://h.example.com/p?sig=S1G&sv=2"}
            """);
        var text = _redactor.Redact(node)!.ToJsonString();
        Hidden(text, "AKIANODE", "se/cr+et", "cr+et", "p\\\"q@w", "q@w", "rpw-1", "az/key==", "gs/secret", "S1G");
        var redacted = _redactor.Redact(node)!;
        redacted["importFromUri"]![0]!.GetValue<string>().ShouldBe($"s3://{Redactor.Mask}@bkt/a.rdb");
        redacted["importFromUri"]![1]!.GetValue<string>().ShouldBe($"ftp://u:{Redactor.Mask}@ftp.host/b.rdb");
        redacted["importFromUri"]![2]!.GetValue<string>().ShouldBe($"redis://default:{Redactor.Mask}@r.host:12000");
        redacted["remoteBackup"]!["storagePath"]!.GetValue<string>().ShouldBe($"abs://{Redactor.Mask}@cont/backups");
        redacted["periodicBackupPath"]!.GetValue<string>().ShouldBe($"gs://{Redactor.Mask}@gbucket/daily");
        redacted["adhocBackupPath"]!.GetValue<string>().ShouldBe($"https://h.example.com/p?sig={Redactor.Mask}&sv=2");
        // With revealSecrets a person asked for secret fields, never for passwords inside URIs.
        _redactor.Redact(node, revealSecretFields: true)!["importFromUri"]![0]!.GetValue<string>().ShouldBe($"s3://{Redactor.Mask}@bkt/a.rdb");
    }

    [Fact]
    public void Uris_without_secrets_are_left_alone_and_redaction_is_idempotent()
    {
        foreach (var clean in new[]
                 {
                     "s3://bucket/path/file.rdb", "https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sp=r", "redis://10.0.0.1:12000",
                     "see https://docs.example.com/a?b=c#frag, and mail bob@example.com", "gs://bucket", "a://", "://@", "x://@",
                 })
            _redactor.Redact(clean).ShouldBeSameAs(clean);
        foreach (var dirty in new[]
                 {
                     "s3://AK:se/cr@b/p", "ftp://u:p@q@h/f", "x https://h/p?sig=1&token=2 y", "redis://default:pw@h:1",
                 })
        {
            var once = _redactor.Redact(dirty);
            _redactor.Redact(once).ShouldBe(once);
        }
    }

    [Theory]
    [InlineData("a://@")]
    [InlineData("://@?")]
    [InlineData("s3://k:s/@b?sig=x&")]
    [InlineData(" ftp://u:p@")]
    [InlineData("x://a?token=")]
    [InlineData("\\u0026")]
    public void A_megabyte_of_hostile_uri_text_is_redacted_in_one_pass(string unit)
    {
        // Each piece is looked at a bounded number of times: a quadratic scanner would take hours on these.
        var hostile = string.Concat(Enumerable.Repeat(unit, 1_000_000 / unit.Length));
        foreach (var text in new[] { hostile, "text " + hostile, hostile + " s3://AK:se/cr@b/p" })
        {
            var redacted = _redactor.Redact(text);
            redacted.Length.ShouldBeLessThanOrEqualTo(text.Length + Redactor.Mask.Length * (text.Length / unit.Length + 2));
            redacted.ShouldNotContain("se/cr");
        }
    }
}
