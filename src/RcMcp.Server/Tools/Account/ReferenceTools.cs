using RcMcp.Cloud;
using RcMcp.Server.Schema;

namespace RcMcp.Server.Tools.Account;

/// <summary>Account and reference data: payment methods, regions, modules, persistence options, scaling factors, Redis versions.</summary>
public static class ReferenceTools
{
    public const string Toolset = "account";

    public static IEnumerable<ToolSpec> All()
    {
        yield return new ToolSpec
        {
            Name = "list_payment_methods",
            Title = "List payment methods",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Default = true,
            Description = "List the account's payment methods (id, card type, last digits, expiry). The id is the paymentMethodId of " +
                          "create_subscription and update_subscription.",
            InputSchema = S.Object().Build(),
            Request = _ => RedisCloudRequests.GetAccountPaymentMethods(),
        };

        yield return new ToolSpec
        {
            Name = "list_regions",
            Title = "List Pro regions",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Default = true,
            Description = "List the cloud regions where Pro subscriptions can run (id, name, provider), e.g. for create_subscription.",
            InputSchema = S.Object().Prop("provider", S.Enum("Only this cloud.", "AWS", "GCP")).Build(),
            Request = a => RedisCloudRequests.GetSupportedRegions(a.StringOrNull("provider")),
        };

        yield return new ToolSpec
        {
            Name = "list_database_modules",
            Title = "List database modules",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Default = true,
            Description = "List the modules (advanced capabilities) a database below Redis 8 can have, with their parameters: the " +
                          "modules of create_database. Redis 8 and later include them all.",
            InputSchema = S.Object().Build(),
            Request = _ => RedisCloudRequests.GetSupportedDatabaseModules(),
        };

        yield return new ToolSpec
        {
            Name = "list_data_persistence_options",
            Title = "List data persistence options",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description = "List the data persistence options (AOF or snapshot intervals) with their meaning: the values of a database dataPersistence.",
            InputSchema = S.Object().Build(),
            Request = _ => RedisCloudRequests.GetDataPersistenceOptions(),
        };

        yield return new ToolSpec
        {
            Name = "list_search_scaling_factors",
            Title = "List search scaling factors",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description = "List the query performance factors for search and query (e.g. 2x): the values of a database queryPerformanceFactor.",
            InputSchema = S.Object().Build(),
            Request = _ => RedisCloudRequests.GetSupportedSearchScalingFactors(),
        };
    }
}
