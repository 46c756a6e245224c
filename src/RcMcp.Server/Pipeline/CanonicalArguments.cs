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
                    if (root && (ToolArgs.OwnArguments.Contains(p.Name) || (ignoreDryRun && p.Name == ToolParams.DryRunName))) continue;
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
                // 5 and 5.0 are the same request.
                sb.Append(e.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                sb.Append(e.GetRawText());
                break;
        }
    }
}
