using System.Collections.Concurrent;

namespace RcMcp.Sandbox.State;

/// <summary>
/// Every secret any sandbox of this process has generated or received (API keys, database, ACL and cloud-account
/// passwords and keys), so tests can search every log and result for them.
/// </summary>
internal static class SecretLedger
{
    private static readonly ConcurrentDictionary<string, byte> Secrets = new(StringComparer.Ordinal);

    public static string Record(string secret)
    {
        if (secret.Length >= 6) Secrets.TryAdd(secret, 0);
        return secret;
    }

    public static string? RecordIfAny(string? secret) => secret is null ? null : Record(secret);

    public static IReadOnlyCollection<string> All => Secrets.Keys.ToList();
}
