using System.Text;
using System.Text.Json.Nodes;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// Removes secrets from anything that leaves the server (tool results, errors, audit lines, logs): values of
/// secret-named fields (in JSON and in JSON-looking text), credentials inside URIs (the whole user-info, and secret
/// query parameters such as a SAS sig or X-Amz-Signature: see <see cref="MaskUris"/>), and the configured API keys wherever
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
    /// the values of secret-named fields stay; the configured API keys and credentials inside URIs are still masked.</summary>
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

    /// <summary>Redacts free text: URI credentials, JSON secret fields inside the text, and the configured keys.</summary>
    public string Redact(string text)
    {
        var result = MaskJsonSecretFields(MaskUris(text));
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
        var result = MaskUris(text);
        foreach (var secret in _knownSecrets)
            if (result.Contains(secret, StringComparison.Ordinal)) result = result.Replace(secret, Mask, StringComparison.Ordinal);
        return result;
    }

    /// <summary>Schemes whose user-info is "name:password": the name may stay visible. Elsewhere (s3, abs, gs, …) the
    /// "user" is an access key id or an account, and the whole user-info is masked.</summary>
    private static readonly HashSet<string> NamedUserSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "redis", "rediss", "ftp", "ftps", "sftp", "http", "https",
    };

    /// <summary>Query parameter names whose values are secrets (also: any name that says secret, password, token,
    /// signature or credential, and every secret field name).</summary>
    private static readonly HashSet<string> SecretQueryNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "sig", "signature", "token", "key", "secret", "password", "pwd", "pass", "access_token", "sas",
        "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Security-Token", "X-Goog-Signature", "X-Goog-Credential",
    };

    private const int MaxSchemeLength = 32;

    /// <summary>True for a URI query parameter name whose value is a secret.</summary>
    public static bool IsSecretQueryName(ReadOnlySpan<char> name)
    {
        name = name.Trim();
        if (name.StartsWith("amp;", StringComparison.OrdinalIgnoreCase)) name = name[4..]; // "&amp;" in HTML-escaped text
        if (name.IsEmpty) return false;
        var text = name.ToString();
        return SecretQueryNames.Contains(text) || IsSecretField(text) ||
               text.Contains("secret", StringComparison.OrdinalIgnoreCase) ||
               text.Contains("password", StringComparison.OrdinalIgnoreCase) ||
               text.Contains("token", StringComparison.OrdinalIgnoreCase) ||
               text.Contains("signature", StringComparison.OrdinalIgnoreCase) ||
               text.Contains("credential", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Every URI in the text (scheme://…), in one forward pass:
    /// <list type="bullet">
    /// <item>its user-info is masked whole, whatever it holds (<c>/</c>, <c>@</c>, <c>:</c>, <c>=</c>): it runs from
    /// <c>://</c> to the LAST <c>@</c> of the URI, because a password may hold <c>/</c> and <c>@</c> that a strict
    /// parser would take for the end of the authority. For redis, ftp, http and their kin a plain user name before the
    /// first <c>:</c> stays visible (<c>redis://default:***@host</c>); for s3, abs, gs and any other scheme the user is
    /// a key id or an account and goes too (<c>s3://***@bucket/path</c>);</item>
    /// <item>the values of secret query parameters (sig, X-Amz-Signature, token, …) are masked;</item>
    /// <item>scheme, host, bucket, path and the other parameters stay, so a person can check where data goes.</item>
    /// </list>
    /// A URI ends at white space, a quote, <c>&lt;</c> or <c>&gt;</c>, or the end of the text; a text that starts with a
    /// URI (a JSON string value such as an importFromUri item, a logged URI) is that URI up to its end, quotes and
    /// spaces included. Over-masking (a host behind an <c>@</c> in a path) is accepted; leaking is not.
    /// Every character is looked at a bounded number of times (the scheme scan back is at most 32 characters, and a
    /// URI's end, last <c>@</c> and query are scanned once each, after which the search resumes at its end).
    /// </summary>
    internal static string MaskUris(string text)
    {
        var search = 0;
        StringBuilder? sb = null;
        var copied = 0;
        while (search < text.Length)
        {
            var sep = text.IndexOf("://", search, StringComparison.Ordinal);
            if (sep < 0) break;
            search = sep + 3;

            // The scheme: letters, digits, + . - before "://", starting with a letter (at most 32 characters back).
            var schemeStart = sep;
            while (schemeStart > copied && sep - schemeStart < MaxSchemeLength && IsSchemeChar(text[schemeStart - 1])) schemeStart--;
            while (schemeStart < sep && !char.IsAsciiLetter(text[schemeStart])) schemeStart++;
            if (schemeStart == sep) continue;

            var start = sep + 3;
            var wholeText = text.AsSpan(0, schemeStart).IsWhiteSpace();
            var end = wholeText ? text.Length : UriEnd(text, start);
            search = end;
            if (end == start) continue;

            // User-info: everything up to the last '@' of the URI.
            var hostStart = start;
            var at = text.LastIndexOf('@', end - 1, end - start);
            if (at > start)
            {
                var keep = start;
                if (NamedUserSchemes.Contains(text[schemeStart..sep]))
                {
                    var colon = text.IndexOf(':', start, at - start);
                    if (colon >= 0 && colon - start <= 64 && IsPlainUserName(text.AsSpan(start, colon - start))) keep = colon + 1;
                }
                if (!text.AsSpan(keep, at - keep).SequenceEqual(Mask))
                {
                    sb ??= new StringBuilder(text.Length);
                    sb.Append(text, copied, keep - copied).Append(Mask);
                    copied = at;
                }
                hostStart = at + 1;
            }

            // Query: name=value pairs after the first '?', separated by & (or its JSON escape \u0026), ? or #.
            var q = text.IndexOf('?', hostStart, end - hostStart);
            if (q < 0) continue;
            var i = q + 1;
            while (i < end)
            {
                var nameStart = i;
                var eq = -1;
                var sepLength = 0;
                while (i < end && (sepLength = QuerySeparator(text, i, end)) == 0)
                {
                    if (eq < 0 && text[i] == '=') eq = i;
                    i++;
                }
                if (eq > nameStart && eq + 1 < i && IsSecretQueryName(text.AsSpan(nameStart, eq - nameStart)) &&
                    !text.AsSpan(eq + 1, i - eq - 1).SequenceEqual(Mask))
                {
                    sb ??= new StringBuilder(text.Length);
                    sb.Append(text, copied, eq + 1 - copied).Append(Mask);
                    copied = i;
                }
                i += Math.Max(sepLength, 1);
            }
        }
        if (sb is null) return text;
        sb.Append(text, copied, text.Length - copied);
        return sb.ToString();
    }

    /// <summary>Where a URI inside free text ends: white space, a quote, angle brackets, or the end of the text.</summary>
    private static int UriEnd(string text, int start)
    {
        var i = start;
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('"' or '\'' or '`' or '<' or '>')) i++;
        return i;
    }

    /// <summary>The length of the query separator at <paramref name="i"/> (&amp;, ?, #, or the JSON escape \u0026), else 0.</summary>
    private static int QuerySeparator(string text, int i, int end)
    {
        if (text[i] is '&' or '?' or '#') return 1;
        if (text[i] == '\\' && i + 6 <= end && text.AsSpan(i + 1, 5).Equals("u0026", StringComparison.OrdinalIgnoreCase)) return 6;
        return 0;
    }

    /// <summary>A user name that can be shown: unreserved URI characters only (no key material that holds / + = @).</summary>
    private static bool IsPlainUserName(ReadOnlySpan<char> user)
    {
        foreach (var c in user)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')) return false;
        return true;
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
