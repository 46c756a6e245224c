using System.Text.Json.Nodes;

namespace RcMcp.Sandbox.State;

/// <summary>The Redis versions Pro databases can run, and how versions compare.</summary>
internal static class RedisVersions
{
    /// <summary>The Redis versions Pro databases can run (spec schema RedisVersion), oldest first.</summary>
    public static readonly IReadOnlyList<RedisVersionInfo> All =
    [
        new("6.2", "2026-02-28", IsPreview: false, IsDefault: false),
        new("7.2", "2026-08-31", IsPreview: false, IsDefault: false),
        new("7.4", null, IsPreview: false, IsDefault: true),
        new("8.0", null, IsPreview: false, IsDefault: false),
        new("8.2", null, IsPreview: true, IsDefault: false),
    ];

    /// <summary>Major.minor(.patch) compared numerically; unparsable versions sort first.</summary>
    public static Version Parse(string version) =>
        Version.TryParse(version.Contains('.') ? version : version + ".0", out var parsed) ? parsed : new Version(0, 0);
}

internal sealed record RedisVersionInfo(string Version, string? EolDate, bool IsPreview, bool IsDefault)
{
    public JsonObject ToView() => new()
    {
        ["version"] = Version,
        ["eolDate"] = EolDate,
        ["isPreview"] = IsPreview,
        ["isDefault"] = IsDefault,
    };
}
