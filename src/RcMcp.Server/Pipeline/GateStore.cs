using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// Where the safety gate keeps its dry runs and confirmation tokens: in this process only, or in a file under the
/// state folder shared by every RcMcp process of the user (the CLI's next command, a one-shot MCP client's next
/// server), so a dry run in one process authorises the real call in the next. Entries are keyed by hashes that
/// include the caller's credential fingerprint, so one account's dry run never authorises another's call. Every
/// change is a read-modify-write under an exclusive lock on the file (other processes wait); the file is private to
/// the user (mode 600).
/// </summary>
public sealed class GateStore
{
    private readonly string? _path;
    private readonly Lock _gate = new();
    private JsonObject _memory = Empty();

    private GateStore(string? path) => _path = path;

    /// <summary>A store that lives and dies with this process.</summary>
    public static GateStore InMemory() => new(null);

    /// <summary>A store in this file (created when first written).</summary>
    public static GateStore InFile(string path) => new(path);

    public string? Path => _path;

    private static JsonObject Empty() => new() { ["dryRuns"] = new JsonObject(), ["tokens"] = new JsonObject() };

    /// <summary>Reads and changes the state atomically (across processes when file-backed).</summary>
    public T Update<T>(Func<JsonObject, T> change)
    {
        lock (_gate)
        {
            if (_path is null) return change(_memory);
            using var file = OpenLocked(_path);
            var state = Load(file);
            var result = change(state);
            Save(file, state);
            return result;
        }
    }

    private static FileStream OpenLocked(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                return new FileStream(path, options);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(10); // another RcMcp process holds the lock for a moment
            }
        }
    }

    private static JsonObject Load(FileStream file)
    {
        if (file.Length == 0) return Empty();
        var bytes = new byte[file.Length];
        file.Position = 0;
        file.ReadExactly(bytes);
        try
        {
            return JsonNode.Parse(bytes) is JsonObject { } state && state["dryRuns"] is JsonObject && state["tokens"] is JsonObject ? state : Empty();
        }
        catch (JsonException)
        {
            return Empty(); // a damaged file: start afresh (the worst case is a dry run to repeat)
        }
    }

    private static void Save(FileStream file, JsonObject state)
    {
        var bytes = Encoding.UTF8.GetBytes(state.ToJsonString());
        file.Position = 0;
        file.SetLength(0);
        file.Write(bytes);
        file.Flush(flushToDisk: true);
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
