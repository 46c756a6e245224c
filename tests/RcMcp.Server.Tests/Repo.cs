namespace RcMcp.Server.Tests;

/// <summary>Locates the repository and the shared reference material next to it.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    /// <summary>The project's copy of the official spec's facts (no prose): what the product and the tests read.</summary>
    public static string SpecPath => Path.Combine(Root, "spec", "redis-cloud-operations.json");

    /// <summary>The official OpenAPI document, when the shared reference material sits beside the project (only the
    /// check that the vendored copy is up to date reads it).</summary>
    public static string OfficialSpecPath => Path.Combine(Root, "..", "shared", "reference", "redis-cloud-openapi.json");

    public static bool UpdateSnapshots => Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1";

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RcMcp.sln"))) return dir.FullName;
        throw new InvalidOperationException("RcMcp.sln not found above " + AppContext.BaseDirectory);
    }
}
