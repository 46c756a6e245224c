using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>ACL users (<c>/acl/users</c>): database users, each holding one role and a password.</summary>
internal static class AccessControlUserEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        var users = v1.MapGroup("/acl/users");
        users.MapGet("", ListUsers);
        users.MapPost("", CreateUser);
        users.MapGet("/{aclUserId:int}", GetUser);
        users.MapPut("/{aclUserId:int}", UpdateUser);
        users.MapDelete("/{aclUserId:int}", DeleteUser);
    }

    private static IResult ListUsers(ApiCall call) => call.Run(_ => SandboxJson.Result(call.Account.AccessControl.UsersView(call.Account.Id)));

    private static IResult GetUser(ApiCall call, int aclUserId) => call.Run(_ =>
    {
        var acl = call.Account.AccessControl;
        return SandboxJson.Result(acl.UserView(acl.GetUser(aclUserId)));
    });

    private static IResult CreateUser(ApiCall call)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var acl = call.Account.AccessControl;
            var name = body.Str("name", required: true, minLength: 1)!;
            if (name.Length > AccessControlState.MaxNameLength || name.Any(char.IsWhiteSpace) || name.Any(char.IsControl) || name.Equals("default", StringComparison.OrdinalIgnoreCase))
                throw ApiException.BadRequest("ACL_USER_NAME_NOT_VALID", $"'name' must be 1 to {AccessControlState.MaxNameLength} characters without spaces, and not 'default'.");
            if (acl.Users.Any(u => u.Name == name))
                throw ApiException.Conflict("ACL_USER_NAME_ALREADY_EXISTS", $"An ACL user named '{name}' already exists in this account.");
            var role = ActiveRole(acl, body);
            var password = Password(body, required: true)!;
            var user = new AclUser(acl.NextUserId(), name, role.Id, password);
            acl.Users.Add(user);
            return call.StartTask("aclUserCreateRequest", now, _ =>
            {
                user.Status = ResourceStatus.Active;
                return TaskOutcome.Success(user.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult UpdateUser(ApiCall call, int aclUserId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var acl = call.Account.AccessControl;
            var user = acl.GetUser(aclUserId);
            if (user.Status != ResourceStatus.Active)
                throw ApiException.Conflict("CONFLICT_ERROR", $"ACL user {user.Id} is {user.Status}; wait until it is active.");
            var role = body.Has("role") ? ActiveRole(acl, body) : null;
            var password = Password(body, required: false);
            if (role is null && password is null)
                throw ApiException.BadRequest("BAD_REQUEST", "Give 'role', 'password' or both to update an ACL user.");
            if (password is not null) SecretLedger.Record(password);
            user.Status = ResourceStatus.Pending;
            return call.StartTask("aclUserUpdateRequest", now, _ =>
            {
                if (role is not null) user.RoleId = role.Id;
                if (password is not null) user.Password = password;
                user.Status = ResourceStatus.Active;
                return TaskOutcome.Success(user.Id);
            });
        });
    }

    private static IResult DeleteUser(ApiCall call, int aclUserId) => call.Run(now =>
    {
        var acl = call.Account.AccessControl;
        var user = acl.GetUser(aclUserId);
        if (user.Status != ResourceStatus.Active)
            throw ApiException.Conflict("CONFLICT_ERROR", $"ACL user {user.Id} is {user.Status}; wait until it is active.");
        user.Status = ResourceStatus.Deleting;
        return call.StartTask("aclUserDeleteRequest", now, _ =>
        {
            acl.Users.Remove(user);
            return TaskOutcome.Success(user.Id);
        });
    });

    private static AclRole ActiveRole(AccessControlState acl, JsonBody body)
    {
        var role = acl.RoleNamed(body.Str("role", required: true, minLength: 1)!);
        if (role.Status != ResourceStatus.Active)
            throw ApiException.Conflict("CONFLICT_ERROR", $"Role {role.Id} is {role.Status}; wait until it is active.");
        return role;
    }

    /// <summary>A database password: recorded as a secret at once, and never echoed in an error.</summary>
    private static string? Password(JsonBody body, bool required)
    {
        if (!body.Has("password") && !required) return null;
        var password = body.Str("password", required: true)!;
        SecretLedger.Record(password);
        if (password.Length < 8 || password.Length > 128 || password.Any(char.IsControl))
            throw ApiException.BadRequest("ACL_USER_PASSWORD_NOT_VALID", "'password' must be 8 to 128 characters without control characters.");
        return password;
    }
}
