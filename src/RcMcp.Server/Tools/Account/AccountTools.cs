using RcMcp.Cloud;
using RcMcp.Server.Schema;

namespace RcMcp.Server.Tools.Account;

public static class AccountTools
{
    public static readonly Toolset Toolset = Toolset.Account;

    public static IEnumerable<ToolSpec> All() =>
    [
        GetAccount,
    ];

    public static ToolSpec GetAccount { get; } = new()
    {
        Name = "get_account",
        Title = "Get account",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Default = true,
        Description = "Account of these API keys (id, name) and the key name, owner, source IPs. Call it first to check it is the right one.",
        InputSchema = JsonSchema.Object().Build(),
        Operation = "getCurrentAccount",
    };
}
