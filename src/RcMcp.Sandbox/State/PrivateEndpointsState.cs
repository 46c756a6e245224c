using System.Security.Cryptography;
using System.Text;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>
/// One account's state for: AWS PrivateLink and GCP Private Service Connect. At most one PrivateLink and one Private
/// Service Connect service per scope (a subscription, or one region of an Active-Active subscription).
/// </summary>
internal sealed class PrivateEndpointsState
{
    private readonly Dictionary<(int Subscription, int Region), PrivateLinkService> links = [];
    private readonly Dictionary<(int Subscription, int Region), PscService> services = [];
    private int pscServiceId = 4_000;
    private int pscEndpointId;

    public PrivateLinkService? FindLink(PrivateEndpointScope scope) => links.GetValueOrDefault(scope.Key);

    /// <summary>The PrivateLink of the scope, brought up to <paramref name="now"/>; 404 when there is none.</summary>
    public PrivateLinkService GetLink(PrivateEndpointScope scope, DateTimeOffset now)
    {
        var link = FindLink(scope) ?? throw ApiException.NotFound(PrivateLinkService.NotFoundCode, $"No PrivateLink is set up for {scope}.");
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

    public PscService? FindService(PrivateEndpointScope scope) => services.GetValueOrDefault(scope.Key);

    /// <summary>The Private Service Connect service of the scope; 404 when there is none or its id is another.</summary>
    public PscService GetService(PrivateEndpointScope scope, int? serviceId, DateTimeOffset now)
    {
        var service = FindService(scope) is { } s && (serviceId is null || s.Id == serviceId) ? s : null;
        if (service is null)
        {
            throw ApiException.NotFound(PscService.NotFoundCode, serviceId is null
                ? $"No Private Service Connect service is set up for {scope}."
                : $"Private Service Connect service {serviceId} was not found for {scope}.");
        }
        service.Refresh(now);
        return service;
    }

    public void Add(PscService service)
    {
        if (services.ContainsKey(service.Scope.Key))
            throw ApiException.Conflict("PSC_SERVICE_ALREADY_EXISTS", $"A Private Service Connect service is already set up for {service.Scope}; one is allowed.");
        services.Add(service.Scope.Key, service);
    }

    public void Remove(PscService service) => services.Remove(service.Scope.Key);

    public int NextPscServiceId() => ++pscServiceId;

    public int NextPscEndpointId() => ++pscEndpointId;

    /// <summary>Lower-case hex, stable for a given seed, for AWS- and GCP-looking resource ids.</summary>
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

/// <summary>Where a PrivateLink or PSC service lives: a subscription, or one region of an Active-Active one.</summary>
internal sealed record PrivateEndpointScope(Subscription Subscription, SubscriptionRegion Region, bool ActiveActive)
{
    public (int, int) Key => (Subscription.Id, Region.Id);

    /// <summary>The task command type: e.g. privateLinkGetRequest, or activeActivePrivateLinkGetRequest.</summary>
    public string Command(string name) => ActiveActive ? "activeActive" + char.ToUpperInvariant(name[0]) + name[1..] : name;

    public override string ToString() => ActiveActive ? $"region {Region.Id} of subscription {Subscription.Id}" : $"subscription {Subscription.Id}";
}
