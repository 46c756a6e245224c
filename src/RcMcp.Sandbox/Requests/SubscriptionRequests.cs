namespace RcMcp.Sandbox.Requests;

/// <summary>Spec schema SubscriptionCreateRequest (the fields the sandbox acts on).</summary>
internal sealed record SubscriptionCreateRequest
{
    public string? Name { get; init; }
    public bool DryRun { get; init; }
    public string? DeploymentType { get; init; }
    public string? PaymentMethod { get; init; }
    public int? PaymentMethodId { get; init; }
    public string? MemoryStorage { get; init; }
    public bool? PublicEndpointAccess { get; init; }
    public List<CloudProviderSpec?>? CloudProviders { get; init; }
    public List<DatabaseCreateRequest?>? Databases { get; init; }
}

/// <summary>Spec schema SubscriptionSpec.</summary>
internal sealed record CloudProviderSpec
{
    public string? Provider { get; init; }
    public List<RegionSpec?>? Regions { get; init; }
}

/// <summary>Spec schema SubscriptionRegionSpec.</summary>
internal sealed record RegionSpec
{
    public string? Region { get; init; }
    public bool? MultipleAvailabilityZones { get; init; }
    public List<string>? PreferredAvailabilityZones { get; init; }
    public NetworkingSpec? Networking { get; init; }
}

/// <summary>Spec schema SubscriptionRegionNetworkingSpec.</summary>
internal sealed record NetworkingSpec
{
    public string? DeploymentCidr { get; init; }
}

/// <summary>Spec schema SubscriptionUpdateRequest.</summary>
internal sealed record SubscriptionUpdateRequest
{
    public string? Name { get; init; }
    public int? PaymentMethodId { get; init; }
    public string? PaymentMethod { get; init; }
    public bool? PublicEndpointAccess { get; init; }
}
