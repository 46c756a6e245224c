using System.Collections.Concurrent;
using RcMcp.Sandbox;

namespace RcMcp.IntegrationTests;

/// <summary>
/// Searches everything a server wrote (stderr at Verbose, its log file, its audit log, the tool results the client
/// got) for every secret the tests and the sandboxes know: API keys, database passwords the sandbox generated, and
/// passwords the tests sent. Every end-to-end test runs it when its server is disposed, so every test is a leak test.
/// </summary>
public static class SecretScan
{
    private static readonly ConcurrentDictionary<string, byte> FromTests = new(StringComparer.Ordinal);

    /// <summary>A secret a test sends (a password in the arguments); it must never come back anywhere.</summary>
    public static string Remember(string secret)
    {
        FromTests.TryAdd(secret, 0);
        return secret;
    }

    public static IEnumerable<string> Known => SandboxServer.KnownSecrets.Concat(FromTests.Keys).Where(s => s.Length >= 6).Distinct();

    public static void Check(string who, params (string Where, string Text)[] outputs)
    {
        var hits = new List<string>();
        foreach (var secret in Known)
            foreach (var (where, text) in outputs)
                if (text.Contains(secret, StringComparison.Ordinal))
                    hits.Add($"{where} contains the secret {secret[..2]}…{secret[^2..]} ({secret.Length} characters)");
        if (hits.Count > 0) throw new ShouldAssertException($"Secret leak from {who}:\n" + string.Join("\n", hits.Distinct()));
    }
}
