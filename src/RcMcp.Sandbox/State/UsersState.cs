using System.Text.Json.Nodes;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.State;

/// <summary>
/// One account's users (the people of the console and the API). Seeded with the owner, whose API key the sandbox's
/// keys stand for (it can be neither deleted nor given another role: 409, as the API answers for one's own user), and
/// two more people.
/// </summary>
internal sealed class UsersState
{
    public const string OwnerRole = "Owner";

    public static readonly string[] Roles = [OwnerRole, "Member", "Viewer", "Logs Viewer (API use only)", "Manager", "Billing Admin"];

    public UsersState()
    {
        Users.Add(new AccountUser(60190, "Sandbox Owner", "owner@sandbox.example", OwnerRole) { HasApiKey = true, Billing = true });
        Users.Add(new AccountUser(60191, "Dana Member", "dana@sandbox.example", "Member"));
        Users.Add(new AccountUser(60192, "Vic Viewer", "vic@sandbox.example", "Viewer"));
    }

    public List<AccountUser> Users { get; } = [];

    /// <summary>The user whose API key makes the calls.</summary>
    public AccountUser Own => Users[0];

    public AccountUser Get(int userId) => Users.FirstOrDefault(u => u.Id == userId)
        ?? throw ApiException.NotFound("USER_NOT_FOUND", $"User {userId} was not found in this account.");

    /// <summary>Spec schema AccountUsers.</summary>
    public JsonObject ListView(int accountId) => new()
    {
        ["account"] = accountId,
        ["users"] = Users.Select(u => (JsonNode?)u.ToView()).ToJsonArray(),
    };
}

/// <summary>Spec schema AccountUser.</summary>
internal sealed class AccountUser(int id, string name, string email, string role)
{
    public int Id { get; } = id;
    public string Name { get; set; } = name;
    public string Email { get; } = email;
    public string Role { get; set; } = role;
    public bool HasApiKey { get; init; }
    public bool Billing { get; init; }
    public bool Deleting { get; set; }

    public JsonObject ToView() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["email"] = Email,
        ["role"] = Role,
        ["signUp"] = "2025-06-01T09:00:00Z",
        ["userType"] = "Local",
        ["hasApiKey"] = HasApiKey,
        ["options"] = new JsonObject
        {
            ["billing"] = Billing,
            ["emailAlerts"] = Role == UsersState.OwnerRole,
            ["operationalEmails"] = Role == UsersState.OwnerRole,
            ["mfaEnabled"] = false,
        },
    };
}
