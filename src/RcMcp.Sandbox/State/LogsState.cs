using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>
/// One account's state for: System and session logs, cost reports. The system log records what the account's own
/// calls did: every task as it starts and as it finishes (created, updated, deleted ...), with the resource's id and
/// name. The session log holds one entry per API session: the first authenticated request of an API key from one
/// client (IP address and user agent), and again after <see cref="SessionIdle"/> without requests.
/// </summary>
internal sealed partial class LogsState
{
    /// <summary>The account's API key and its owner, as GET / shows them.</summary>
    public const string ApiKeyName = "sandbox-key";
    public const string KeyOwner = "Sandbox Owner";
    public const string KeyOwnerEmail = "owner@sandbox.example.com";

    public static readonly TimeSpan SessionIdle = TimeSpan.FromMinutes(30);

    /// <summary>The oldest entries are dropped beyond this, so a long-running sandbox stays small.</summary>
    private const int MaxEntries = 10_000;

    private static readonly string[] Verbs =
        ["Create", "Update", "Delete", "Backup", "Import", "Flush", "Upgrade", "Add", "Remove", "Reset", "Accept", "Reject", "Enable", "Disable"];

    private readonly List<SystemLogEntry> system = [];
    private readonly List<SessionLogEntry> sessions = [];
    private readonly Dictionary<string, DateTimeOffset> lastSeen = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> subscriptionNames = [];
    private readonly Dictionary<int, (string Name, int SubscriptionId)> databaseNames = [];
    private AccountState? account;
    private int nextSystemId = 2_900_000;

    public IReadOnlyList<SystemLogEntry> SystemEntries => system;
    public IReadOnlyList<SessionLogEntry> SessionEntries => sessions;

    /// <summary>
    /// Starts recording the account's tasks. The resources the account already has (the seed) get their "created"
    /// entries now.
    /// </summary>
    public void Attach(AccountState owner, DateTimeOffset now)
    {
        if (account is not null) return;
        account = owner;
        owner.Tasks.TaskStarted += OnStarted;
        owner.Tasks.TaskCompleted += OnCompleted;
        RememberNames();
        foreach (var subscription in owner.Subscriptions)
        {
            Add(now, "Subscription", $"Subscription {subscription.Name} (id {subscription.Id}) was created", subscription.Name, subscription.Id);
            foreach (var database in subscription.Databases)
                Add(now, "Database", $"Database {database.Name} (id {database.Id}) was created in subscription {subscription.Name} (id {subscription.Id})", database.Name, database.Id);
        }
    }

    // ---- System log ----

    private void OnStarted(SandboxTask task, DateTimeOffset now)
    {
        RememberNames();
        var command = Command.Parse(task.CommandType);
        Add(now, command.Type, $"{command.Noun} {command.VerbText} request received (task {task.Id})", null, null);
    }

    private void OnCompleted(SandboxTask task)
    {
        var command = Command.Parse(task.CommandType);
        var response = task.Outcome!.Response;
        var (resource, resourceId, what) = Describe(command, response);
        RememberNames();
        var description = task.Outcome.Succeeded
            ? $"{what} was {command.Past}"
            : $"{command.Noun} {command.VerbText} failed ({response.Error}): {response.AdditionalInfo}";
        Add(task.DueAt, command.Type, $"{description} (task {task.Id})", resource, resourceId);
    }

    /// <summary>The resource a finished task names: its name, id and a phrase such as "Database x (id 1) in subscription y (id 2)".</summary>
    private (string? Resource, int? ResourceId, string What) Describe(Command command, TaskResponse response)
    {
        if (response.Resource is JsonObject { } resource && resource["costReportId"] is JsonValue reportId && reportId.TryGetValue(out string? report))
            return (report, null, $"Cost report {report}");
        if (command.Type == "Database" && response.ResourceId is { } databaseId)
        {
            var subscriptionId = response.AdditionalResourceId;
            var name = CurrentDatabaseName(databaseId) ?? (databaseNames.TryGetValue(databaseId, out var known) ? known.Name : null);
            subscriptionId ??= databaseNames.TryGetValue(databaseId, out var k) ? k.SubscriptionId : null;
            var inSubscription = subscriptionId is { } s ? $" in subscription {Named(SubscriptionName(s), s)}" : "";
            return (name, databaseId, $"Database {Named(name, databaseId)}{inSubscription}");
        }
        if (command.Type == "Subscription" && response.ResourceId is { } id)
        {
            var name = SubscriptionName(id);
            return (name, id, $"Subscription {Named(name, id)}");
        }
        return response.ResourceId is { } other ? (null, other, $"{command.Noun} (resource id {other})") : (null, null, command.Noun);
    }

    private static string Named(string? name, int id) => name is null ? $"(id {id})" : $"{name} (id {id})";

    private string? SubscriptionName(int id) =>
        account?.Subscriptions.FirstOrDefault(s => s.Id == id)?.Name ?? subscriptionNames.GetValueOrDefault(id);

    private string? CurrentDatabaseName(int id) =>
        account?.Subscriptions.SelectMany(s => s.Databases).FirstOrDefault(d => d.Id == id)?.Name;

    /// <summary>Remembers every name, so a deleted resource is still named in the entry of its deletion.</summary>
    private void RememberNames()
    {
        foreach (var subscription in account?.Subscriptions ?? [])
        {
            subscriptionNames[subscription.Id] = subscription.Name;
            foreach (var database in subscription.Databases)
                databaseNames[database.Id] = (database.Name, subscription.Id);
        }
    }

    private void Add(DateTimeOffset time, string type, string description, string? resource, int? resourceId)
    {
        system.Add(new SystemLogEntry(++nextSystemId, time, type, description, resource, resourceId));
        if (system.Count > MaxEntries) system.RemoveAt(0);
    }

    /// <summary>Spec schema AccountSystemLogEntries: newest first, filtered, one page.</summary>
    public JsonObject SystemLog(int? offset, int? limit, string? startTime, string? endTime, int? resourceId)
    {
        var (from, until) = Window(startTime, endTime);
        var page = Page(system.Where(e => e.Time >= from && e.Time <= until && (resourceId is null || e.ResourceId == resourceId))
            .OrderByDescending(e => e.Time).ThenByDescending(e => e.Id), offset, limit, max: 1000);
        return new JsonObject
        {
            ["entries"] = page.Select(e => e.ToJson()).ToJsonArray(),
            ["links"] = new JsonArray(),
        };
    }

    // ---- Session log ----

    /// <summary>Notes an authenticated request; returns true when it starts a new session (and its entry).</summary>
    public bool NoteRequest(DateTimeOffset now, string? ipAddress, string? userAgent, string method, string path)
    {
        var key = $"{ipAddress}\n{userAgent}";
        var isNew = !lastSeen.TryGetValue(key, out var last) || now - last > SessionIdle;
        lastSeen[key] = now;
        if (!isNew) return false;
        sessions.Add(new SessionLogEntry(Guid.NewGuid().ToString(), now, ipAddress, string.IsNullOrEmpty(userAgent) ? null : userAgent,
            $"API key {ApiKeyName} started a session with {method} {path}"));
        if (sessions.Count > MaxEntries) sessions.RemoveAt(0);
        return true;
    }

    /// <summary>Spec schema AccountSessionLogEntries: newest first, filtered, one page.</summary>
    public JsonObject SessionLog(int? offset, int? limit, string? startTime, string? endTime)
    {
        var (from, until) = Window(startTime, endTime);
        var page = Page(sessions.Where(e => e.Time >= from && e.Time <= until).OrderByDescending(e => e.Time), offset, limit, max: 100);
        return new JsonObject
        {
            ["entries"] = page.Select(e => e.ToJson()).ToJsonArray(),
            ["links"] = new JsonArray(),
        };
    }

    // ---- Shared ----

    private static IEnumerable<T> Page<T>(IEnumerable<T> items, int? offset, int? limit, int max)
    {
        if (offset < 0)
            throw ApiException.BadRequest("BAD_REQUEST", "'offset' must not be negative.");
        if (limit is < 1 || limit > max)
            throw ApiException.BadRequest("BAD_REQUEST", $"'limit' must be between 1 and {max}.");
        return items.Skip(offset ?? 0).Take(limit ?? 100).ToList();
    }

    private static (DateTimeOffset From, DateTimeOffset Until) Window(string? startTime, string? endTime)
    {
        var from = Time(startTime, "startTime") ?? DateTimeOffset.MinValue;
        var until = Time(endTime, "endTime") ?? DateTimeOffset.MaxValue;
        if (until < from)
            throw ApiException.BadRequest("BAD_REQUEST", "'endTime' must not be before 'startTime'.");
        return (from, until);
    }

    private static DateTimeOffset? Time(string? text, string name)
    {
        if (text is null) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw ApiException.BadRequest("BAD_REQUEST", $"'{name}' must be a UTC date and time such as 2025-01-31T23:59:59Z.");
    }

    /// <summary>What a task's commandType says: "dbDeleteRequest" is a Database delete.</summary>
    private sealed partial record Command(string Type, string Noun, string VerbText, string Past)
    {
        public static Command Parse(string commandType)
        {
            var words = CamelWords().Split(commandType.EndsWith("Request", StringComparison.Ordinal) ? commandType[..^"Request".Length] : commandType)
                .Where(w => w.Length > 0).ToList();
            var verbAt = words.FindIndex(w => Verbs.Contains(w, StringComparer.OrdinalIgnoreCase));
            var verb = verbAt >= 0 ? Verbs.First(v => string.Equals(v, words[verbAt], StringComparison.OrdinalIgnoreCase)) : null;
            var nounWords = verbAt > 0 ? words.Take(verbAt).ToList() : verb is null ? words : words.Skip(1).ToList();
            var noun = string.Join(' ', nounWords).ToLowerInvariant() switch
            {
                "db" or "database" => "Database",
                "subscription" => "Subscription",
                "" => "Account",
                var other => char.ToUpperInvariant(other[0]) + other[1..],
            };
            var verbText = verb?.ToLowerInvariant() ?? "task";
            var past = verb switch
            {
                null => "completed",
                "Backup" => "backed up",
                "Reset" => "reset",
                _ when verbText.EndsWith('e') => verbText + "d",
                _ => verbText + "ed",
            };
            return new Command(noun, noun, verbText, past);
        }

        [GeneratedRegex("(?<!^)(?=[A-Z])")]
        private static partial Regex CamelWords();
    }
}

/// <summary>Spec schema AccountSystemLogEntry.</summary>
internal sealed record SystemLogEntry(int Id, DateTimeOffset Time, string Type, string Description, string? Resource, int? ResourceId)
{
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["time"] = SandboxJson.Timestamp(Time),
        ["originator"] = LogsState.KeyOwner,
        ["apiKeyName"] = LogsState.ApiKeyName,
        ["resource"] = Resource,
        ["resourceId"] = ResourceId,
        ["type"] = Type,
        ["description"] = Description,
    };
}

/// <summary>Spec schema AccountSessionLogEntry.</summary>
internal sealed record SessionLogEntry(string Id, DateTimeOffset Time, string? IpAddress, string? UserAgent, string Action)
{
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["time"] = SandboxJson.Timestamp(Time),
        ["user"] = LogsState.KeyOwnerEmail,
        ["userAgent"] = UserAgent,
        ["ipAddress"] = IpAddress,
        ["userRole"] = "Owner",
        ["type"] = "API",
        ["action"] = Action,
    };
}
