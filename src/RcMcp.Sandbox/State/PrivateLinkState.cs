using System.Security.Cryptography;
using System.Text;

namespace RcMcp.Sandbox.State;

/// <summary>One account's state for AWS PrivateLink: at most one PrivateLink per scope.</summary>
internal sealed class PrivateLinkState() : ScopedServices<PrivateLinkService>("PrivateLink", PrivateLinkService.NotFoundCode, "PRIVATELINK_ALREADY_EXISTS")
{
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
