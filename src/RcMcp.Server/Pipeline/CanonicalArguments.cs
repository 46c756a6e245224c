using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Pipeline;

/// <summary>
/// A stable fingerprint of a call: tool name plus its arguments with object keys sorted, so that the same intent
/// always gives the same hash. RcMcp's own arguments (confirmationToken, waitForCompletion) and, for dry-run
/// matching, dryRun itself are left out; explicit nulls count as absent.
/// </summary>
public static class CanonicalArguments
{
    public static string Hash(string tool, JsonElement arguments, bool ignoreDryRun, string principal = "")
    {
        var sb = new StringBuilder(principal).Append('\n').Append(tool).Append('\n');
        Write(arguments, sb, root: true, ignoreDryRun);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static void Write(JsonElement e, StringBuilder sb, bool root, bool ignoreDryRun)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (p.Value.ValueKind == JsonValueKind.Null) continue;
                    if (root && (p.Name is StandardArguments.ConfirmationTokenName or StandardArguments.WaitForCompletionName || (ignoreDryRun && p.Name == StandardArguments.DryRunName))) continue;
                    sb.Append(JsonSerializer.Serialize(p.Name, ServerJson.Context.String)).Append(':');
                    Write(p.Value, sb, root: false, ignoreDryRun);
                    sb.Append(',');
                }
                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                foreach (var item in e.EnumerateArray()) { Write(item, sb, root: false, ignoreDryRun); sb.Append(','); }
                sb.Append(']');
                break;
            case JsonValueKind.Number:
                // 5, 5.0 and 5e0 are the same request; 9007199254740993 and 9007199254740992 are not.
                sb.Append(Number(e.GetRawText()));
                break;
            default:
                sb.Append(e.GetRawText());
                break;
        }
    }

    /// <summary>
    /// The exact value of a JSON number as text, independent of how it was written: digits without leading or
    /// trailing zeros and a decimal exponent ("12.50e1" and "125" both give "125e0"; zero gives "0"). No rounding:
    /// two numbers give the same text only when they are the same number.
    /// </summary>
    public static string Number(string raw)
    {
        var text = raw.AsSpan();
        var negative = text.Length > 0 && text[0] == '-';
        if (negative) text = text[1..];
        var e = text.IndexOfAny('e', 'E');
        System.Numerics.BigInteger exponent = 0;
        if (e >= 0)
        {
            exponent = System.Numerics.BigInteger.Parse(text[(e + 1)..].TrimStart('+'), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.');
        var digits = new StringBuilder(text.Length);
        if (dot >= 0)
        {
            digits.Append(text[..dot]).Append(text[(dot + 1)..]);
            exponent -= text.Length - dot - 1;
        }
        else digits.Append(text);

        var start = 0;
        while (start < digits.Length && digits[start] == '0') start++;
        var end = digits.Length;
        while (end > start && digits[end - 1] == '0') { end--; exponent++; }
        if (start == end) return "0";
        return (negative ? "-" : "") + digits.ToString(start, end - start) + "e" + exponent.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
