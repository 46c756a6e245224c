using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>
/// One account's state for: Essentials plans, subscriptions and databases. The plans are the service's catalog
/// (<see cref="EssentialsCatalog"/>); subscriptions and databases have ids of their own range, apart from Pro ids.
/// </summary>
internal sealed class EssentialsState
{
    private readonly SortedDictionary<int, EssentialsSubscription> subscriptions = [];
    private int subscriptionId = 2_000_000;
    private int databaseId = 9_000_000;

    public IEnumerable<EssentialsSubscription> Subscriptions => subscriptions.Values;

    public int NextSubscriptionId() => ++subscriptionId;

    public int NextDatabaseId() => ++databaseId;

    public void Add(EssentialsSubscription subscription) => subscriptions.Add(subscription.Id, subscription);

    public void Remove(EssentialsSubscription subscription) => subscriptions.Remove(subscription.Id);

    public static EssentialsPlan GetPlan(int planId) =>
        EssentialsCatalog.FindPlan(planId) ?? throw ApiException.NotFound("PLAN_NOT_FOUND", $"Essentials plan {planId} does not exist; list plans with GET /fixed/plans.");

    public EssentialsSubscription GetSubscription(int id) =>
        subscriptions.GetValueOrDefault(id)
        ?? throw ApiException.NotFound("SUBSCRIPTION_NOT_FOUND", $"Essentials subscription {id} was not found in this account.");

    public EssentialsDatabase GetDatabase(int subscriptionId, int databaseId) =>
        GetSubscription(subscriptionId).Databases.FirstOrDefault(d => d.Id == databaseId)
        ?? throw ApiException.NotFound("DATABASE_NOT_FOUND", $"Database {databaseId} was not found in Essentials subscription {subscriptionId}.");

    /// <summary>An Essentials database by its id alone (database ids are unique in an account), e.g. for endpoint redirections.</summary>
    public EssentialsDatabase? FindDatabase(int databaseId) =>
        subscriptions.Values.SelectMany(s => s.Databases).FirstOrDefault(d => d.Id == databaseId);

    /// <summary>
    /// Stops the traffic of a database whose endpoints were redirected elsewhere: from then on GET .../traffic
    /// answers its state and POST .../traffic/resume brings it back (the redirection operation calls this).
    /// </summary>
    public static void StopTraffic(EssentialsDatabase database, DateTimeOffset now, string reason = "endpoint-redirection", DateTimeOffset? resumeEligibleAt = null) =>
        database.Traffic = new EssentialsTraffic { StopReason = reason, ResumeEligibleAt = resumeEligibleAt ?? now };

    public void EnsureNameFree(string name, EssentialsSubscription? except = null)
    {
        if (subscriptions.Values.Any(s => s != except && s.Name == name))
            throw ApiException.Conflict("CONFLICT_ERROR", $"An Essentials subscription named '{name}' already exists in this account.");
    }

    /// <summary>An account may hold one free Essentials subscription.</summary>
    public void EnsureFreePlanAvailable(EssentialsPlan plan, EssentialsSubscription? except = null)
    {
        if (plan.IsFree && subscriptions.Values.FirstOrDefault(s => s != except && s.Plan.IsFree) is { } free)
        {
            throw ApiException.Conflict("FREE_SUBSCRIPTION_LIMIT_REACHED",
                $"This account already has a free Essentials subscription ({free.Id}, '{free.Name}'); only one is allowed.");
        }
    }
}
