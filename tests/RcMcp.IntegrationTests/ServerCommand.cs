using System.Diagnostics;

namespace RcMcp.IntegrationTests;

/// <summary>
/// How the tests start the server: the built dll through <c>dotnet</c>, or, when RCMCP_SERVER names an executable
/// (the native <c>rcmcp</c> binary), that executable. Every end-to-end suite starts its servers through this.
/// </summary>
public static class ServerCommand
{
    public const string Variable = "RCMCP_SERVER";

    /// <summary>The native binary under test, or null for the dll.</summary>
    public static string? Native => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    public static string Command => Native ?? "dotnet";

    /// <summary>The arguments that come before the server's own (the dll path for dotnet, nothing for a native binary).</summary>
    public static IReadOnlyList<string> Prefix => Native is null ? [ServerProcess.ServerDll] : [];

    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(Command)
        {
            RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in Prefix.Concat(args)) psi.ArgumentList.Add(a);
        foreach (var key in ServerProcess.CredentialVariables) psi.Environment.Remove(key);
        return psi;
    }
}

/// <summary>What the server lists, computed from the same catalog and policy (so tests follow the catalog as it grows).</summary>
public static class Listing
{
    public static IReadOnlyList<string> For(RcMcp.Server.Hosting.ServerOptions options)
    {
        var catalog = new RcMcp.Server.Tools.ToolCatalog();
        return new RcMcp.Server.Pipeline.ToolPolicy(options, catalog).Listed(null).Select(s => s.Name).ToList();
    }

    /// <summary>The default list (no --toolsets).</summary>
    public static IReadOnlyList<string> Default => For(new RcMcp.Server.Hosting.ServerOptions());
}
