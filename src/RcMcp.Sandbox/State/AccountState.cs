using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>
/// One account's resources and tasks. Everything in it is touched only inside <see cref="Run{T}"/>,
/// which holds the account lock and first applies every task completion that has fallen due.
/// </summary>
internal sealed partial class AccountState(int id, string name, string secretKey, SandboxOptions options, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<int, Subscription> subscriptions = [];

    public int Id { get; } = id;
    public string Name { get; } = name;
    public IdAllocator Ids { get; } = new();
    public TaskEngine Tasks { get; } = new(options.TaskStepDelay, options.ProvisioningSteps);
    public IEnumerable<Subscription> Subscriptions => subscriptions.Values;

    public bool SecretMatches(string secret) => string.Equals(secretKey, secret, StringComparison.Ordinal);

    public T Run<T>(Func<DateTimeOffset, T> action)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            Tasks.Advance(now);
            return action(now);
        }
    }

    public void Add(Subscription subscription) => subscriptions.Add(subscription.Id, subscription);

    public void Remove(Subscription subscription) => subscriptions.Remove(subscription.Id);

    public Subscription GetSubscription(int subscriptionId) =>
        subscriptions.GetValueOrDefault(subscriptionId)
        ?? throw ApiException.NotFound("SUBSCRIPTION_NOT_FOUND", $"Subscription {subscriptionId} was not found in this account.");

    public Database GetDatabase(int subscriptionId, int databaseId) =>
        GetSubscription(subscriptionId).Databases.FirstOrDefault(d => d.Id == databaseId)
        ?? throw ApiException.NotFound("DATABASE_NOT_FOUND", $"Database {databaseId} was not found in subscription {subscriptionId}.");

    public void EnsureSubscriptionNameFree(string name, Subscription? except = null)
    {
        if (subscriptions.Values.Any(s => s != except && s.Name == name))
            throw ApiException.Conflict("CONFLICT_ERROR", $"A subscription named '{name}' already exists in this account.");
    }
}
