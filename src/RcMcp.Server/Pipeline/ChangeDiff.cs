using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Server.Approvals;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// Before → after for every field a write or destructive call sets, read from the target's current state: each
/// argument that goes into the request is matched with the target's field of the same name (at any depth, or under
/// the names the API uses for it in answers, e.g. sourceIp → security.sourceIps); scalars show old → new, lists show
/// the entries added and removed (objects in lists are matched by their name or key), secrets show "changed".
/// Arguments that equal the current value are left out, so a person sees only what changes.
/// </summary>
public static class ChangeDiff
{
    /// <summary>Where the API's answers keep a field that requests spell differently.</summary>
    private static readonly Dictionary<string, string[]> Aliases = new(StringComparer.Ordinal)
    {
        ["sourceIp"] = ["security.sourceIps", "sourceIps"],
        ["cidrIps"] = ["cidr_ips", "cidrIps"],
        ["securityGroupIds"] = ["security_group_ids", "securityGroupIds"],
        ["enableTls"] = ["security.enableTls"],
        ["enableDefaultUser"] = ["security.enableDefaultUser"],
        ["password"] = ["security.password", "password"],
        ["regexRules"] = ["clustering.regexRules"],
        ["numberOfShards"] = ["clustering.numberOfShards"],
        ["periodicBackupPath"] = ["backup.destination"],
        ["remoteBackup"] = ["backup"],
    };

    /// <summary>Keys that identify an object inside a list (alerts by name, tags by key, modules by name, ...).</summary>
    private static readonly string[] Identities = ["name", "key", "region", "id", "endpoint", "cidr"];

    private const int MaxShown = 20;

    public static List<FieldChange> Of(ToolSpec spec, ToolArgs args, JsonElement? target)
    {
        var changes = new List<FieldChange>();
        var skip = new HashSet<string>(ToolArgs.OwnArguments, StringComparer.Ordinal) { StandardArguments.DryRunName };
        skip.UnionWith(spec.LocalArguments);
        foreach (var reference in References.Of(spec)) if (!reference.Path.Contains('.')) skip.Add(reference.Path);
        foreach (var p in args.Json.EnumerateObject())
        {
            if (skip.Contains(p.Name) || p.Value.ValueKind == JsonValueKind.Null || References.IsIdLike(p.Name)) continue;
            var before = target is { ValueKind: JsonValueKind.Object } t ? Find(t, p.Name) : null;
            Compare(p.Name, before, p.Value, changes, depth: 0);
        }
        return changes;
    }

    private static JsonElement? Find(JsonElement target, string name)
    {
        foreach (var path in Aliases.TryGetValue(name, out var aliases) ? aliases : [])
            if (At(target, path) is { } aliased) return aliased;
        if (target.TryGetProperty(name, out var direct)) return direct;
        // One level down (database answers keep settings under security, clustering, ...).
        foreach (var p in target.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty(name, out var nested)) return nested;
        return null;
    }

    private static JsonElement? At(JsonElement e, string path)
    {
        foreach (var segment in path.Split('.'))
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(segment, out var next)) return null;
            e = next;
        }
        return e;
    }

    private static void Compare(string field, JsonElement? before, JsonElement after, List<FieldChange> changes, int depth)
    {
        if (Redactor.IsSecretField(field[(field.LastIndexOf('.') + 1)..]))
        {
            changes.Add(new(field, before is { ValueKind: not JsonValueKind.Null } ? "(set)" : "(not shown)", "changed (the new value is not shown)", [], []));
            return;
        }
        switch (after.ValueKind)
        {
            case JsonValueKind.Object when depth < 4:
                foreach (var p in after.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.Null) continue;
                    JsonElement? inner = before is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty(p.Name, out var v) ? v : null;
                    Compare(field + "." + p.Name, inner, p.Value, changes, depth + 1);
                }
                return;
            case JsonValueKind.Array:
                CompareList(field, before, after, changes);
                return;
        }
        var afterText = Show(after);
        if (before is { } was && Same(was, after)) return;
        changes.Add(new(field, before is { } known ? Show(known) : "(not shown by the API)", afterText, [], []));
    }

    private static void CompareList(string field, JsonElement? before, JsonElement after, List<FieldChange> changes)
    {
        var newItems = after.EnumerateArray().Select(Entry).ToList();
        if (before is not { ValueKind: JsonValueKind.Array } old)
        {
            changes.Add(new(field, before is { ValueKind: not JsonValueKind.Null } b ? Show(b) : "(not shown by the API)", List(newItems), [], []));
            return;
        }
        var oldItems = old.EnumerateArray().Select(Entry).ToList();
        var added = newItems.Where(n => !oldItems.Contains(n)).ToList();
        var removed = oldItems.Where(o => !newItems.Contains(o)).ToList();
        if (added.Count == 0 && removed.Count == 0) return;
        changes.Add(new(field, List(oldItems), List(newItems), Cap(added), Cap(removed)));
    }

    /// <summary>A list entry as a person reads it: a scalar as is, an object as "identity (other fields)".</summary>
    private static string Entry(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return Show(e);
        var identity = Identities.FirstOrDefault(k => e.TryGetProperty(k, out var v) && v.ValueKind is JsonValueKind.String or JsonValueKind.Number);
        var rest = e.EnumerateObject().Where(p => p.Name != identity && p.Value.ValueKind != JsonValueKind.Null)
            .Select(p => $"{p.Name}={(Redactor.IsSecretField(p.Name) ? Redactor.Mask : Show(p.Value))}");
        var head = identity is not null ? Show(e.GetProperty(identity)) : "";
        var tail = string.Join(", ", rest);
        return tail.Length == 0 ? head : head.Length == 0 ? "{" + tail + "}" : $"{head} ({tail})";
    }

    private static IReadOnlyList<string> Cap(List<string> items) =>
        items.Count <= MaxShown ? items : [.. items.Take(MaxShown), $"and {items.Count - MaxShown} more"];

    private static string List(List<string> items) =>
        items.Count == 0 ? "(none)" : "[" + string.Join(", ", items.Take(MaxShown)) + (items.Count > MaxShown ? $", … {items.Count - MaxShown} more" : "") + "]";

    private static bool Same(JsonElement a, JsonElement b) =>
        a.ValueKind == JsonValueKind.Number && b.ValueKind == JsonValueKind.Number
            ? CanonicalArguments.Number(a.GetRawText()) == CanonicalArguments.Number(b.GetRawText())
            : a.ValueKind == b.ValueKind && a.GetRawText() == b.GetRawText();

    private static string Show(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() is { Length: > 120 } s ? s[..117] + "..." : e.GetString()!,
        JsonValueKind.Null => "(none)",
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => $"[{e.GetArrayLength()} entries]",
        _ => Trim(e.GetRawText()),
    };

    private static string Trim(string s) => s.Length <= 120 ? s : s[..117] + "...";

    /// <summary>The changes as JSON lines for a preview (field, before, after, added, removed).</summary>
    public static JsonArray ToJson(IEnumerable<FieldChange> changes) => new(changes.Select(c =>
    {
        var o = new JsonObject { ["field"] = c.Field, ["before"] = c.Before, ["after"] = c.After };
        if (c.Added is { Count: > 0 } added) o["added"] = new JsonArray(added.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
        if (c.Removed is { Count: > 0 } removed) o["removed"] = new JsonArray(removed.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
        return (JsonNode?)o;
    }).ToArray());
}
