using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using RcMcp.Server.Hosting;

namespace RcMcp.Server.Http;

/// <summary>
/// Guards the MCP endpoint: DNS-rebinding protection (Host and Origin allow-lists, 403) and the bearer token (401,
/// compared in constant time). Loopback names are always allowed; anything else must be configured.
/// </summary>
public sealed class HttpSecurity
{
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "::1", "[::1]"];

    private readonly HashSet<string> _hosts;
    private readonly HashSet<string> _origins;
    private readonly bool _anyHost;
    private readonly bool _anyOrigin;
    private readonly byte[]? _tokenHash;

    public HttpSecurity(ServerOptions options)
    {
        _hosts = new HashSet<string>(LoopbackHosts, StringComparer.OrdinalIgnoreCase);
        foreach (var h in options.AllowedHosts) _hosts.Add(h.Trim());
        if (!IsWildcard(options.HttpHost)) _hosts.Add(options.HttpHost);
        _anyHost = _hosts.Contains("*");
        _origins = new HashSet<string>(options.AllowedOrigins.Select(o => o.Trim().TrimEnd('/')), StringComparer.OrdinalIgnoreCase);
        _anyOrigin = _origins.Contains("*");
        _tokenHash = string.IsNullOrEmpty(options.HttpToken) ? null : Hash(options.HttpToken);
    }

    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);

    public static bool IsWildcard(string host) => host is "0.0.0.0" or "::" or "[::]" or "*" or "+";

    /// <summary>Whether the Host header names this server (the allow-list against DNS rebinding).</summary>
    public bool HostAllowed(string host) => _anyHost || _hosts.Contains(host);

    /// <summary>Null when the request may proceed; otherwise the status and the reason.</summary>
    public (int Status, string Message)? Check(HttpRequest request)
    {
        var host = request.Host.Host;
        if (!_anyHost && !_hosts.Contains(host))
            return (StatusCodes.Status403Forbidden, $"Forbidden: the Host header '{host}' is not allowed (DNS-rebinding protection). The operator can allow it with --allowed-hosts.");

        if (request.Headers.Origin.ToString() is { Length: > 0 } origin && !OriginAllowed(origin))
            return (StatusCodes.Status403Forbidden, $"Forbidden: the Origin '{origin}' is not allowed (DNS-rebinding protection). The operator can allow it with --allowed-origins.");

        if (_tokenHash is not null)
        {
            var header = request.Headers.Authorization.ToString();
            var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
            if (presented is null || !CryptographicOperations.FixedTimeEquals(Hash(presented), _tokenHash))
                return (StatusCodes.Status401Unauthorized, "Unauthorized: send the server's bearer token in the Authorization header (Authorization: Bearer <token>).");
        }
        return null;
    }

    private bool OriginAllowed(string origin)
    {
        if (_anyOrigin || _origins.Contains(origin.TrimEnd('/'))) return true;
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri) && (uri.Scheme is "http" or "https") && IsLoopback(uri.Host);
    }

    // Hashing first makes the comparison constant-time regardless of the presented token's length.
    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
