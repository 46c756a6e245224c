using System.Globalization;

namespace RcMcp.Sandbox.State;

/// <summary>A VPC peering, AWS or GCP; <see cref="RegionId"/> is the subscription region it starts from.</summary>
internal sealed class VpcPeering
{
    public const string InitiatingRequest = "initiating-request";
    public const string PendingAcceptance = "pending-acceptance";
    public const string Active = "active";

    public required int Id { get; init; }
    public required string Provider { get; init; }
    public required SubscriptionRegion Region { get; init; }
    public string Status { get; set; } = InitiatingRequest;
    public DateTimeOffset AcceptedAt { get; set; }
    /// <summary>The change in progress (update, delete), if any: another change meanwhile is a conflict.</summary>
    public string? Changing { get; set; }

    // AWS
    public string? AwsAccountId { get; init; }
    public string? VpcId { get; init; }
    public string? DestinationRegion { get; init; }
    public string? AwsPeeringUid { get; init; }
    public List<string> Cidrs { get; set; } = [];

    // GCP
    public string? ProjectUid { get; init; }
    public string? NetworkName { get; init; }
    public string? RedisProjectUid { get; init; }
    public string? RedisNetworkName { get; init; }
    public string? CloudPeeringId { get; init; }

    public bool IsAws => Provider == "AWS";
}

/// <summary>IPv4 CIDR blocks, as the API checks them.</summary>
internal static class Cidrs
{
    public static bool TryParse(string text, out uint network, out int prefix)
    {
        network = 0;
        prefix = 0;
        var slash = text.IndexOf('/');
        if (slash < 0 || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > 32)
            return false;
        var octets = text[..slash].Split('.');
        if (octets.Length != 4) return false;
        foreach (var octet in octets)
        {
            if (octet.Length is 0 or > 3 || !byte.TryParse(octet, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
            network = network << 8 | value;
        }
        return true;
    }

    public static bool Overlap(string a, string b)
    {
        if (!TryParse(a, out var x, out var p) || !TryParse(b, out var y, out var q)) return false;
        var prefix = Math.Min(p, q);
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return (x & mask) == (y & mask);
    }
}
