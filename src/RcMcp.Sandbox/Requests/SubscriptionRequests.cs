namespace RcMcp.Sandbox.Requests;

// Accessors are set, not init, so the source-generated reader keeps its error messages: see SandboxJsonContext.

/// <summary>Spec schema SubscriptionCreateRequest (the fields the sandbox acts on).</summary>
internal sealed record SubscriptionCreateRequest
{
    public string? Name { get; set; }
    public bool DryRun { get; set; }
    public string? DeploymentType { get; set; }
    public string? PaymentMethod { get; set; }
    public int? PaymentMethodId { get; set; }
    public string? MemoryStorage { get; set; }
    public bool? PublicEndpointAccess { get; set; }
    public List<CloudProviderSpec?>? CloudProviders { get; set; }
    public List<DatabaseCreateRequest?>? Databases { get; set; }
}

/// <summary>Spec schema SubscriptionSpec.</summary>
internal sealed record CloudProviderSpec
{
    public string? Provider { get; set; }
    public List<RegionSpec?>? Regions { get; set; }
}

/// <summary>Spec schema SubscriptionRegionSpec.</summary>
internal sealed record RegionSpec
{
    public string? Region { get; set; }
    public bool? MultipleAvailabilityZones { get; set; }
    public List<string>? PreferredAvailabilityZones { get; set; }
    public NetworkingSpec? Networking { get; set; }
}

/// <summary>Spec schema SubscriptionRegionNetworkingSpec.</summary>
internal sealed record NetworkingSpec
{
    public string? DeploymentCidr { get; set; }
}

/// <summary>Spec schema SubscriptionUpdateRequest.</summary>
internal sealed record SubscriptionUpdateRequest
{
    public string? Name { get; set; }
    public int? PaymentMethodId { get; set; }
    public string? PaymentMethod { get; set; }
    public bool? PublicEndpointAccess { get; set; }
}
