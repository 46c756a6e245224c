using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RcMcp.Server.Approvals;

/// <summary>
/// The named approvers of a team (<c>--approvers FILE</c>), who sign a decision on the approval page with their name
/// and their own secret. The file holds only PBKDF2-SHA256 hashes:
/// <code>{"approvers":[{"name":"alice","secretHash":"pbkdf2-sha256$600000$&lt;salt b64&gt;$&lt;hash b64&gt;"}]}</code>
/// Make a hash with <see cref="HashSecret"/>, e.g. from a C# script or a test:
/// <c>RcMcp.Server.Approvals.ApproverDirectory.HashSecret("the secret")</c>; the same format comes out of Python's
/// <c>hashlib.pbkdf2_hmac("sha256", secret, salt, 600000)</c> (32-byte hash, 16-byte salt, standard base64).
/// The file must be private to its owner (mode 600): a file readable by group or others is refused.
/// </summary>
public sealed class ApproverDirectory
{
    public const int DefaultIterations = 600_000;
    public const int MinimumIterations = 100_000;
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private readonly Dictionary<string, ParsedHash> _approvers;

    // Verified against when the name is unknown, so that a wrong name costs the same time as a wrong secret.
    private static readonly ParsedHash Decoy = Parse(HashSecret(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), MinimumIterations));

    private ApproverDirectory(Dictionary<string, ParsedHash> approvers) => _approvers = approvers;

    public IReadOnlyCollection<string> Names => _approvers.Keys;

    /// <summary>An approver directory from (name, secretHash) pairs; throws <see cref="FormatException"/> for a bad hash.</summary>
    public static ApproverDirectory FromEntries(IEnumerable<(string Name, string SecretHash)> entries)
    {
        var approvers = new Dictionary<string, ParsedHash>(StringComparer.Ordinal);
        foreach (var (name, hash) in entries)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new FormatException("An approver has no name.");
            if (!approvers.TryAdd(name.Trim(), Parse(hash)))
                throw new FormatException($"The approver '{name}' is listed twice.");
        }
        if (approvers.Count == 0) throw new FormatException("The approvers list is empty.");
        return new ApproverDirectory(approvers);
    }

    /// <summary>
    /// Reads the approvers file. Throws <see cref="ApproverFileException"/> with a message for the operator when the
    /// file is missing, readable by group or others, or malformed.
    /// </summary>
    public static ApproverDirectory Load(string path)
    {
        if (!File.Exists(path)) throw new ApproverFileException($"The approvers file '{path}' does not exist.");
        if (!OperatingSystem.IsWindows())
        {
            const UnixFileMode shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                                        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            var mode = File.GetUnixFileMode(path);
            if ((mode & shared) != 0)
                throw new ApproverFileException($"Refusing the approvers file '{path}': it is readable or writable by group or others " +
                                                $"(mode {Convert.ToString((int)mode & 0x1FF, 8)}). Make it private: chmod 600 '{path}'.");
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("approvers", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new FormatException("expected {\"approvers\":[{\"name\":\"...\",\"secretHash\":\"pbkdf2-sha256$...\"}]}");
            var entries = new List<(string, string)>();
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object ||
                    !item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String ||
                    !item.TryGetProperty("secretHash", out var hash) || hash.ValueKind != JsonValueKind.String)
                    throw new FormatException("every approver needs a string \"name\" and a string \"secretHash\"");
                entries.Add((name.GetString()!, hash.GetString()!));
            }
            return FromEntries(entries);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new ApproverFileException($"The approvers file '{path}' is not valid: {e.Message}");
        }
    }

    /// <summary>True when <paramref name="secret"/> is the approver's; takes the same time for an unknown name.</summary>
    public bool Verify(string? name, string? secret)
    {
        var known = _approvers.TryGetValue(name?.Trim() ?? "", out var hash);
        hash = known ? hash! : Decoy;
        var presented = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret ?? ""), hash.Salt, hash.Iterations, HashAlgorithmName.SHA256, hash.Hash.Length);
        return CryptographicOperations.FixedTimeEquals(presented, hash.Hash) & known & !string.IsNullOrEmpty(secret);
    }

    /// <summary>The stored form of a secret: <c>pbkdf2-sha256$iterations$saltB64$hashB64</c> with a fresh salt.</summary>
    public static string HashSecret(string secret, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (iterations < MinimumIterations) throw new ArgumentOutOfRangeException(nameof(iterations), $"At least {MinimumIterations} iterations.");
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    private sealed record ParsedHash(int Iterations, byte[] Salt, byte[] Hash);

    private static ParsedHash Parse(string text)
    {
        var parts = (text ?? "").Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
            throw new FormatException($"a secretHash must look like {Scheme}$iterations$saltBase64$hashBase64");
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < MinimumIterations)
            throw new FormatException($"a secretHash needs at least {MinimumIterations} iterations");
        byte[] salt, hash;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            throw new FormatException("the salt or the hash of a secretHash is not base64");
        }
        if (salt.Length < 8 || hash.Length < 16) throw new FormatException("the salt or the hash of a secretHash is too short");
        return new ParsedHash(iterations, salt, hash);
    }
}

/// <summary>The approvers file cannot be used; the message says why and what to do.</summary>
public sealed class ApproverFileException(string message) : Exception(message);
