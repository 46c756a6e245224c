namespace RcMcp.Server.Tests;

/// <summary>Locates the repository and the shared reference material next to it.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    public static string SpecPath => Path.Combine(Root, "..", "shared", "reference", "redis-cloud-openapi.json");

    public static bool UpdateSnapshots => Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1";

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RcMcp.sln"))) return dir.FullName;
        throw new InvalidOperationException("RcMcp.sln not found above " + AppContext.BaseDirectory);
    }
}
