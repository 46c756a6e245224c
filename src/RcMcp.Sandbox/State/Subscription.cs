using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.Requests;

namespace RcMcp.Sandbox.State;

/// <summary>A Pro subscription (single-region or active-active) and its databases.</summary>
internal sealed class Subscription
{
    public const int DefaultPaymentMethodId = 1234;

    public required int Id { get; init; }
    public required string Name { get; set; }
    public required bool IsActiveActive { get; init; }
    public required IReadOnlyList<SubscriptionRegion> Regions { get; set; }
    public string Status { get; set; } = ResourceStatus.Pending;
    public int? PaymentMethodId { get; set; }
    public string PaymentMethodType { get; set; } = "credit-card";
    public string MemoryStorage { get; init; } = "ram";
    public bool PublicEndpointAccess { get; set; } = true;
    public List<Database> Databases { get; } = [];

    /// <summary>Builds a pending subscription with its pending databases from a validated request.</summary>
    public static Subscription Create(IdAllocator ids, SubscriptionCreateRequest request, DateTimeOffset now)
    {
        var id = ids.NextSubscriptionId();
        var activeActive = request.DeploymentType == "active-active";
        var provider = request.CloudProviders![0]!;
        var regions = provider.Regions!.Select((region, index) => new SubscriptionRegion(
            ids.NextRegionId(),
            provider.Provider ?? "AWS",
            region!.Region!,
            region.Networking?.DeploymentCidr ?? (activeActive ? $"10.0.{index}.0/24" : "192.168.0.0/24"),
            region.MultipleAvailabilityZones ?? false,
            region.PreferredAvailabilityZones ?? [])).ToList();
        var paymentMethod = request.PaymentMethod ?? "credit-card";
        var subscription = new Subscription
        {
            Id = id,
            Name = request.Name ?? $"subscription-{id}",
            IsActiveActive = activeActive,
            Regions = regions,
            PaymentMethodType = paymentMethod,
            PaymentMethodId = request.PaymentMethodId ?? (paymentMethod == "credit-card" ? DefaultPaymentMethodId : null),
            MemoryStorage = request.MemoryStorage ?? "ram",
            PublicEndpointAccess = request.PublicEndpointAccess ?? true,
        };
        foreach (var spec in request.Databases!.SelectMany(Expand))
            subscription.Databases.Add(Database.Create(ids.NextDatabaseId(), subscription, spec, now));
        return subscription;
    }

    public void Activate(DateTimeOffset now)
    {
        Status = ResourceStatus.Active;
        foreach (var database in Databases)
            database.Activate(now);
    }

    public void Apply(SubscriptionUpdateRequest request)
    {
        Name = request.Name ?? Name;
        PaymentMethodType = request.PaymentMethod ?? PaymentMethodType;
        PaymentMethodId = request.PaymentMethodId ?? PaymentMethodId;
        PublicEndpointAccess = request.PublicEndpointAccess ?? PublicEndpointAccess;
    }

    public void EnsureActive()
    {
        if (Status != ResourceStatus.Active)
            throw ApiException.Conflict("SUBSCRIPTION_NOT_ACTIVE", $"Subscription {Id} is {Status}; wait until it is active.");
    }

    public void EnsureDatabaseNameFree(string name, Database? except = null)
    {
        if (Databases.Any(d => d != except && d.Name == name))
            throw ApiException.Conflict("DATABASE_NAME_EXISTS", $"Subscription {Id} already has a database named '{name}'.");
    }

    /// <summary>The spec's Subscription shape; property order is the wire order.</summary>
    public JsonObject ToView() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["status"] = Status,
        ["deploymentType"] = IsActiveActive ? "active-active" : "single-region",
        ["paymentMethodId"] = PaymentMethodId,
        ["paymentMethodType"] = PaymentMethodType,
        ["memoryStorage"] = MemoryStorage,
        ["persistentStorageEncryptionType"] = "cloud-provider-managed-key",
        ["publicEndpointAccess"] = PublicEndpointAccess,
        ["numberOfDatabases"] = Databases.Count,
        ["cloudDetails"] = Regions.GroupBy(r => r.Provider).Select(group => new JsonObject
        {
            ["provider"] = group.Key,
            ["cloudAccountId"] = 1,
            ["totalSizeInGb"] = Math.Round(Databases.Sum(d => d.MemoryLimitInGb), 4),
            ["regions"] = group.Select(r => r.ToView(Id)).ToJsonArray(),
            ["links"] = new JsonArray(),
        }).ToJsonArray(),
        ["links"] = new JsonArray(),
    };

    /// <summary>A database spec with <c>quantity</c> N stands for N databases named name-1 … name-N.</summary>
    private static IEnumerable<DatabaseCreateRequest> Expand(DatabaseCreateRequest? spec) =>
        spec!.Quantity is > 1 and var quantity
            ? Enumerable.Range(1, quantity).Select(i => spec with { Name = $"{spec.Name}-{i}", Quantity = 1 })
            : [spec];
}

internal sealed record SubscriptionRegion(
    int Id,
    string Provider,
    string Region,
    string DeploymentCidr,
    bool MultipleAvailabilityZones,
    IReadOnlyList<string> PreferredAvailabilityZones)
{
    /// <summary>One entry of <c>cloudDetails[].regions</c>.</summary>
    public JsonObject ToView(int subscriptionId) => new()
    {
        ["region"] = Region,
        ["networking"] = new JsonArray(new JsonObject
        {
            ["deploymentCIDR"] = DeploymentCidr,
            ["subnetId"] = $"subnet-{subscriptionId:x}{Id:x4}",
        }),
        ["preferredAvailabilityZones"] = PreferredAvailabilityZones.ToJsonArray(),
        ["multipleAvailabilityZones"] = MultipleAvailabilityZones,
    };
}
