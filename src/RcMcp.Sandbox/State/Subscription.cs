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

    /// <summary>"cloud-provider-managed-key" (default) or "customer-managed-key".</summary>
    public string EncryptionType { get; init; } = "cloud-provider-managed-key";

    /// <summary>The customer managed keys (customer-managed-key subscriptions; none until they are given).</summary>
    public IReadOnlyList<CustomerManagedKeySpec> CustomerManagedKeys { get; set; } = [];

    /// <summary>How long the subscription is kept when the key cannot be used (customer-managed-key subscriptions).</summary>
    public string? DeletionGracePeriod { get; set; }

    public bool UsesCustomerManagedKeys => EncryptionType == "customer-managed-key";

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
            EncryptionType = request.PersistentStorageEncryptionType ?? "cloud-provider-managed-key",
            CustomerManagedKeys = request.PersistentStorageEncryptionKeys?.CustomerManagedKeys?.Select(k => k!).ToList() ?? [],
            DeletionGracePeriod = request.PersistentStorageEncryptionKeys?.DeletionGracePeriod,
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
        if (request.CustomerManagedKeys is { } keys) CustomerManagedKeys = keys.Select(k => k!).ToList();
        DeletionGracePeriod = request.DeletionGracePeriod ?? DeletionGracePeriod;
    }

    /// <summary>Keys fit a subscription that encrypts with customer managed keys: for Active-Active, one per region
    /// and only its regions.</summary>
    public void EnsureKeysFit(IReadOnlyList<CustomerManagedKeySpec> keys)
    {
        if (!UsesCustomerManagedKeys)
        {
            throw ApiException.BadRequest("BAD_REQUEST",
                $"Subscription {Id} encrypts its disks with cloud-provider-managed keys; 'customerManagedKeys' apply only to a subscription created with customer-managed-key.");
        }
        if (!IsActiveActive) return;
        var regions = Regions.Select(r => r.Region).ToHashSet(StringComparer.Ordinal);
        if (keys.FirstOrDefault(k => k.Region is null || !regions.Contains(k.Region)) is { } stray)
            throw ApiException.BadRequest("BAD_REQUEST", $"Each key of an Active-Active subscription names one of its regions ({string.Join(", ", regions)}); got '{stray.Region}'.");
        if (regions.FirstOrDefault(r => keys.All(k => k.Region != r)) is { } missing)
            throw ApiException.BadRequest("BAD_REQUEST", $"'customerManagedKeys' needs a key for every region of subscription {Id}; none for {missing}.");
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
    public JsonObject ToView() => new JsonObject
    {
        ["id"] = Id,
        ["name"] = Name,
        ["status"] = Status,
        ["deploymentType"] = IsActiveActive ? "active-active" : "single-region",
        ["paymentMethodId"] = PaymentMethodId,
        ["paymentMethodType"] = PaymentMethodType,
        ["memoryStorage"] = MemoryStorage,
        ["persistentStorageEncryptionType"] = EncryptionType,
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
    }.WithKeyDetails(this);

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

internal static class SubscriptionViews
{
    /// <summary>A customer-managed-key subscription's view also says the grace period and what Redis Cloud needs
    /// to use the keys (spec: deletionGracePeriod, customerManagedKeyAccessDetails).</summary>
    public static JsonObject WithKeyDetails(this JsonObject view, Subscription subscription)
    {
        if (!subscription.UsesCustomerManagedKeys) return view;
        view["deletionGracePeriod"] = subscription.DeletionGracePeriod;
        view["customerManagedKeyAccessDetails"] = new JsonObject
        {
            ["redisIamRole"] = $"arn:aws:iam::123456789012:role/redis-cmk-{subscription.Id}",
            ["deletionGracePeriodOptions"] = Catalog.DeletionGracePeriods.ToJsonArray(),
        };
        return view;
    }
}
