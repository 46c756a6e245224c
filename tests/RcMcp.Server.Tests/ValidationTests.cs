using System.Text.Json;
using RcMcp.Server.Schema;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Tests;

public class ValidationTests
{
    private static readonly ToolCatalog Catalog = new();

    private static List<ArgumentError> Validate(string tool, string json)
    {
        var spec = Catalog.Find(tool)!;
        var args = new ToolArgs(JsonDocument.Parse(json).RootElement);
        var errors = ArgumentValidator.Validate(spec.InputSchema, args.Json);
        if (errors.Count == 0 && spec.ArgumentRules is { } extra) errors.AddRange(extra(args));
        return errors;
    }

    [Fact]
    public void Missing_required_field_is_named_with_a_fix()
    {
        var errors = Validate("get_database", """{"subscriptionId": 5}""");
        errors.ShouldHaveSingleItem().Field.ShouldBe("databaseId");
        errors[0].Problem.ShouldBe("is required");
        errors[0].Fix.ShouldContain("list_databases");
    }

    [Fact]
    public void A_string_where_an_integer_belongs_is_rejected()
    {
        var e = Validate("get_subscription", """{"subscriptionId": "123"}""").ShouldHaveSingleItem();
        e.Field.ShouldBe("subscriptionId");
        e.Problem.ShouldContain("must be an integer");
        e.Fix.ShouldContain("whole number");
    }

    [Fact]
    public void Fractions_and_out_of_range_numbers_are_rejected()
    {
        Validate("get_subscription", """{"subscriptionId": 1.5}""").ShouldHaveSingleItem().Field.ShouldBe("subscriptionId");
        var e = Validate("get_subscription", """{"subscriptionId": 0}""").ShouldHaveSingleItem();
        e.Problem.ShouldContain("out of range");
        e.Fix.ShouldContain("between 1 and");
    }

    /// <summary>Issue 18: the fixes quoted there restated the schema; now they show a value to send.</summary>
    [Fact]
    public void Fixes_show_a_valid_value_not_the_schema()
    {
        var vpc = Validate("create_vpc_peering", """{"subscriptionId":1,"region":"us-east-1","awsAccountId":"123456789012","vpcId":"vpc-1","vpcCidrs":["10.10.0.0/16"]}""").ShouldHaveSingleItem();
        vpc.ToString().ShouldBe("vpcId: must be at least 12 characters. Fix: give at least 12 character(s), e.g. \"vpcId\": \"vpc-0123456789abcdef0\" (AWS only)");

        var password = Validate("create_acl_user", """{"name":"app","role":"readers"}""").ShouldHaveSingleItem();
        password.Fix.ShouldBe("add \"password\": \"<a strong password, 8+ characters>\" (Never shown again)");

        Validate("get_database", """{"subscriptionId":1}""").ShouldHaveSingleItem().Fix.ShouldBe("add \"databaseId\": 12345 (an id from list_databases (Essentials tools: list_essentials_databases))");
        Validate("create_subscription", """{"cloudProviders":[{"regions":[{"region":"us-east-1","networking":{"deploymentCIDR":"10.0.0"}}]}],"databases":[{"name":"a","protocol":"redis"}]}""")
            .ShouldHaveSingleItem().Fix.ShouldContain("e.g. \"deploymentCIDR\": \"10.0.0.0/24\"");
        Validate("create_database", """{"subscriptionId":1,"name":"a","port":80}""").ShouldHaveSingleItem().Fix.ShouldBe("use a value between 10000 and 19999, e.g. \"port\": 10000 (Auto if unset)");
        Validate("create_database", """{"subscriptionId":1,"name":"a","remoteBackup":"daily"}""").ShouldHaveSingleItem().Fix.ShouldContain(
            "e.g. \"remoteBackup\": {\"active\":true,\"interval\":\"every-24-hours\",\"timeUTC\":\"14:00\",\"storageType\":\"aws-s3\",\"storagePath\":\"s3://my-bucket/redis-backups\"}");
        Validate("create_database", """{"subscriptionId":1,"name":"a","sourceIp":[5]}""").ShouldHaveSingleItem().Fix.ShouldBe("pass a JSON string, e.g. \"192.168.10.0/24\"");

        // A tool's own rules show values too.
        Validate("create_vpc_peering", """{"subscriptionId":1,"region":"us-east-1","awsAccountId":"123456789012","vpcCidrs":["10.10.0.0/16"]}""")
            .ShouldHaveSingleItem().Fix.ShouldContain("e.g. \"vpcId\": \"vpc-0123456789abcdef0\"");
        Validate("create_vpc_peering", """{"subscriptionId":1,"provider":"GCP","vpcProjectUid":"my-project"}""")
            .ShouldHaveSingleItem().Fix.ShouldContain("\"vpcNetworkName\": \"my-vpc-network\"");
    }

    /// <summary>A fix never echoes what was sent: a secret that breaks a rule stays out of the fix.</summary>
    [Fact]
    public void Fixes_never_quote_the_value_sent()
    {
        var errors = Validate("create_acl_user", """{"name":"app","role":"readers","password":"pw-XyZ"}""")
            .Concat(Validate("create_database", """{"subscriptionId":1,"name":"a","password":"pw-XyZ"}""")).ToList();
        errors.Count.ShouldBe(2);
        errors.ShouldAllBe(e => !e.Fix.Contains("pw-XyZ"));
    }

    /// <summary>The spec's deprecated fields: answered with their replacement and a value for it.</summary>
    [Theory]
    [InlineData("create_database", """{"subscriptionId":1,"name":"a","memoryLimitInGb":2}""", "memoryLimitInGb",
        "memoryLimitInGb: is deprecated; use datasetSizeInGb instead. Fix: replace \"memoryLimitInGb\" with \"datasetSizeInGb\": 1 (the data size before replication: with replication on, half of the memory limit)")]
    [InlineData("update_database", """{"subscriptionId":1,"databaseId":2,"periodicBackupPath":"s3://b/p"}""", "periodicBackupPath",
        "periodicBackupPath: is deprecated; use remoteBackup instead. Fix: replace \"periodicBackupPath\" with \"remoteBackup\": {\"active\":true,\"interval\":\"every-24-hours\",\"timeUTC\":\"14:00\",\"storageType\":\"aws-s3\",\"storagePath\":\"s3://my-bucket/redis-backups\"} (storagePath is the backup location)")]
    [InlineData("create_essentials_database", """{"subscriptionId":1,"name":"a","replicaOf":["redis://h:1"]}""", "replicaOf",
        "replicaOf: is deprecated; use replica instead. Fix: replace \"replicaOf\" with \"replica\": {\"syncSources\":[{\"endpoint\":\"redis://redis-12000.example.com:12000\"}]} (each URI becomes one syncSources endpoint)")]
    [InlineData("update_active_active_database_local_properties", """{"subscriptionId":1,"databaseId":2,"clientSslCertificate":"-----BEGIN"}""", "clientSslCertificate",
        "clientSslCertificate: is deprecated; use clientTlsCertificates instead. Fix: replace \"clientSslCertificate\" with \"clientTlsCertificates\": [{\"publicCertificatePEMString\":\"-----BEGIN CERTIFICATE-----\\n<base64 lines>\\n-----END CERTIFICATE-----\"}] (a list: one entry per PEM certificate)")]
    [InlineData("create_subscription", """{"redisVersion":"7.2","cloudProviders":[{"regions":[{"region":"us-east-1"}]}],"databases":[{"name":"a","protocol":"redis"}]}""", "redisVersion",
        "redisVersion: is deprecated; use databases[].redisVersion instead. Fix: replace \"redisVersion\" with \"redisVersion\": \"7.4\" in each item of databases (set on each database)")]
    public void Deprecated_fields_are_answered_with_their_replacement(string tool, string json, string field, string text)
    {
        var error = Validate(tool, json).ShouldHaveSingleItem();
        error.Field.ShouldBe(field);
        error.ToString().ShouldBe(text);
    }

    /// <summary>Deprecated fields with no replacement that the API still takes are accepted; where the name is current
    /// (Essentials' periodicBackupPath) it is never called deprecated.</summary>
    [Theory]
    [InlineData("create_database", """{"subscriptionId":1,"name":"a","averageItemSizeInBytes":5000}""")]
    [InlineData("create_subscription", """{"cloudProviders":[{"regions":[{"region":"us-east-1"}]}],"databases":[{"name":"a","protocol":"redis","averageItemSizeInBytes":5000}]}""")]
    [InlineData("add_active_active_region", """{"subscriptionId":1,"region":"us-west-2","deploymentCIDR":"10.0.5.0/24","respVersion":"resp2"}""")]
    [InlineData("update_essentials_database", """{"subscriptionId":1,"databaseId":2,"periodicBackupPath":"s3://b/p"}""")]
    public void Deprecated_fields_without_a_replacement_are_accepted(string tool, string json) => Validate(tool, json).ShouldBeEmpty();

    /// <summary>update_subscription takes the spec's customer-managed-key form, alone: the body is a oneOf.</summary>
    [Fact]
    public void Update_subscription_takes_the_customer_managed_key_form_alone()
    {
        const string Key = "\"customerManagedKeys\":[{\"resourceName\":\"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\"}]";
        var keys = $$"""{"subscriptionId":1,{{Key}},"deletionGracePeriod":"24-hours"}""";
        Validate("update_subscription", keys).ShouldBeEmpty();
        var spec = Catalog.Find("update_subscription")!;
        spec.NeedsConfirmation(new ToolArgs(JsonDocument.Parse(keys).RootElement)).ShouldBeTrue("a key change can cost the subscription: the person confirms it");
        spec.DescribeImpact!(new ToolArgs(JsonDocument.Parse(keys).RootElement), null).ShouldContain("deleted after the grace period (24-hours)");

        var mixed = Validate("update_subscription", $$"""{"subscriptionId":1,"name":"x",{{Key}}}""").ShouldHaveSingleItem();
        mixed.Field.ShouldBe("name");
        mixed.Problem.ShouldContain("one form per call");
        Validate("update_subscription", """{"subscriptionId":1,"deletionGracePeriod":"1-hour"}""").ShouldHaveSingleItem().Field.ShouldBe("customerManagedKeys");
        Validate("update_subscription", """{"subscriptionId":1,"customerManagedKeys":[]}""").ShouldHaveSingleItem().Field.ShouldBe("customerManagedKeys");
    }

    /// <summary>The Data Integration changes pass on an object or an array, and a DELETE may carry one too.</summary>
    [Theory]
    [InlineData("create_data_integration")]
    [InlineData("replace_data_integration")]
    [InlineData("patch_data_integration")]
    [InlineData("delete_data_integration")]
    public void Data_integration_bodies_are_objects_or_arrays(string tool)
    {
        Validate(tool, """{"subscriptionId":1,"path":"pipelines/orders","body":[{"name":"a"},{"name":"b"}]}""").ShouldBeEmpty();
        Validate(tool, """{"subscriptionId":1,"body":{"name":"a"}}""").ShouldBeEmpty();
        var scalar = Validate(tool, """{"subscriptionId":1,"body":"text"}""").ShouldHaveSingleItem();
        scalar.ToString().ShouldBe("body: must be an object or an array (got the string \"text\"). Fix: pass an object or an array, e.g. \"body\": {} (RDI payload: JSON object or array)");
        Validate(tool, $$"""{"subscriptionId":1,"body":[{"a":"{{new string('x', 1001)}}"}]}""").ShouldHaveSingleItem().Field.ShouldBe("body[0].a");
        var request = Catalog.Find(tool)!.Request!(new ToolArgs(JsonDocument.Parse("""{"subscriptionId":1,"body":[1,2]}""").RootElement));
        request.Body.ShouldBeOfType<System.Text.Json.Nodes.JsonArray>().Count.ShouldBe(2);
    }

    [Fact]
    public void Unknown_fields_get_a_suggestion()
    {
        var e = Validate("create_database", """{"subscriptionId": 1, "name": "db1", "datasetSizeGb": 1}""").ShouldHaveSingleItem();
        e.Field.ShouldBe("datasetSizeGb");
        e.Fix.ShouldContain("datasetSizeInGb");
    }

    [Fact]
    public void Enum_values_are_case_sensitive_with_the_right_spelling_suggested()
    {
        var e = Validate("create_database", """{"subscriptionId": 1, "name": "db1", "dataPersistence": "AOF-every-1-second"}""").ShouldHaveSingleItem();
        e.Field.ShouldBe("dataPersistence");
        e.Fix.ShouldContain("\"aof-every-1-second\"");
    }

    [Fact]
    public void Nested_errors_carry_their_full_path()
    {
        var errors = Validate("create_subscription", """
            {"cloudProviders":[{"regions":[{"region":"us-east-1","networking":{"deploymentCIDR":"nope"}}]}],
             "databases":[{"name":"1bad","protocol":"redis","throughputMeasurement":{"by":"operations-per-second"}}]}
            """);
        errors.Select(e => e.Field).ShouldBe(
            ["cloudProviders[0].regions[0].networking.deploymentCIDR", "databases[0].name", "databases[0].throughputMeasurement.value"], ignoreOrder: true);
    }

    [Fact]
    public void Database_names_follow_the_api_rule()
    {
        Validate("create_database", """{"subscriptionId":1,"name":"orders-cache"}""").ShouldBeEmpty();
        Validate("create_database", """{"subscriptionId":1,"name":"orders-"}""").ShouldHaveSingleItem().Field.ShouldBe("name");
        Validate("create_database", """{"subscriptionId":1,"name":"orders_cache"}""").ShouldHaveSingleItem().Field.ShouldBe("name");
        Validate("create_database", $$"""{"subscriptionId":1,"name":"{{new string('a', 41)}}"}""").ShouldHaveSingleItem().Problem.ShouldContain("at most 40");
    }

    /// <summary>Every update tool refuses a call that names nothing to change, through the one shared rule.</summary>
    [Theory]
    [InlineData("update_database", """{"subscriptionId":1,"databaseId":2}""")]
    [InlineData("update_subscription", """{"subscriptionId":1}""")]
    [InlineData("update_essentials_subscription", """{"subscriptionId":1}""")]
    [InlineData("update_essentials_database", """{"subscriptionId":1,"databaseId":2}""")]
    [InlineData("update_active_active_database_local_properties", """{"subscriptionId":1,"databaseId":2}""")]
    [InlineData("update_acl_role", """{"aclRoleId":1}""")]
    [InlineData("update_acl_user", """{"aclUserId":1}""")]
    [InlineData("update_psc_endpoint", """{"subscriptionId":1,"pscServiceId":1,"endpointId":1}""")]
    public void An_update_that_changes_nothing_is_refused(string tool, string json)
    {
        var error = Validate(tool, json).ShouldHaveSingleItem();
        error.Field.ShouldBe("(arguments)");
        error.Problem.ShouldBe("nothing to change");
        error.Fix.ShouldStartWith("give ");
    }

    /// <summary>The three database updates name the settings they change, and warn when access changes.</summary>
    [Theory]
    [InlineData("update_database", """{"subscriptionId":1,"databaseId":2,"datasetSizeInGb":2,"password":"abcdefgh1"}""", "Update database ", "datasetSizeInGb, password.", true)]
    [InlineData("update_database", """{"subscriptionId":1,"databaseId":2,"datasetSizeInGb":2}""", "Update database ", "change datasetSizeInGb.", false)]
    [InlineData("update_essentials_database", """{"subscriptionId":1,"databaseId":2,"dataEvictionPolicy":"noeviction"}""", "Update the Essentials database ", "change dataEvictionPolicy.", false)]
    [InlineData("update_active_active_database_local_properties", """{"subscriptionId":1,"databaseId":2,"regions":[{"region":"us-east-1","password":"abcdefgh1"}]}""",
        "Update Active-Active database ", "change regions (regions us-east-1).", true)]
    public void A_database_update_says_what_it_changes(string tool, string json, string start, string change, bool warns)
    {
        var impact = Catalog.Find(tool)!.DescribeImpact!(new ToolArgs(JsonDocument.Parse(json).RootElement), null);
        impact.ShouldStartWith(start);
        impact.ShouldContain(change);
        impact.Contains("This changes who can connect", StringComparison.Ordinal).ShouldBe(warns);
        impact.ShouldNotContain("abcdefgh1");
    }

    [Fact]
    public void Cross_field_rules_apply()
    {
        Validate("create_database", """{"subscriptionId":1,"name":"a1","datasetSizeInGb":1,"memoryLimitInGb":2}""")
            .ShouldHaveSingleItem().Field.ShouldBe("memoryLimitInGb");
        Validate("create_database", """{"subscriptionId":1,"name":"a1","protocol":"memcached","password":"abcdefgh1"}""")
            .ShouldHaveSingleItem().Field.ShouldBe("password");
        Validate("update_database", """{"subscriptionId":1,"databaseId":2}""").ShouldHaveSingleItem().Problem.ShouldBe("nothing to change");
        Validate("create_subscription", """{"deploymentType":"active-active","cloudProviders":[{"regions":[{"region":"us-east-1"}]}],"databases":[{"name":"a","protocol":"redis"}]}""")
            .ShouldHaveSingleItem().Field.ShouldBe("cloudProviders[0].regions");
    }

    [Fact]
    public void Task_ids_cannot_smuggle_path_segments()
    {
        Validate("get_task", """{"taskId":"../subscriptions"}""").ShouldHaveSingleItem().Field.ShouldBe("taskId");
        Validate("get_task", """{"taskId":"0b7c9a4e-3f7e-4d5e-9c1a-2b8f6d0e1a23"}""").ShouldBeEmpty();
    }

    [Fact]
    public void Every_tool_rejects_a_wrong_type_for_each_of_its_fields()
    {
        foreach (var spec in Catalog.Specs)
        {
            var properties = spec.InputSchema["properties"]!.AsObject();
            foreach (var (name, schema) in properties)
            {
                var wrong = (string?)schema!["type"] == "string" ? "12345" : "\"wrong\"";
                var errors = ArgumentValidator.Validate(spec.InputSchema, JsonDocument.Parse($$"""{"{{name}}": {{wrong}}}""").RootElement);
                errors.ShouldContain(e => e.Field == name, $"{spec.Name}.{name} accepted {wrong}");
            }
        }
    }
}

public class ValidationEdgeTests
{
    private static readonly System.Text.Json.Nodes.JsonObject Schema = RcMcp.Server.Schema.JsonSchema.Object()
        .Prop("name", RcMcp.Server.Schema.JsonSchema.Str("Name.", 1, 40, "^[a-z][a-z0-9-]*$"))
        .Prop("id", RcMcp.Server.Schema.JsonSchema.Int("Id.", 1))
        .Build();

    private static List<RcMcp.Server.Schema.ArgumentError> Check(string json) =>
        RcMcp.Server.Schema.ArgumentValidator.Validate(Schema, System.Text.Json.JsonDocument.Parse(json).RootElement);

    [Theory]
    [InlineData("""{"name":"db1\n"}""")]
    [InlineData("""{"name":"db1\r\n"}""")]
    [InlineData("""{"name":"\ndb1"}""")]
    public void A_line_break_never_passes_a_pattern(string json) => Check(json).ShouldHaveSingleItem().Field.ShouldBe("name");

    [Theory]
    [InlineData("2147483648")]
    [InlineData("9007199254740993")]
    [InlineData("1e400")]
    [InlineData("0")]
    [InlineData("1.5")]
    public void Integers_outside_what_the_models_hold_are_refused(string number) => Check($$"""{"id":{{number}}}""").ShouldHaveSingleItem().Field.ShouldBe("id");

    [Fact]
    public void An_integer_written_with_a_fraction_is_accepted_and_normalised()
    {
        Check("""{"id":5.0}""").ShouldBeEmpty();
        var normalized = RcMcp.Server.Schema.ArgumentValidator.NormalizeIntegers(Schema, System.Text.Json.JsonDocument.Parse("""{"id":5.0}""").RootElement);
        normalized!.Value.GetProperty("id").GetRawText().ShouldBe("5");
    }

    [Fact]
    public void An_unpaired_surrogate_is_named() => Check("""{"name":"a\ud800b"}""").ShouldHaveSingleItem().Problem.ShouldContain("surrogate");
}
