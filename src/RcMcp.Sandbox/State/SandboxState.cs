using Microsoft.AspNetCore.Http;

namespace RcMcp.Sandbox.State;

/// <summary>All accounts, keyed by API key. Account settings are copied at start-up.</summary>
internal sealed class SandboxState
{
    private readonly Dictionary<string, AccountState> accountsByKey;

    public SandboxState(SandboxOptions options, TimeProvider time)
    {
        accountsByKey = options.Accounts.ToDictionary(
            account => account.ApiKey,
            account => new AccountState(account.AccountId, account.Name, account.SecretKey, options, time),
            StringComparer.Ordinal);

        if (options.Seed)
        {
            foreach (var account in accountsByKey.Values)
                SandboxSeed.Apply(account, time.GetUtcNow());
        }

        // The system log records every task from now on (and the seeded resources as created).
        foreach (var account in accountsByKey.Values)
            account.Logs.Attach(account, time.GetUtcNow());
    }

    public AccountState? Authenticate(IHeaderDictionary headers)
    {
        var key = headers["x-api-key"].ToString();
        var secret = headers["x-api-secret-key"].ToString();
        return accountsByKey.TryGetValue(key, out var account) && account.SecretMatches(secret) ? account : null;
    }
}
