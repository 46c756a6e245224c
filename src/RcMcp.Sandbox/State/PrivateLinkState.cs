using System.Security.Cryptography;
using System.Text;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>One account's state for AWS PrivateLink: at most one PrivateLink per scope.</summary>
internal sealed class PrivateLinkState
{
    private readonly Dictionary<(int Subscription, int Region), PrivateLinkService> links = [];

    public PrivateLinkService? Find(ConnectivityScope scope) => links.GetValueOrDefault(scope.Key);

    /// <summary>The PrivateLink of the scope, brought up to <paramref name="now"/>; 404 when there is none.</summary>
    public PrivateLinkService Get(ConnectivityScope scope, DateTimeOffset now)
    {
        var link = Find(scope) ?? throw ApiException.NotFound(PrivateLinkService.NotFoundCode, $"No PrivateLink is set up for {scope}.");
        link.Refresh(now);
        return link;
    }

    public void Add(PrivateLinkService link)
    {
        if (links.ContainsKey(link.Scope.Key))
            throw ApiException.Conflict("PRIVATELINK_ALREADY_EXISTS", $"A PrivateLink is already set up for {link.Scope}; one is allowed.");
        links.Add(link.Scope.Key, link);
    }

    public void Remove(PrivateLinkService link) => links.Remove(link.Scope.Key);

    /// <summary>Lower-case hex, stable for a given seed, for AWS-looking resource ids.</summary>
    public static string Hex(string seed, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..length];

    /// <summary>The 12-digit AWS account a principal names (an account id or an ARN), or a stable stand-in.</summary>
    public static string AwsAccountOf(string principal)
    {
        var digits = System.Text.RegularExpressions.Regex.Match(principal, "[0-9]{12}");
        if (digits.Success)
            return digits.Value;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(principal));
        return string.Concat(hash.Take(12).Select(b => (char)('0' + b % 10)));
    }
}
