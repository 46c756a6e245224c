using System.Net;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.Requests;

/// <summary>Stateless checks of subscription requests.</summary>
internal static class SubscriptionRequestValidator
{
    public static void ValidateCreate(SubscriptionCreateRequest request)
    {
        ValidateName(request.Name);
        Check.OneOf(request.DeploymentType, Catalog.DeploymentTypes, "deploymentType");
        Check.OneOf(request.PaymentMethod, Catalog.PaymentMethods, "paymentMethod");
        Check.OneOf(request.MemoryStorage, Catalog.MemoryStorages, "memoryStorage");
        Check.OneOf(request.PersistentStorageEncryptionType, Catalog.EncryptionTypes, "persistentStorageEncryptionType");
        if (request.PersistentStorageEncryptionKeys is { } keys)
        {
            if (request.PersistentStorageEncryptionType != "customer-managed-key")
                throw ApiException.BadRequest("BAD_REQUEST", "'persistentStorageEncryptionKeys' needs 'persistentStorageEncryptionType' customer-managed-key.");
            ValidateKeys(keys.CustomerManagedKeys, keys.DeletionGracePeriod, "persistentStorageEncryptionKeys.");
        }

        var providers = Check.NotEmpty(request.CloudProviders, "cloudProviders");
        if (providers.Count > 1)
            throw ApiException.BadRequest("MULTIPLE_CLOUD_PROVIDERS_NOT_SUPPORTED", "'cloudProviders' must contain exactly one cloud provider.");
        var regionCount = providers.Select(ValidateProvider).Sum();

        var activeActive = request.DeploymentType == "active-active";
        if (activeActive && regionCount < 2)
            throw ApiException.Unprocessable("BAD_REQUEST", "An active-active subscription needs at least two regions in 'cloudProviders[0].regions'.");
        if (!activeActive && regionCount != 1)
        {
            throw ApiException.Unprocessable("SINGLE_REGION_SUBSCRIPTION_MUST_DEFINE_ONLY_ONE_REGION",
                "A single-region subscription needs exactly one region; set 'deploymentType' to 'active-active' for several.");
        }

        var databases = Check.NotEmpty(request.Databases, "databases", "SUBSCRIPTION_MUST_HAVE_AT_LEAST_ONE_DATABASE");
        for (var i = 0; i < databases.Count; i++)
            DatabaseRequestValidator.ValidateCreate(databases[i], $"databases[{i}].", protocolRequired: true);
        var duplicate = databases.GroupBy(d => d.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw ApiException.BadRequest("DATABASE_NAME_DUPLICATE", $"Database name '{duplicate.Key}' appears more than once in 'databases'.");
    }

    public static void ValidateUpdate(SubscriptionUpdateRequest request)
    {
        ValidateName(request.Name);
        Check.OneOf(request.PaymentMethod, Catalog.PaymentMethods, "paymentMethod");
        if (request.CustomerManagedKeys is null && request.DeletionGracePeriod is null) return;
        // The body is a oneOf: a settings change or a key change, never both.
        if (request.ChangesSettings)
            throw ApiException.BadRequest("BAD_REQUEST", "A subscription update takes either 'customerManagedKeys' (and 'deletionGracePeriod') or name, payment and public endpoint settings, not both.");
        ValidateKeys(request.CustomerManagedKeys, request.DeletionGracePeriod, "");
    }

    /// <summary>Customer managed keys: at least one, each with a resource name.</summary>
    public static List<CustomerManagedKeySpec> ValidateKeys(List<CustomerManagedKeySpec?>? keys, string? deletionGracePeriod, string prefix)
    {
        var list = Check.NotEmpty(keys, prefix + "customerManagedKeys");
        for (var i = 0; i < list.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(list[i].ResourceName))
                throw ApiException.BadRequest("BAD_REQUEST", $"'{prefix}customerManagedKeys[{i}].resourceName' is required.");
        }
        Check.OneOf(deletionGracePeriod, Catalog.DeletionGracePeriods, prefix + "deletionGracePeriod");
        return list;
    }

    private static void ValidateName(string? name)
    {
        if (name is not null && string.IsNullOrWhiteSpace(name))
            throw ApiException.BadRequest("BAD_REQUEST", "'name' must not be blank.");
    }

    private static int ValidateProvider(CloudProviderSpec provider)
    {
        var name = provider.Provider ?? "AWS";
        if (!Catalog.RegionsByProvider.TryGetValue(name, out var known))
            throw ApiException.BadRequest("NOT_KNOWN_CLOUD_PROVIDER", $"'cloudProviders[0].provider' must be AWS or GCP (got '{name}').");

        var regions = Check.NotEmpty(provider.Regions, "cloudProviders[0].regions");
        for (var i = 0; i < regions.Count; i++)
        {
            var field = $"cloudProviders[0].regions[{i}]";
            var region = Check.Present(regions[i].Region, $"{field}.region");
            if (!known.Contains(region))
            {
                throw ApiException.BadRequest("SUBSCRIPTION_INVALID_REGION_NAME",
                    $"'{field}.region' must be a {name} region: {string.Join(", ", known)} (got '{region}').");
            }
            if (regions[i].Networking?.DeploymentCidr is { } cidr && !IPNetwork.TryParse(cidr, out _))
                throw ApiException.BadRequest("SUBSCRIPTION_INVALID_CIDR", $"'{field}.networking.deploymentCIDR' is not a valid CIDR (got '{cidr}').");
        }

        var duplicate = regions.GroupBy(r => r.Region).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw ApiException.BadRequest("BAD_REQUEST", $"Region '{duplicate.Key}' appears more than once in 'cloudProviders[0].regions'.");
        return regions.Count;
    }
}
