namespace RcMcp.Cloud;

/// <summary>
/// Credentials for every request sent from the current asynchronous flow (e.g. one MCP tool call of a session that
/// brought its own keys). Precedence: <see cref="ApiRequest.Credentials"/>, then this scope, then the configured keys.
/// </summary>
public static class ApiCredentialScope
{
    private static readonly AsyncLocal<ApiCredentials?> CurrentCredentials = new();

    public static ApiCredentials? Current => CurrentCredentials.Value;

    /// <summary>Uses <paramref name="credentials"/> until the returned scope is disposed.</summary>
    public static IDisposable Use(ApiCredentials? credentials)
    {
        var previous = CurrentCredentials.Value;
        CurrentCredentials.Value = credentials;
        return new Restore(previous);
    }

    private sealed class Restore(ApiCredentials? previous) : IDisposable
    {
        public void Dispose() => CurrentCredentials.Value = previous;
    }
}
