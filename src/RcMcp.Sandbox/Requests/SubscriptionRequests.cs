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
    public string? PersistentStorageEncryptionType { get; set; }
    public CustomerManagedKeyProperties? PersistentStorageEncryptionKeys { get; set; }
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

/// <summary>Spec schema BaseSubscriptionUpdateRequest: a oneOf of SubscriptionUpdateRequest (the settings) and
/// SubscriptionUpdateCMKRequest (the customer managed keys), read as one record; a body may hold one form only.</summary>
internal sealed record SubscriptionUpdateRequest
{
    public string? Name { get; set; }
    public int? PaymentMethodId { get; set; }
    public string? PaymentMethod { get; set; }
    public bool? PublicEndpointAccess { get; set; }
    public List<CustomerManagedKeySpec?>? CustomerManagedKeys { get; set; }
    public string? DeletionGracePeriod { get; set; }

    public bool ChangesSettings => Name is not null || PaymentMethodId is not null || PaymentMethod is not null || PublicEndpointAccess is not null;
}

/// <summary>Spec schema CustomerManagedKeyProperties.</summary>
internal sealed record CustomerManagedKeyProperties
{
    public List<CustomerManagedKeySpec?>? CustomerManagedKeys { get; set; }
    public string? DeletionGracePeriod { get; set; }
}

/// <summary>Spec schema CustomerManagedKey.</summary>
internal sealed record CustomerManagedKeySpec
{
    public string? ResourceName { get; set; }
    public string? Region { get; set; }
}
