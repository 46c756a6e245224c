using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>
/// One account's cloud accounts (bring your own AWS account). The keys and the console password are stored (and
/// recorded in the <see cref="SecretLedger"/>) but never returned: a view shows the access key id masked, as the API does.
/// </summary>
internal sealed class CloudAccountsState
{
    // Id 1 is Redis's own internal cloud account; customers' accounts come after it.
    private int nextId = 2;

    public List<CloudAccount> Accounts { get; } = [];

    public int NextId() => nextId++;

    public CloudAccount Get(int cloudAccountId) => Accounts.FirstOrDefault(a => a.Id == cloudAccountId)
        ?? throw ApiException.NotFound("CLOUD_ACCOUNT_NOT_FOUND", $"Cloud account {cloudAccountId} was not found in this account.");

    /// <summary>Spec schema CloudAccounts.</summary>
    public JsonObject ListView(int accountId) => new()
    {
        ["accountId"] = accountId,
        ["cloudAccounts"] = Accounts.Select(a => (JsonNode?)a.ToView()).ToJsonArray(),
        ["links"] = new JsonArray(),
    };
}

/// <summary>A cloud account and its credentials.</summary>
internal sealed class CloudAccount(int id, string name, string provider)
{
    private string accessKeyId = "";
    private string accessSecretKey = "";
    private string consolePassword = "";

    public int Id { get; } = id;
    public string Name { get; set; } = name;
    public string Provider { get; } = provider;
    public string Status { get; set; } = ResourceStatus.Pending;
    public string ConsoleUsername { get; set; } = "";
    public string? SignInLoginUrl { get; set; }

    public string AccessKeyId { get => accessKeyId; set => accessKeyId = SecretLedger.Record(value); }
    public string AccessSecretKey { get => accessSecretKey; set => accessSecretKey = SecretLedger.Record(value); }
    public string ConsolePassword { get => consolePassword; set => consolePassword = SecretLedger.Record(value); }

    /// <summary>Spec schema CloudAccount: the access key id only as its first and last characters, no secret.</summary>
    public JsonObject ToView() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["provider"] = Provider,
        ["status"] = Status,
        ["accessKeyId"] = AccessKeyId.Length > 1 ? $"{AccessKeyId[0]}***{AccessKeyId[^1]}" : null,
        ["signInLoginUrl"] = SignInLoginUrl,
        ["links"] = new JsonArray(),
    };
}
