using System.Globalization;
using StackExchange.Redis;

namespace RcMcp.Server.Fleet;

/// <summary>
/// Where the fleet's Redis is: <c>redis://HOST:PORT[/DB]</c>, or <c>rediss://</c> for TLS. A user and password are
/// read only from the environment (RCMCP_REDIS_USER, RCMCP_REDIS_PASSWORD): an address with user-info is refused,
/// since a command line is visible to every user of the machine (ps).
/// </summary>
public sealed record RedisStoreAddress(string Host, int Port, int Database, bool Tls)
{
    public const string UserVariable = "RCMCP_REDIS_USER";
    public const string PasswordVariable = "RCMCP_REDIS_PASSWORD";

    /// <summary>Whether the text asks for a Redis store at all (redis:// or rediss://).</summary>
    public static bool IsRedis(string? text) =>
        text is not null && (text.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase));

    /// <summary>The address, or null with what is wrong and the fix (never echoing a password).</summary>
    public static RedisStoreAddress? Parse(string text, out string? problem)
    {
        problem = null;
        if (!IsRedis(text) || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            problem = "--store must be redis://HOST:PORT[/DB] or rediss://HOST:PORT[/DB] (TLS), e.g. redis://127.0.0.1:6379/0.";
            return null;
        }
        if (uri.UserInfo.Length > 0 || text.Contains('@'))
        {
            problem = $"--store must not carry a user or password (a command line is visible to other users): give the address alone and set {UserVariable} and {PasswordVariable} in the environment.";
            return null;
        }
        if (uri.Host.Length == 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            problem = "--store needs a host and nothing after the database number, e.g. redis://127.0.0.1:6379/0.";
            return null;
        }
        var path = uri.AbsolutePath.Trim('/');
        var database = 0;
        if (path.Length > 0 && (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out database) || database > 1000))
        {
            problem = "--store: the database after the port must be a number (0 to 15 on a default Redis), e.g. redis://127.0.0.1:6379/0.";
            return null;
        }
        var tls = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase);
        return new RedisStoreAddress(uri.Host.Trim('[', ']'), uri.IsDefaultPort || uri.Port <= 0 ? 6379 : uri.Port, database, tls);
    }

    /// <summary>The client's settings: fail fast while disconnected (a change is refused at once, not queued),
    /// reconnect by itself every second, 5 s time-outs, credentials from the environment.</summary>
    public ConfigurationOptions Configuration(Func<string, string?> env)
    {
        var options = new ConfigurationOptions
        {
            DefaultDatabase = Database,
            Ssl = Tls,
            AbortOnConnectFail = false,
            ConnectTimeout = 5000,
            SyncTimeout = 5000,
            AsyncTimeout = 5000,
            ConnectRetry = 1,
            KeepAlive = 5,
            ClientName = "rcmcp",
            BacklogPolicy = BacklogPolicy.FailFast,
            ReconnectRetryPolicy = new LinearRetry(1000),
        };
        options.EndPoints.Add(Host, Port);
        if (Tls) options.SslHost = Host;
        if (env(UserVariable) is { Length: > 0 } user) options.User = user;
        if (env(PasswordVariable) is { Length: > 0 } password) options.Password = password;
        return options;
    }

    /// <summary>For logs and messages: the address without credentials (it never holds any).</summary>
    public override string ToString() => $"{(Tls ? "rediss" : "redis")}://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}/{Database}";
}
