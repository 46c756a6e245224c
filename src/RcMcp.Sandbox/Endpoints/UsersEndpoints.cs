using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Account users.</summary>
internal static class UsersEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        var users = v1.MapGroup("/users");
        users.MapGet("", List);
        users.MapGet("/{userId:int}", Get);
        users.MapPut("/{userId:int}", Update);
        users.MapDelete("/{userId:int}", Delete);
    }

    private static IResult List(ApiCall call) => call.Run(_ => SandboxJson.Result(call.Account.Users.ListView(call.Account.Id)));

    private static IResult Get(ApiCall call, int userId) => call.Run(_ => SandboxJson.Result(call.Account.Users.Get(userId).ToView()));

    private static IResult Update(ApiCall call, int userId)
    {
        var body = call.ReadJsonBody();
        var name = body.Str("name", required: true, minLength: 1, maxLength: 100)!;
        if (name.Any(char.IsControl))
            throw ApiException.BadRequest("USER_NAME_IS_INVALID", "'name' must not contain control characters.");
        var role = body.Enum("role", UsersState.Roles);
        return call.Run(now =>
        {
            var users = call.Account.Users;
            var user = users.Get(userId);
            EnsurePresent(user);
            if (role is not null && role != user.Role && user == users.Own)
                throw ApiException.Conflict("USER_CANNOT_UPDATE_IT_IS_OWN_ROLE", $"User {user.Id} is the user of this API key, who cannot change their own role.");
            return call.StartTask("userUpdateRequest", now, _ =>
            {
                user.Name = name;
                user.Role = role ?? user.Role;
                return TaskOutcome.Success(user.Id);
            });
        });
    }

    private static IResult Delete(ApiCall call, int userId) => call.Run(now =>
    {
        var users = call.Account.Users;
        var user = users.Get(userId);
        if (user == users.Own)
            throw ApiException.Conflict("USER_CANNOT_DELETE_OWN_USER", $"User {user.Id} is the account owner whose API key makes this call, and cannot be deleted.");
        EnsurePresent(user);
        user.Deleting = true;
        return call.StartTask("userDeleteRequest", now, _ =>
        {
            users.Users.Remove(user);
            return TaskOutcome.Success(user.Id);
        });
    });

    private static void EnsurePresent(AccountUser user)
    {
        if (user.Deleting)
            throw ApiException.Conflict("CONFLICT_ERROR", $"User {user.Id} is being deleted.");
    }
}
