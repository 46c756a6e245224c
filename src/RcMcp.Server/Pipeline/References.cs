using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Pipeline;

/// <summary>What an id-like argument names, for --allow-subscriptions.</summary>
public enum ReferenceKind
{
    /// <summary>Not a subscription or a database (a region, a VPC, an ACL rule, ...): the reason says why.</summary>
    None,
    /// <summary>A subscription id (Pro or Essentials).</summary>
    Subscription,
    /// <summary>A database id: scoped by a subscriptionId beside it, or else resolved to its subscription.</summary>
    Database,
    /// <summary>Either a subscription or a database id (list_system_logs' resourceId).</summary>
    SubscriptionOrDatabase,
    /// <summary>An endpoint redirection id: its source and target databases are read and resolved.</summary>
    Redirection,
}

/// <summary>
/// One declaration: the argument at <paramref name="Path"/> (property names joined by '.', arrays transparent, e.g.
/// "redisRules.databases.subscriptionId") names a <paramref name="Kind"/>; for <see cref="ReferenceKind.None"/>,
/// <paramref name="Why"/> says why it is not a reference.
/// </summary>
public sealed record ArgumentReference(string Path, ReferenceKind Kind, string? Why = null)
{
    public override string ToString() => Kind == ReferenceKind.None ? $"{Path} none ({Why})" : $"{Path} {Kind.ToString().ToLowerInvariant()}";
}

/// <summary>One id found in a call's canonical arguments: where (with indexes), what it names, its value.</summary>
public sealed record FoundReference(string Field, ReferenceKind Kind, long Value, bool ScopedBySubscription, string? Text = null);

/// <summary>
/// Which arguments of a tool name a subscription or a database, at any depth. The meaning of a property name is the
/// same across the catalog (the table below); a tool declares its own in <see cref="ToolSpec.References"/> where a
/// name means something else there. Free-form objects (Data Integration bodies, module parameters) are scanned for
/// keys that look like subscription or database ids. A test holds every id-like property of every tool to a
/// declaration, and the committed references baseline shows each tool's.
/// </summary>
public static class References
{
    /// <summary>A property name that looks like an id: what the catalog test holds to a declaration.</summary>
    public static bool IsIdLike(string name) =>
        name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("Ids", StringComparison.Ordinal) ||
        name is "databases" or "subscriptions";

    private const string Scoped = "inside the subscription the same call names (the API path scopes it)";

    /// <summary>The meaning of each id-like property name across the catalog.</summary>
    private static readonly Dictionary<string, (ReferenceKind Kind, string? Why)> ByName = new(StringComparer.Ordinal)
    {
        ["subscriptionId"] = (ReferenceKind.Subscription, null),
        ["subscriptionIds"] = (ReferenceKind.Subscription, null),
        ["databaseId"] = (ReferenceKind.Database, null),
        ["databaseIds"] = (ReferenceKind.Database, null),
        ["sourceDatabaseId"] = (ReferenceKind.Database, null),
        ["targetDatabaseId"] = (ReferenceKind.Database, null),
        ["redirectionId"] = (ReferenceKind.Redirection, null),
        ["databases"] = (ReferenceKind.None, "database definitions by name or objects whose ids are declared on their own"),
        ["regionId"] = (ReferenceKind.None, "a region " + Scoped),
        ["regionIds"] = (ReferenceKind.None, "regions " + Scoped),
        ["peeringId"] = (ReferenceKind.None, "a VPC peering " + Scoped),
        ["TgwId"] = (ReferenceKind.None, "a transit gateway " + Scoped),
        ["tgwInvitationId"] = (ReferenceKind.None, "a transit gateway invitation " + Scoped),
        ["endpointId"] = (ReferenceKind.None, "a private endpoint " + Scoped),
        ["pscServiceId"] = (ReferenceKind.None, "a Private Service Connect service " + Scoped),
        ["connectionId"] = (ReferenceKind.None, "a PrivateLink connection " + Scoped),
        ["associationId"] = (ReferenceKind.None, "a PrivateLink association " + Scoped),
        ["principalId"] = (ReferenceKind.None, "a PrivateLink principal " + Scoped),
        ["aclRedisRuleId"] = (ReferenceKind.None, "an account-wide ACL rule, no subscription"),
        ["aclRoleId"] = (ReferenceKind.None, "an account-wide ACL role; the databases it names are checked in its body"),
        ["aclUserId"] = (ReferenceKind.None, "an account-wide ACL user, no subscription"),
        ["userId"] = (ReferenceKind.None, "an account user, no subscription"),
        ["cloudAccountId"] = (ReferenceKind.None, "a cloud account (credentials of the account), no subscription"),
        ["paymentMethodId"] = (ReferenceKind.None, "a payment method of the account"),
        ["planId"] = (ReferenceKind.None, "an Essentials plan from the public plan list"),
        ["costReportId"] = (ReferenceKind.None, "a report made by create_cost_report, whose subscriptions are checked"),
        ["taskId"] = (ReferenceKind.None, "a task id (a random UUID) that an allowed call returned; list_tasks hides the others"),
        ["vpcId"] = (ReferenceKind.None, "the customer's cloud VPC, not a Redis Cloud resource"),
        ["subnetIds"] = (ReferenceKind.None, "the customer's cloud subnets"),
        ["securityGroupId"] = (ReferenceKind.None, "the customer's cloud security group"),
        ["securityGroupIds"] = (ReferenceKind.None, "the customer's cloud security groups"),
        ["awsAccountId"] = (ReferenceKind.None, "the customer's AWS account"),
        ["gcpProjectId"] = (ReferenceKind.None, "the customer's Google Cloud project"),
        ["accessKeyId"] = (ReferenceKind.None, "a cloud provider access key (a secret, redacted), not an id of ours"),
    };

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ToolSpec, IReadOnlyList<ArgumentReference>> Cache = new();

    /// <summary>Every id-like property of the tool's schema with its meaning (null kind: undeclared; the catalog test
    /// fails on those).</summary>
    public static IReadOnlyList<ArgumentReference> Of(ToolSpec spec) => Cache.GetValue(spec, s =>
    {
        var found = new List<ArgumentReference>();
        Walk(s, s.InputSchema, "", found);
        return found;
    });

    /// <summary>The id-like properties of the schema that have no declaration (empty when the tool is complete).</summary>
    public static IReadOnlyList<string> Undeclared(ToolSpec spec)
    {
        var missing = new List<string>();
        Walk(spec, spec.InputSchema, "", [], missing);
        return missing;
    }

    private static void Walk(ToolSpec spec, JsonObject schema, string prefix, List<ArgumentReference> found, List<string>? missing = null)
    {
        if (schema["items"] is JsonObject items) Walk(spec, items, prefix, found, missing);
        if (schema["properties"] is not JsonObject properties) return;
        foreach (var (name, child) in properties)
        {
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            if (IsIdLike(name))
            {
                if (Declaration(spec, path, name) is { } declaration) found.Add(declaration);
                else missing?.Add(path);
            }
            if (child is JsonObject c) Walk(spec, c, path, found, missing);
        }
    }

    private static ArgumentReference? Declaration(ToolSpec spec, string path, string name)
    {
        if (spec.References.FirstOrDefault(r => r.Path == path) is { } own) return own;
        return ByName.TryGetValue(name, out var meaning) ? new ArgumentReference(path, meaning.Kind, meaning.Why) : null;
    }

    /// <summary>
    /// Every subscription and database id the canonical arguments name, at any depth, with the field where it stands
    /// (e.g. "redisRules[0].databases[1].subscriptionId"). Free-form objects are scanned for keys that look like
    /// subscription or database ids. A value that is not a plain integer is reported with <see cref="long.MinValue"/>
    /// (never in an allow-list), so odd spellings are refused rather than skipped.
    /// </summary>
    public static List<FoundReference> Find(ToolSpec spec, JsonElement arguments)
    {
        var declared = Of(spec).Where(r => r.Kind != ReferenceKind.None).ToDictionary(r => r.Path, StringComparer.Ordinal);
        var found = new List<FoundReference>();
        Visit(spec.InputSchema, arguments, "", "", declared, found);
        return found;
    }

    private static void Visit(JsonObject? schema, JsonElement value, string path, string field,
        Dictionary<string, ArgumentReference> declared, List<FoundReference> found)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
            {
                var items = schema?["items"] as JsonObject;
                var i = 0;
                foreach (var item in value.EnumerateArray()) Visit(items, item, path, $"{field}[{i++}]", declared, found);
                break;
            }
            case JsonValueKind.Object:
            {
                var properties = schema?["properties"] as JsonObject;
                if (properties is null)
                {
                    ScanFree(value, field, found, 0);
                    break;
                }
                var scoped = value.TryGetProperty("subscriptionId", out var s) && s.ValueKind == JsonValueKind.Number;
                foreach (var p in value.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.Null) continue;
                    var childPath = path.Length == 0 ? p.Name : path + "." + p.Name;
                    var childField = field.Length == 0 ? p.Name : field + "." + p.Name;
                    if (declared.TryGetValue(childPath, out var reference))
                        Collect(p.Value, childField, reference.Kind, scoped && reference.Kind == ReferenceKind.Database, found);
                    else
                        Visit(properties[p.Name] as JsonObject, p.Value, childPath, childField, declared, found);
                }
                break;
            }
        }
    }

    private static void Collect(JsonElement value, string field, ReferenceKind kind, bool scoped, List<FoundReference> found)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray()) Collect(item, $"{field}[{i++}]", kind, scoped, found);
            return;
        }
        if (kind == ReferenceKind.Redirection)
        {
            found.Add(new FoundReference(field, kind, 0, false, value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()));
            return;
        }
        found.Add(new FoundReference(field, kind, AsId(value), scoped));
    }

    /// <summary>Keys in a free-form object that name a subscription or a database, however they are spelt.</summary>
    private static ReferenceKind? FreeKey(string key)
    {
        var k = key.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        return k switch
        {
            "subscriptionid" or "subscriptionids" or "subid" => ReferenceKind.Subscription,
            "databaseid" or "databaseids" or "dbid" or "dbids" or "bdbid" => ReferenceKind.Database,
            _ => null,
        };
    }

    private static void ScanFree(JsonElement value, string field, List<FoundReference> found, int depth)
    {
        if (depth > 64) return;
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var scoped = value.EnumerateObject().Any(p => FreeKey(p.Name) == ReferenceKind.Subscription && p.Value.ValueKind is JsonValueKind.Number or JsonValueKind.String);
                foreach (var p in value.EnumerateObject())
                {
                    var childField = field.Length == 0 ? p.Name : field + "." + p.Name;
                    if (FreeKey(p.Name) is { } kind && p.Value.ValueKind is JsonValueKind.Number or JsonValueKind.String or JsonValueKind.Array)
                        CollectFree(p.Value, childField, kind, scoped && kind == ReferenceKind.Database, found);
                    else ScanFree(p.Value, childField, found, depth + 1);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray()) ScanFree(item, $"{field}[{i++}]", found, depth + 1);
                break;
        }
    }

    private static void CollectFree(JsonElement value, string field, ReferenceKind kind, bool scoped, List<FoundReference> found)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
                if (item.ValueKind is JsonValueKind.Number or JsonValueKind.String) CollectFree(item, $"{field}[{i++}]", kind, scoped, found);
            return;
        }
        found.Add(new FoundReference(field, kind, AsId(value), scoped));
    }

    /// <summary>An id as a number: a JSON integer, or a string of digits (free-form bodies); anything else can never be
    /// allowed.</summary>
    private static long AsId(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            var canonical = CanonicalArguments.Number(value.GetRawText());
            if (canonical == "0") return 0;
            var e = canonical.IndexOf('e');
            if (!int.TryParse(canonical.AsSpan(e + 1), out var exponent) || exponent < 0 || e + exponent > 18) return long.MinValue;
            return long.TryParse(canonical[..e] + new string('0', exponent), out var n) ? n : long.MinValue;
        }
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 18 } text && text.All(char.IsAsciiDigit))
            return long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        return long.MinValue;
    }
}
