using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>A connectivity service of which a scope holds at most one (a PrivateLink, a Private Service Connect service).</summary>
internal interface IScopedService
{
    ConnectivityScope Scope { get; }

    /// <summary>Brings what the customer's side does on its own (connections, endpoint scripts) up to <paramref name="at"/>.</summary>
    void Refresh(DateTimeOffset at);
}

/// <summary>
/// One account's services of one kind, at most one per <see cref="ConnectivityScope"/>: found, got (404 when there is
/// none), added (409 when there is one) and removed the same way for every kind.
/// </summary>
internal abstract class ScopedServices<T>(string kind, string notFoundCode, string existsCode) where T : class, IScopedService
{
    private readonly Dictionary<(int Subscription, int Region), T> services = [];

    public T? Find(ConnectivityScope scope) => services.GetValueOrDefault(scope.Key);

    /// <summary>The message when <paramref name="scope"/> has no service, e.g. "No PrivateLink is set up for subscription 5."</summary>
    public string NoneIn(ConnectivityScope scope) => $"No {kind} is set up for {scope}.";

    /// <summary>The service of the scope, brought up to <paramref name="now"/>; 404 when there is none.</summary>
    public T Get(ConnectivityScope scope, DateTimeOffset now)
    {
        var service = Find(scope) ?? throw ApiException.NotFound(notFoundCode, NoneIn(scope));
        service.Refresh(now);
        return service;
    }

    /// <summary>409 when the scope already has its one service.</summary>
    public void EnsureNone(ConnectivityScope scope)
    {
        if (services.ContainsKey(scope.Key))
            throw ApiException.Conflict(existsCode, $"A {kind} is already set up for {scope}; one is allowed.");
    }

    public void Add(T service)
    {
        EnsureNone(service.Scope);
        services.Add(service.Scope.Key, service);
    }

    public void Remove(T service) => services.Remove(service.Scope.Key);
}
