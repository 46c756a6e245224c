using RcMcp.Cloud;
using RcMcp.Server.Schema;

namespace RcMcp.Server.Tools.Account;

public static class AccountTools
{
    public const string Toolset = "account";

    public static IEnumerable<ToolSpec> All()
    {
        yield return new ToolSpec
        {
            Name = "get_account",
            Title = "Get account",
            Toolset = Toolset,
            Kind = ToolKind.Read,
            Idempotent = true,
            Description =
                "Show the Redis Cloud account these API keys belong to: account id and name, and the API key's name, owner and allowed source IPs. " +
                "Call it first to check that the server is connected to the intended account. Changes nothing.",
            InputSchema = S.Object().Build(),
            Request = _ => RedisCloudRequests.GetAccount(),
        };
    }
}
