using System.Text.Json.Nodes;

namespace RcMcp.Server.Schema;

/// <summary>
/// A valid value for a field, shown in the fix of every validation error ("e.g. "vpcId": "vpc-0123456789abcdef0"")
/// so that a model sees what to send instead of a restatement of the schema. A value comes from, in this order:
/// the schema's own <c>examples</c> (set with the builder's <c>example</c> argument, for values only one tool knows);
/// the formats the API defines for a property name (AWS ids, CIDRs, regions, ARNs, dates), said once here like the id
/// sources are, so they cost nothing in tools/list; and a value derived from the schema (the first enum value, a
/// number inside the range, a string of a valid length, an object with its required fields). Every candidate is
/// checked against the schema before it is shown: a value that would not itself validate is never offered, and a test
/// holds every field of every tool to having one.
/// </summary>
public static class SchemaExamples
{
    /// <summary>The most a generated example nests (a guard; our schemas are far shallower).</summary>
    private const int MaxDepth = 10;

    /// <summary>Written in place of a secret: the fix shows the shape, never a password a model could reuse.</summary>
    public const string SecretPlaceholder = "<a strong password, 8+ characters>";

    private const string Cidr24 = "10.0.0.0/24";
    private const string VpcCidr = "10.10.0.0/16";
    private const string S3Path = "s3://my-bucket/redis-backups";
    private const string Pem = "-----BEGIN CERTIFICATE-----\n<base64 lines>\n-----END CERTIFICATE-----";

    /// <summary>
    /// Values of the formats the API defines, by property name (for an array, the name of the array gives its items'
    /// value). A value that does not fit a field's schema where the name means something else is skipped.
    /// </summary>
    private static readonly Dictionary<string, JsonNode> Known = new(StringComparer.Ordinal)
    {
        // AWS networking and accounts.
        ["vpcId"] = "vpc-0123456789abcdef0",
        ["subnetIds"] = "subnet-0123456789abcdef0",
        ["securityGroupId"] = "sg-0123456789abcdef0",
        ["securityGroupIds"] = "sg-0123456789abcdef0",
        ["awsAccountId"] = "123456789012",
        ["principal"] = "arn:aws:iam::123456789012:root",
        ["accessKeyId"] = "AKIAIOSFODNN7EXAMPLE",
        ["signInLoginUrl"] = "https://123456789012.signin.aws.amazon.com/console",
        ["customerManagedKeyResourceName"] = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ["resourceName"] = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ["shareName"] = "redis-cloud-share",
        // Regions and zones (cloud provider names, as list_regions gives them).
        ["region"] = "us-east-1",
        ["regionName"] = "us-east-1",
        ["sourceRegion"] = "us-east-1",
        ["destinationRegion"] = "us-west-2",
        ["regions"] = "us-east-1",
        ["preferredAvailabilityZones"] = "use1-az1",
        // Address ranges.
        ["deploymentCIDR"] = Cidr24,
        ["vpcCidr"] = VpcCidr,
        ["vpcCidrs"] = VpcCidr,
        ["cidrAddress"] = VpcCidr,
        ["cidrIps"] = "203.0.113.0/24",
        ["sourceIp"] = "192.168.10.0/24",
        ["sourceIps"] = "192.168.10.0/24",
        ["globalSourceIp"] = "192.168.10.0/24",
        // GCP.
        ["gcpProjectId"] = "my-gcp-project",
        ["vpcProjectUid"] = "my-gcp-project",
        ["vpcNetworkName"] = "my-vpc-network",
        ["gcpVpcName"] = "my-vpc-network",
        ["gcpVpcSubnetName"] = "my-subnet",
        ["endpointConnectionName"] = "redis-psc",
        // Dates and times.
        ["startDate"] = "2026-01-01",
        ["endDate"] = "2026-01-31",
        ["startTime"] = "2026-01-01T00:00:00Z",
        ["endTime"] = "2026-01-02T00:00:00Z",
        ["timeUTC"] = "14:00",
        // Ids that are strings.
        ["taskId"] = "0b7c9a4e-3f7e-4d5e-9c1a-2b8f6d0e1a23",
        ["redirectionId"] = "5f0c9a4e-3f7e-4d5e-9c1a-2b8f6d0e1a23",
        ["costReportId"] = "cost-report-2026-01",
        // Redis.
        ["endpoint"] = "redis://redis-12000.example.com:12000",
        ["importFromUri"] = "s3://my-bucket/dumps/orders.rdb",
        ["storagePath"] = S3Path,
        ["adhocBackupPath"] = S3Path,
        ["periodicBackupPath"] = S3Path,
        ["publicCertificatePEMString"] = Pem,
        ["serverCert"] = Pem,
        ["redisVersion"] = "7.4",
        ["targetRedisVersion"] = "7.4",
        ["queryPerformanceFactor"] = "2x",
        ["redisRule"] = "+@read ~cache:*",
        ["regexRules"] = ".*\\{(?<tag>.*)\\}.*",
        ["path"] = "pipelines/orders",
        // Secrets: a placeholder, never a value that could be used as is.
        ["password"] = SecretPlaceholder,
        ["globalPassword"] = SecretPlaceholder,
        ["saslPassword"] = SecretPlaceholder,
        ["consolePassword"] = SecretPlaceholder,
        ["accessSecretKey"] = "<the IAM user's secret access key>",
        // Tags.
        ["key"] = "team",
        ["tagKey"] = "team",
        ["value"] = "payments",
    };

    /// <summary>
    /// A value that validates against <paramref name="schema"/>, for the property <paramref name="name"/> (the last
    /// segment of its path; empty for the arguments themselves), or null when none can be made.
    /// </summary>
    public static JsonNode? For(JsonObject schema, string name) => For(schema, name, 0);

    /// <summary>
    /// <c>"name": value</c> for a property of a format the API defines (e.g. <c>"vpcId": "vpc-0123456789abcdef0"</c>),
    /// for the fixes of a tool's own rules; null for any other name.
    /// </summary>
    public static string? Shown(string name) =>
        Known.TryGetValue(name, out var value) ? $"\"{name}\": {ServerJson.Serialize(value)}" : null;

    /// <summary>The property name in a path such as <c>databases[0].throughputMeasurement.value</c> or <c>sourceIp[2]</c>.</summary>
    public static string NameOf(string path)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        var bracket = name.IndexOf('[');
        return bracket >= 0 ? name[..bracket] : name;
    }

    private static JsonNode? For(JsonObject schema, string name, int depth)
    {
        if (depth > MaxDepth) return null;
        if (schema["anyOf"] is JsonArray branches)
            return branches.OfType<JsonObject>().Select(b => For(b, name, depth + 1)).FirstOrDefault(v => v is not null);
        if (schema["examples"] is JsonArray { Count: > 0 } examples && Valid(schema, examples[0])) return examples[0]!.DeepClone();
        if (Known.TryGetValue(name, out var known) && Valid(schema, known)) return known.DeepClone();
        var derived = Derive(schema, name, depth);
        return derived is not null && Valid(schema, derived) ? derived : null;
    }

    private static bool Valid(JsonObject schema, JsonNode? value) => value is not null && ArgumentValidator.IsValid(schema, value);

    private static JsonNode? Derive(JsonObject schema, string name, int depth) => (string?)schema["type"] switch
    {
        "string" => DeriveString(schema, name),
        "integer" => JsonValue.Create(Clamp(IsId(name) ? 12345 : 1, schema)),
        "number" => JsonValue.Create((double)Clamp(1, schema)),
        "boolean" => JsonValue.Create(true),
        "array" => DeriveArray(schema, name, depth),
        "object" => DeriveObject(schema, depth),
        _ => null,
    };

    private static JsonNode? DeriveString(JsonObject schema, string name)
    {
        if (schema["enum"] is JsonArray { Count: > 0 } values) return values[0]!.DeepClone();
        switch ((string?)schema["format"])
        {
            case "date": return JsonValue.Create("2026-01-31");
            case "date-time": return JsonValue.Create("2026-01-31T14:00:00Z");
            case "uri": return JsonValue.Create("https://example.com/");
            case "email": return JsonValue.Create("person@example.com");
        }
        // A pattern needs a value written for it (schema examples or the known formats): none is guessed.
        if (schema["pattern"] is not null) return null;
        var min = schema["minLength"] is JsonValue mn ? (int)mn : 0;
        var max = schema["maxLength"] is JsonValue mx ? (int)mx : ArgumentValidator.DefaultMaxStringLength;
        var placeholder = $"<{name}>";
        if (name.Length == 0 || placeholder.Length > max) placeholder = new string('a', Math.Max(min, 1));
        if (placeholder.Length < min) placeholder = placeholder.PadRight(min, '-');
        return JsonValue.Create(placeholder);
    }

    private static JsonNode? DeriveArray(JsonObject schema, string name, int depth)
    {
        if (schema["items"] is not JsonObject items || For(items, name, depth + 1) is not { } item) return null;
        var count = Math.Max(1, schema["minItems"] is JsonValue mn ? (int)mn : 0);
        if (count > 1 && schema["uniqueItems"] is JsonValue u && (bool)u) return null;
        var array = new JsonArray();
        for (var i = 0; i < count; i++) array.Add(item.DeepClone());
        return array;
    }

    /// <summary>The required fields; with none required, every field when there are a few (a whole small setting such as
    /// a backup plan reads best), else the first.</summary>
    private static JsonNode? DeriveObject(JsonObject schema, int depth)
    {
        var result = new JsonObject();
        if (schema["properties"] is not JsonObject properties) return result;
        var required = (schema["required"] as JsonArray)?.Select(r => (string)r!).ToList() ?? [];
        var shown = required.Count > 0 ? required : properties.Count <= 6 ? properties.Select(p => p.Key).ToList() : properties.Select(p => p.Key).Take(1).ToList();
        foreach (var key in shown)
        {
            if (properties[key] is not JsonObject property) continue;
            var value = For(property, key, depth + 1);
            if (value is null)
            {
                if (required.Contains(key)) return null;
                continue;
            }
            result[key] = value;
        }
        return result;
    }

    /// <summary>An integer id (or a list of them, e.g. subscriptionIds): an example looks like one, not like a count.</summary>
    private static bool IsId(string name) =>
        name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("Ids", StringComparison.Ordinal) || Tools.IdArguments.IdSources.Any(s => s.Property == name);

    private static long Clamp(long preferred, JsonObject schema)
    {
        var min = schema["minimum"] is JsonValue mn ? (long)Math.Ceiling(double.Parse(mn.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)) : long.MinValue;
        var max = schema["maximum"] is JsonValue mx ? (long)Math.Floor(double.Parse(mx.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)) : long.MaxValue;
        return Math.Min(Math.Max(preferred, min), max);
    }
}
