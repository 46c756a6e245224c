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
    public JsonNode? Redact(JsonNode? node) => node is null ? null : Walk(node.DeepClone());

    public string Redact(string text)
    {
        var result = UriPassword().Replace(text, m => m.Groups[1].Value + Mask + "@");
        foreach (var secret in _knownSecrets) result = result.Replace(secret, Mask, StringComparison.Ordinal);
        return result;
    }

    private JsonNode Walk(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[key];
                    if (child is null) continue;
                    if (IsSecretField(key) && child is JsonValue) obj[key] = Mask;
                    else obj[key] = Walk(child.DeepClone());
                }
                return obj;
            case JsonArray arr:
                for (var i = 0; i < arr.Count; i++)
                    if (arr[i] is { } item) arr[i] = Walk(item.DeepClone());
                return arr;
            case JsonValue value when value.TryGetValue(out string? s):
                var redacted = Redact(s);
                return ReferenceEquals(redacted, s) || redacted == s ? value : JsonValue.Create(redacted);
            default:
                return node;
        }
    }

    // scheme://user:password@host  →  scheme://user:***redacted***@host
    [GeneratedRegex(@"([a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]*:)[^@/\s]+@")]
    private static partial Regex UriPassword();
}
