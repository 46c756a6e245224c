using System.Text;
using System.Text.Json.Nodes;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// Removes secrets from anything that leaves the server (tool results, errors, audit lines, logs): values of
/// secret-named fields (in JSON and in JSON-looking text), passwords inside URIs, and the configured API keys wherever
/// they appear. Every text pass is linear in the length of the text: a megabyte argument costs milliseconds.
/// </summary>
public sealed class Redactor
{
    public const string Mask = "***redacted***";

    private static readonly HashSet<string> SecretFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "saslPassword", "secretKey", "apiKey", "apiSecretKey", "x-api-key", "x-api-secret-key",
        "accessSecretKey", "accessKeyId", "consolePassword", "signInLoginPassword", "privateKey", "secret",
        "clientSecret", "authToken", "x-auth-token", "sslPrivateKey", "serviceAccountKey", "accessKey",
        "secretAccessKey", "serverCert", "clientKey",
    };

    private string[] _knownSecrets;

    public Redactor(IEnumerable<string?> knownSecrets) =>
        _knownSecrets = knownSecrets.Where(s => !string.IsNullOrEmpty(s) && s.Length >= 4).Select(s => s!).Distinct().ToArray();

    /// <summary>Adds secrets learnt later (e.g. the sandbox's keys once it has started).</summary>
    public void Learn(params string?[] secrets)
    {
        lock (this)
            _knownSecrets = _knownSecrets.Concat(secrets.Where(s => !string.IsNullOrEmpty(s) && s.Length >= 4).Select(s => s!)).Distinct().ToArray();
    }

    /// <summary>True for field names whose values are secrets: the known names, and any name that says password,
    /// secret or private key. (A confirmationToken is not a secret: it is bound to one call and one caller.)</summary>
    public static bool IsSecretField(string name) =>
        SecretFields.Contains(name) ||
        name.Contains("password", StringComparison.OrdinalIgnoreCase) ||
        name.Contains("secret", StringComparison.OrdinalIgnoreCase) ||
        name.Contains("privatekey", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns a redacted deep copy. With <paramref name="revealSecretFields"/> (a person confirmed revealSecrets)
    /// the values of secret-named fields stay; the configured API keys and passwords inside URIs are still masked.</summary>
    public JsonNode? Redact(JsonNode? node, bool revealSecretFields = false)
    {
        if (node is null) return null;
        var copy = node.DeepClone();
        return copy is JsonValue value ? RedactValue(value, revealSecretFields) ?? value : RedactInPlace(copy, revealSecretFields);
    }

    /// <summary>Longest string value an audit line keeps; longer ones are summarised.</summary>
    public const int MaxAuditString = 1024;

    /// <summary>
    /// The arguments of a call as the audit log may keep them: redacted like everything else, and also without the
    /// values of fields the tool's schema does not declare (a misspelt "passwrd" is still a password) and without
    /// the bodies of very long strings or very deep nesting.
    /// </summary>
    public JsonNode? ForAudit(JsonNode? arguments, JsonObject? schema) => Redact(Prune(arguments, schema, 0));

    private static JsonNode? Prune(JsonNode? node, JsonObject? schema, int depth)
    {
        if (depth > 32) return "***not logged: nested too deeply***";
        switch (node)
        {
            case JsonObject obj:
            {
                var properties = schema?["properties"] as JsonObject;
                var free = schema is null || properties is null || schema["additionalProperties"] is JsonValue v && v.TryGetValue(out bool open) && open;
                var result = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (properties?[key] is JsonObject propertySchema) result[key] = Prune(value, propertySchema, depth + 1);
                    else if (free && properties is null) result[key] = Prune(value, null, depth + 1);
                    else result[key] = "***not logged: not a field of this tool***";
                }
                return result;
            }
            case JsonArray arr:
            {
                var items = schema?["items"] as JsonObject;
                var result = new JsonArray();
                foreach (var item in arr) result.Add(Prune(item, items, depth + 1));
                return result;
            }
            case JsonValue value when value.TryGetValue(out string? s) && s.Length > MaxAuditString:
                return $"***not logged: a string of {s.Length} characters***";
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>Redacts free text: URI passwords, JSON secret fields inside the text, and the configured keys.</summary>
    public string Redact(string text)
    {
        var result = MaskJsonSecretFields(MaskUriPasswords(text));
        foreach (var secret in _knownSecrets)
            if (result.Contains(secret, StringComparison.Ordinal)) result = result.Replace(secret, Mask, StringComparison.Ordinal);
        return result;
    }

    /// <summary>Redacts a container (already a private copy) in place; only values that change are replaced.</summary>
    private JsonNode RedactInPlace(JsonNode node, bool reveal)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    switch (obj[key])
                    {
                        case JsonValue when !reveal && IsSecretField(key): obj[key] = Mask; break;
                        case JsonValue v when RedactValue(v, reveal) is { } replaced: obj[key] = replaced; break;
                        case JsonObject or JsonArray when !reveal && IsSecretField(key): obj[key] = Mask; break;
                        case JsonObject or JsonArray: RedactInPlace(obj[key]!, reveal); break;
                    }
                }
                break;
            case JsonArray arr:
                for (var i = 0; i < arr.Count; i++)
                {
                    switch (arr[i])
                    {
                        case JsonValue v when RedactValue(v, reveal) is { } replaced: arr[i] = replaced; break;
                        case JsonObject or JsonArray: RedactInPlace(arr[i]!, reveal); break;
                    }
                }
                break;
        }
        return node;
    }

    /// <summary>A replacement for a string value that holds a secret, or null when it has none.</summary>
    private JsonValue? RedactValue(JsonValue value, bool reveal = false) =>
        value.TryGetValue(out string? s) && (reveal ? RedactKeysAndUris(s) : Redact(s)) is var redacted && !ReferenceEquals(redacted, s) && redacted != s ? JsonValue.Create(redacted) : null;

    private string RedactKeysAndUris(string text)
    {
        var result = MaskUriPasswords(text);
        foreach (var secret in _knownSecrets)
            if (result.Contains(secret, StringComparison.Ordinal)) result = result.Replace(secret, Mask, StringComparison.Ordinal);
        return result;
    }

    /// <summary>scheme://user:password@host → scheme://user:***redacted***@host, in one forward pass.</summary>
    internal static string MaskUriPasswords(string text)
    {
        var search = 0;
        StringBuilder? sb = null;
        var copied = 0;
        while (true)
        {
            var sep = text.IndexOf("://", search, StringComparison.Ordinal);
            if (sep < 0) break;
            search = sep + 3;
            if (sep == 0 || !IsSchemeChar(text[sep - 1])) continue;

            // user: up to ':' (stops at '/', '@' or white space, so a scan never crosses the next "://").
            var i = sep + 3;
            while (i < text.Length && text[i] is not (':' or '/' or '@') && !char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length || text[i] != ':') continue;
            var passwordStart = i + 1;
            var j = passwordStart;
            while (j < text.Length && text[j] is not ('@' or '/') && !char.IsWhiteSpace(text[j])) j++;
            if (j >= text.Length || text[j] != '@' || j == passwordStart) continue;

            sb ??= new StringBuilder(text.Length);
            sb.Append(text, copied, passwordStart - copied).Append(Mask);
            copied = j;
            search = j;
        }
        if (sb is null) return text;
        sb.Append(text, copied, text.Length - copied);
        return sb.ToString();
    }

    private static bool IsSchemeChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '.' or '-';

    /// <summary>
    /// In text that embeds JSON (log lines, error messages): "password": "value" → "password": "***redacted***" for
    /// every secret field name, including JSON escapes inside the value. One forward pass.
    /// </summary>
    internal static string MaskJsonSecretFields(string text)
    {
        if (text.IndexOf('"') < 0) return text;
        StringBuilder? sb = null;
        var copied = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '"') { i++; continue; }
            // A quoted name.
            var nameEnd = ClosingQuote(text, i + 1);
            if (nameEnd < 0) break;
            var k = nameEnd + 1;
            while (k < text.Length && char.IsWhiteSpace(text[k])) k++;
            if (k >= text.Length || text[k] != ':') { i = nameEnd + 1; continue; }
            k++;
            while (k < text.Length && char.IsWhiteSpace(text[k])) k++;
            if (k >= text.Length || text[k] != '"') { i = k; continue; }
            var valueEnd = ClosingQuote(text, k + 1);
            if (valueEnd < 0) valueEnd = text.Length; // an unterminated value is masked to the end
            var name = text.AsSpan(i + 1, nameEnd - i - 1).ToString();
            if (IsSecretField(name) && !(valueEnd - k - 1 == Mask.Length && text.AsSpan(k + 1, Mask.Length).SequenceEqual(Mask)))
            {
                sb ??= new StringBuilder(text.Length);
                sb.Append(text, copied, k + 1 - copied).Append(Mask);
                copied = valueEnd;
            }
            i = valueEnd + 1;
        }
        if (sb is null) return text;
        if (copied < text.Length) sb.Append(text, copied, text.Length - copied);
        return sb.ToString();
    }

    /// <summary>The index of the quote that ends a JSON string starting at <paramref name="start"/>, or -1.</summary>
    private static int ClosingQuote(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '\\') { i++; continue; }
            if (text[i] == '"') return i;
        }
        return -1;
    }
}
