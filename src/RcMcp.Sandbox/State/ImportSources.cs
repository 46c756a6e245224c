using System.Text.RegularExpressions;

namespace RcMcp.Sandbox.State;

/// <summary>
/// What an import (Pro and Essentials alike: the spec gives both the same body) reads: the source types and the URI
/// schemes each accepts. The scheme is read as text before "://", so keys holding '/' or '=' in the user part do not
/// matter.
/// </summary>
internal static partial class ImportSources
{
    public static readonly IReadOnlyDictionary<string, string[]> SchemesBySource = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["http"] = ["http", "https"],
        ["redis"] = ["redis", "rediss"],
        ["ftp"] = ["ftp", "ftps", "sftp"],
        ["aws-s3"] = ["s3"],
        ["azure-blob-storage"] = ["abs", "https"],
        ["google-blob-storage"] = ["gs"],
    };

    public static readonly string[] SourceTypes = [.. SchemesBySource.Keys];

    /// <summary>True when <paramref name="uri"/> is a URI of a scheme <paramref name="sourceType"/> reads.</summary>
    public static bool Reads(string sourceType, string uri) =>
        Scheme().Match(uri) is { Success: true } m && SchemesBySource[sourceType].Contains(m.Groups[1].Value, StringComparer.OrdinalIgnoreCase);

    /// <summary>"s3:// or …" for an error message.</summary>
    public static string Expected(string sourceType) => string.Join(" or ", SchemesBySource[sourceType].Select(s => s + "://"));

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*)://")]
    private static partial Regex Scheme();
}
