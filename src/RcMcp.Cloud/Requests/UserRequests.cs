using System.Text.Json.Nodes;

namespace RcMcp.Cloud;

// Account users: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{
    public static ApiRequest GetAccountUsers() => new("getAllUsers", HttpMethod.Get, "/users");

    public static ApiRequest GetAccountUser(int userId) => new("getUserById", HttpMethod.Get, "/users/" + Segment(userId));

    public static ApiRequest UpdateAccountUser(int userId, JsonObject body) =>
        Json("updateUser", HttpMethod.Put, "/users/" + Segment(userId), body, expect: ApiResponse.Task);

    public static ApiRequest DeleteAccountUser(int userId) =>
        new("deleteUserById", HttpMethod.Delete, "/users/" + Segment(userId), Expect: ApiResponse.Task);
}
