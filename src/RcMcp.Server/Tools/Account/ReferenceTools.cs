using RcMcp.Cloud;
using RcMcp.Server.Schema;

namespace RcMcp.Server.Tools.Account;

/// <summary>Account and reference data: payment methods, regions, modules, persistence options, scaling factors, Redis versions.</summary>
public static class ReferenceTools
{
    public static readonly Toolset Toolset = Toolset.Account;

    public static IEnumerable<ToolSpec> All() =>
    [
        ListPaymentMethods,
        ListRegions,
        ListDatabaseModules,
        ListDataPersistenceOptions,
        ListSearchScalingFactors,
    ];

    public static ToolSpec ListPaymentMethods { get; } = new()
    {
        Name = "list_payment_methods",
        Title = "List payment methods",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Default = true,
        Description = "Payment methods (id, card type, last digits, expiry): the paymentMethodId of create_subscription.",
        InputSchema = JsonSchema.Object().Build(),
        Operation = "getAccountPaymentMethods",
    };

    public static ToolSpec ListRegions { get; } = new()
    {
        Name = "list_regions",
        Title = "List Pro regions",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Default = true,
        Description = "Cloud regions for Pro subscriptions (id, name, provider): the regions of create_subscription.",
        InputSchema = JsonSchema.Object().Prop("provider", JsonSchema.Enum("Only this cloud.", "AWS", "GCP")).Build(),
        Operation = "getSupportedRegions",
    };

    public static ToolSpec ListDatabaseModules { get; } = new()
    {
        Name = "list_database_modules",
        Title = "List database modules",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Default = true,
        Description = "Modules with their parameters: the modules of create_database below Redis 8 (8 has them all).",
        InputSchema = JsonSchema.Object().Build(),
        Operation = "getSupportedDatabaseModules",
    };

    public static ToolSpec ListDataPersistenceOptions { get; } = new()
    {
        Name = "list_data_persistence_options",
        Title = "List data persistence options",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Persistence options (AOF or snapshot intervals) and their meaning: the values of dataPersistence.",
        InputSchema = JsonSchema.Object().Build(),
        Operation = "getDataPersistenceOptions",
    };

    public static ToolSpec ListSearchScalingFactors { get; } = new()
    {
        Name = "list_search_scaling_factors",
        Title = "List search scaling factors",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Query performance factors for search (e.g. 2x): the values of queryPerformanceFactor.",
        InputSchema = JsonSchema.Object().Build(),
        Operation = "getSupportedSearchScalingFactors",
    };
}
