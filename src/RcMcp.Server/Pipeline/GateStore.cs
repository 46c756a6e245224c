using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Server.Hosting;

namespace RcMcp.Server.Pipeline;

/// <summary>What the safety gate asks of the store behind the dry runs, tokens, sealed states and approvals before a
/// change: the file or memory <see cref="GateStore"/>, or Redis in a fleet (<c>Fleet/RedisGate</c>).</summary>
public interface IGateStoreStatus
{
    /// <summary>Throws <see cref="UnsafeStateFileException"/> when a file store cannot be used safely, or
    /// <see cref="StoreUnavailableException"/> when a shared store cannot be reached.</summary>
    void Check();

    /// <summary>Something the caller should be told once (a damaged store moved aside), or null.</summary>
    string? TakeNotice();
}

/// <summary>
/// The shared store (Redis) could not be reached or did not answer in time. The gate refuses the change (fail closed)
/// and says it may be retried; nothing was sent by the call that met it. Its message names no secret.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Where the safety gate keeps its dry runs and confirmation tokens: in this process only, or in a file under the
/// state folder shared by every RcMcp process of the user (the CLI's next command, a one-shot MCP client's next
/// server), so a dry run in one process authorises the real call in the next. Entries are keyed by hashes that
/// include the caller's credential fingerprint, so one account's dry run never authorises another's call.
/// Every change is a read-modify-write under an exclusive flock(2) on <c>gate.json.lock</c> (other processes wait;
/// it holds with DOTNET_SYSTEM_IO_DISABLEFILELOCKING and is released by the kernel if the holder dies); the new
/// state is written to a private file and renamed over the old one. The file follows <see cref="StateFiles"/>: a
/// link, another user's file or one that group or others can read is refused (they may have read live tokens). A
/// damaged, wrong-typed or oversized store is moved aside (<c>gate.json.damaged-YYYYMMDDTHHMMSSZ</c>) and a fresh
/// one used; <see cref="TakeNotice"/> tells the caller once.
/// </summary>
public sealed class GateStore : IGateStoreStatus
{
    /// <summary>A store larger than this is not read: it is moved aside as damaged.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    private readonly string? _path;
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private JsonObject _memory = Empty();
    private string? _notice;

    private GateStore(string? path, TimeProvider? time)
    {
        _path = path is null ? null : System.IO.Path.GetFullPath(path);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>A store that lives and dies with this process.</summary>
    public static GateStore InMemory() => new(null, null);

    /// <summary>A store in this file (created when first written).</summary>
    public static GateStore InFile(string path, TimeProvider? time = null) => new(path, time);

    public string? Path => _path;

    private static JsonObject Empty() => new() { ["dryRuns"] = new JsonObject(), ["tokens"] = new JsonObject() };

    /// <summary>Reads and checks the store (moving a damaged one aside) without changing it; throws
    /// <see cref="UnsafeStateFileException"/> when it cannot be used safely. The gate calls it before any request.</summary>
    public void Check() => Update(_ => 0);

    /// <summary>What happened to a damaged store since the last call (once), or null.</summary>
    public string? TakeNotice()
    {
        lock (_gate)
        {
            var notice = _notice;
            _notice = null;
            return notice;
        }
    }

    /// <summary>Reads and changes the state atomically (across processes when file-backed).</summary>
    public T Update<T>(Func<JsonObject, T> change)
    {
        lock (_gate)
        {
            if (_path is null) return change(_memory);
            StateFiles.CheckFolder(System.IO.Path.GetDirectoryName(_path)!);
            using var _ = StateFiles.Lock(_path + ".lock", TimeSpan.FromSeconds(30));
            var (state, text) = Load();
            var result = change(state);
            var json = state.ToJsonString();
            if (json != text) StateFiles.WriteAllBytesPrivate(_path, Encoding.UTF8.GetBytes(json));
            return result;
        }
    }

    /// <summary>The state and its text as read (null when there was no usable file).</summary>
    private (JsonObject State, string? Text) Load()
    {
        using var file = StateFiles.OpenPrivateForRead(_path!);
        if (file is null) return (Empty(), null);
        string? damage = null;
        JsonObject? state = null;
        string? text = null;
        if (file.Length > MaxBytes) damage = $"it is {file.Length / (1024 * 1024)} MB, over the {MaxBytes / (1024 * 1024)} MB a gate store can reach";
        else if (file.Length == 0) return (Empty(), null);
        else
        {
            var bytes = new byte[file.Length];
            file.ReadExactly(bytes);
            try
            {
                text = Encoding.UTF8.GetString(bytes);
                state = JsonNode.Parse(bytes) as JsonObject;
                damage = state is null ? "it does not hold a JSON object" : Problem(state);
            }
            catch (JsonException e)
            {
                damage = $"it is not valid JSON ({e.Message.Split('.')[0]})";
            }
        }
        if (damage is null) return (state!, text);

        var aside = MoveAside(damage);
        _notice = $"The gate store {_path} was unusable ({damage}); it was moved aside to {aside} and a fresh store is used: " +
                  "dry runs and confirmation tokens made before are gone, so a change may need its dry run or confirmation again.";
        return (Empty(), null);
    }

    /// <summary>Null when the state has the shape the ledger and the tokens read, else what is wrong.</summary>
    private static string? Problem(JsonObject state)
    {
        if (state["dryRuns"] is not JsonObject dryRuns) return "\"dryRuns\" is not an object";
        if (state["tokens"] is not JsonObject tokens) return "\"tokens\" is not an object";
        foreach (var (key, value) in dryRuns)
            if (value is not JsonObject e || !IsLong(e["at"]) || (e["reservedBy"] is { } by && !IsString(by)) || (e["reservedAt"] is { } at && !IsLong(at)))
                return $"the dry run {key} is not {{\"at\": <ms>, \"result\": …}}";
        foreach (var (key, value) in tokens)
            if (value is not JsonObject e || !IsString(e["tool"]) || !IsString(e["hash"]) || !IsLong(e["expires"]) || e["used"]?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                return $"the token {key[..Math.Min(key.Length, 20)]}… is not {{\"tool\", \"hash\", \"expires\", \"used\"}}";
        return null;
    }

    private static bool IsLong(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out long _);

    private static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    /// <summary>Renames the damaged store to gate.json.damaged-YYYYMMDDTHHMMSSZ (never over an earlier one).</summary>
    private string MoveAside(string damage)
    {
        var stamp = _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        for (var n = 0; ; n++)
        {
            var aside = $"{_path}.damaged-{stamp}" + (n == 0 ? "" : $"-{n}");
            try
            {
                File.Move(_path!, aside, overwrite: false);
                return aside;
            }
            catch (IOException) when (File.Exists(aside) && n < 100)
            {
            }
            catch (IOException e)
            {
                throw new UnsafeStateFileException($"rcmcp: the gate store {_path} is unusable ({damage}) and could not be moved aside ({e.Message}). Remove it (rm '{_path}') and run again.");
            }
        }
    }

    /// <summary>This process's identity for a reservation, and whether a holder is still running.</summary>
    public static string Holder => $"{Environment.ProcessId}:{Environment.MachineName}";

    public static bool IsAlive(string holder)
    {
        var parts = holder.Split(':', 2);
        if (parts.Length != 2 || parts[1] != Environment.MachineName || !int.TryParse(parts[0], out var pid)) return false;
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
