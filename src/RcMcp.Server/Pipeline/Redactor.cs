using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// Removes secrets from anything that leaves the server (tool results, errors, audit lines, logs): values of
/// secret-named fields, passwords inside URIs, and the configured API keys wherever they appear.
/// </summary>
public sealed partial class Redactor
{
    public const string Mask = "***redacted***";

    private static readonly HashSet<string> SecretFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "saslPassword", "secretKey", "apiKey", "apiSecretKey", "x-api-key", "x-api-secret-key",
        "accessSecretKey", "accessKeyId", "consolePassword", "signInLoginPassword", "privateKey", "secret",
        "clientSecret", "authToken", "x-auth-token", "sslPrivateKey", "serviceAccountKey",
    };

    private readonly string[] _knownSecrets;

    public Redactor(IEnumerable<string?> knownSecrets) =>
        _knownSecrets = knownSecrets.Where(s => !string.IsNullOrEmpty(s) && s.Length >= 4).Select(s => s!).Distinct().ToArray();

    public static bool IsSecretField(string name) => SecretFields.Contains(name);

    /// <summary>Returns a redacted deep copy.</summary>
    public JsonNode? Redact(JsonNode? node)
    {
        if (node is null) return null;
        var copy = node.DeepClone();
        return copy is JsonValue value ? RedactValue(value) ?? value : RedactInPlace(copy);
    }

    public string Redact(string text)
    {
        var result = UriPassword().Replace(text, m => m.Groups[1].Value + Mask + "@");
        foreach (var secret in _knownSecrets) result = result.Replace(secret, Mask, StringComparison.Ordinal);
        return result;
    }

    /// <summary>Redacts a container (already a private copy) in place; only values that change are replaced.</summary>
    private JsonNode RedactInPlace(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    switch (obj[key])
                    {
                        case JsonValue when IsSecretField(key): obj[key] = Mask; break;
                        case JsonValue v when RedactValue(v) is { } replaced: obj[key] = replaced; break;
                        case JsonObject or JsonArray: RedactInPlace(obj[key]!); break;
                    }
                }
                break;
            case JsonArray arr:
                for (var i = 0; i < arr.Count; i++)
                {
                    switch (arr[i])
                    {
                        case JsonValue v when RedactValue(v) is { } replaced: arr[i] = replaced; break;
                        case JsonObject or JsonArray: RedactInPlace(arr[i]!); break;
                    }
                }
                break;
        }
        return node;
    }

    /// <summary>A replacement for a string value that holds a secret, or null when it has none.</summary>
    private JsonValue? RedactValue(JsonValue value) =>
        value.TryGetValue(out string? s) && Redact(s) is var redacted && redacted != s ? JsonValue.Create(redacted) : null;

    // scheme://user:password@host  →  scheme://user:***redacted***@host
    [GeneratedRegex(@"([a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]*:)[^@/\s]+@")]
    private static partial Regex UriPassword();
}
