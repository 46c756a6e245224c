using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Cloud accounts.</summary>
internal static class CloudAccountsEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        var accounts = v1.MapGroup("/cloud-accounts");
        accounts.MapGet("", List);
        accounts.MapPost("", Create);
        accounts.MapGet("/{cloudAccountId:int}", Get);
        accounts.MapPut("/{cloudAccountId:int}", Update);
        accounts.MapDelete("/{cloudAccountId:int}", Delete);
    }

    private static IResult List(ApiCall call) => call.Run(_ => SandboxJson.Result(call.Account.CloudAccounts.ListView(call.Account.Id)));

    private static IResult Get(ApiCall call, int cloudAccountId) => call.Run(_ => SandboxJson.Result(call.Account.CloudAccounts.Get(cloudAccountId).ToView()));

    private static IResult Create(ApiCall call)
    {
        var body = call.ReadJsonBody();
        var credentials = Credentials.Read(body, urlRequired: true);
        var name = Name(body, required: true)!;
        var provider = body.Enum("provider", "AWS", "GCP") ?? "AWS";
        return call.Run(now =>
        {
            var state = call.Account.CloudAccounts;
            EnsureUnique(state, name, credentials.AccessKeyId, except: null);
            var account = new CloudAccount(state.NextId(), name, provider);
            credentials.ApplyTo(account);
            state.Accounts.Add(account);
            return call.StartTask("cloudAccountCreateRequest", now, _ =>
            {
                account.Status = ResourceStatus.Active;
                return TaskOutcome.Success(account.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult Update(ApiCall call, int cloudAccountId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var state = call.Account.CloudAccounts;
            var account = state.Get(cloudAccountId);
            var credentials = Credentials.Read(body, urlRequired: false);
            var name = Name(body, required: false);
            EnsureActive(account);
            EnsureUnique(state, name, credentials.AccessKeyId, except: account);
            account.Status = ResourceStatus.Pending;
            return call.StartTask("cloudAccountUpdateRequest", now, _ =>
            {
                account.Name = name ?? account.Name;
                credentials.ApplyTo(account);
                account.Status = ResourceStatus.Active;
                return TaskOutcome.Success(account.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult Delete(ApiCall call, int cloudAccountId) => call.Run(now =>
    {
        var state = call.Account.CloudAccounts;
        var account = state.Get(cloudAccountId);
        EnsureActive(account);
        account.Status = ResourceStatus.Deleting;
        return call.StartTask("cloudAccountDeleteRequest", now, _ =>
        {
            state.Accounts.Remove(account);
            return TaskOutcome.Success(account.Id);
        });
    });

    private static string? Name(JsonBody body, bool required) => body.Str("name", required, minLength: 1, maxLength: 100);

    private static void EnsureActive(CloudAccount account)
    {
        if (account.Status != ResourceStatus.Active)
            throw ApiException.Conflict("CLOUD_ACCOUNT_NOT_ACTIVE", $"Cloud account {account.Id} is {account.Status}; wait until it is active.");
    }

    private static void EnsureUnique(CloudAccountsState state, string? name, string accessKeyId, CloudAccount? except)
    {
        if (name is not null && state.Accounts.Any(a => a != except && a.Name == name))
            throw ApiException.Conflict("CLOUD_ACCOUNT_NAME_EXISTS", $"A cloud account named '{name}' already exists in this account.");
        if (state.Accounts.Any(a => a != except && a.AccessKeyId == accessKeyId))
            throw ApiException.Conflict("CLOUD_ACCOUNT_ACCESS_KEY_EXISTS", "Another cloud account already uses this access key.");
    }

    /// <summary>The credentials of a create or update body, recorded as secrets as soon as they are read.</summary>
    private sealed record Credentials(string AccessKeyId, string AccessSecretKey, string ConsoleUsername, string ConsolePassword, string? SignInLoginUrl)
    {
        public static Credentials Read(JsonBody body, bool urlRequired)
        {
            var keyId = SecretLedger.Record(body.Str("accessKeyId", required: true, minLength: 1)!);
            var secret = SecretLedger.Record(body.Str("accessSecretKey", required: true, minLength: 1)!);
            var password = SecretLedger.Record(body.Str("consolePassword", required: true, minLength: 1)!);
            var username = body.Str("consoleUsername", required: true, minLength: 1)!;
            var url = body.Str("signInLoginUrl", required: urlRequired, minLength: 1);
            if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
                throw ApiException.BadRequest("BAD_REQUEST", "'signInLoginUrl' must be an https URL, e.g. https://123456789012.signin.aws.amazon.com/console.");
            return new Credentials(keyId, secret, username, password, url);
        }

        public void ApplyTo(CloudAccount account)
        {
            account.AccessKeyId = AccessKeyId;
            account.AccessSecretKey = AccessSecretKey;
            account.ConsoleUsername = ConsoleUsername;
            account.ConsolePassword = ConsolePassword;
            account.SignInLoginUrl = SignInLoginUrl ?? account.SignInLoginUrl;
        }
    }
}
