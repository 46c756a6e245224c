using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>An Essentials subscription: one plan (size, cloud, region, price) and its databases.</summary>
internal sealed class EssentialsSubscription
{
    public required int Id { get; init; }
    public required string Name { get; set; }
    public required EssentialsPlan Plan { get; set; }
    public required DateTimeOffset CreationDate { get; init; }
    public string Status { get; set; } = ResourceStatus.Pending;
    public string PaymentMethodType { get; set; } = "credit-card";
    public int? PaymentMethodId { get; set; }
    public List<EssentialsDatabase> Databases { get; } = [];

    public void EnsureActive()
    {
        if (Status != ResourceStatus.Active)
            throw ApiException.Conflict("SUBSCRIPTION_NOT_ACTIVE", $"Essentials subscription {Id} is {Status}; wait until it is active.");
    }

    public void EnsureDatabaseNameFree(string name, EssentialsDatabase? except = null)
    {
        if (Databases.Any(d => d != except && d.Name == name))
            throw ApiException.Conflict("DATABASE_NAME_EXISTS", $"Essentials subscription {Id} already has a database named '{name}'.");
    }

    /// <summary>The spec's FixedSubscription; property order is the wire order.</summary>
    public JsonObject ToView() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["status"] = Status,
        ["paymentMethodId"] = PaymentMethodId,
        ["paymentMethodType"] = PaymentMethodType,
        ["planId"] = Plan.Id,
        ["planName"] = Plan.Name,
        ["planType"] = Plan.PlanType,
        ["size"] = Plan.Size,
        ["sizeMeasurementUnit"] = Plan.Unit,
        ["provider"] = Plan.Provider,
        ["region"] = Plan.Region,
        ["price"] = Plan.Price,
        ["pricePeriod"] = EssentialsPlan.Period,
        ["priceCurrency"] = EssentialsPlan.Currency,
        ["maximumDatabases"] = Plan.MaximumDatabases,
        ["availability"] = Plan.Availability,
        ["connections"] = Plan.Connections,
        ["cidrAllowRules"] = Plan.CidrAllowRules,
        ["supportDataPersistence"] = Plan.SupportDataPersistence,
        ["supportInstantAndDailyBackups"] = Plan.SupportBackups,
        ["supportReplication"] = Plan.SupportReplication,
        ["supportClustering"] = false,
        ["customerSupport"] = Plan.CustomerSupport,
        ["creationDate"] = SandboxJson.Timestamp(CreationDate),
        ["links"] = new JsonArray(),
        ["databaseStatus"] = Databases.Count == 0 ? null : Databases[0].Status,
    };
}
