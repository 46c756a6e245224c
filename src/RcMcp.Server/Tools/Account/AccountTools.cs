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
            Default = true,
            Description = "Show the account these API keys open: id, name, and the key's name, owner and allowed source IPs. Call it first to " +
                          "check the server is on the intended account.",
            InputSchema = S.Object().Build(),
            Request = _ => RedisCloudRequests.GetAccount(),
        };
    }
}
