using System.Text.Json.Nodes;

namespace RcMcp.Cloud;

// Database access control (ACL): one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{
    // Redis ACL rules
    public static ApiRequest GetAclRedisRules() => new("getAllRedisRules", HttpMethod.Get, "/acl/redisRules");

    public static ApiRequest CreateAclRedisRule(JsonObject body) =>
        Json("createRedisRule", HttpMethod.Post, "/acl/redisRules", body, expect: ApiResponse.Task);

    public static ApiRequest UpdateAclRedisRule(int aclRedisRuleId, JsonObject body) =>
        Json("updateRedisRule", HttpMethod.Put, "/acl/redisRules/" + Segment(aclRedisRuleId), body, expect: ApiResponse.Task);

    public static ApiRequest DeleteAclRedisRule(int aclRedisRuleId) =>
        new("deleteRedisRule", HttpMethod.Delete, "/acl/redisRules/" + Segment(aclRedisRuleId), Expect: ApiResponse.Task);

    // Database access roles
    public static ApiRequest GetAclRoles() => new("getRoles", HttpMethod.Get, "/acl/roles");

    public static ApiRequest CreateAclRole(JsonObject body) =>
        Json("createRole", HttpMethod.Post, "/acl/roles", body, expect: ApiResponse.Task);

    public static ApiRequest UpdateAclRole(int aclRoleId, JsonObject body) =>
        Json("updateRole", HttpMethod.Put, "/acl/roles/" + Segment(aclRoleId), body, expect: ApiResponse.Task);

    public static ApiRequest DeleteAclRole(int aclRoleId) =>
        new("deleteAclRole", HttpMethod.Delete, "/acl/roles/" + Segment(aclRoleId), Expect: ApiResponse.Task);

    // ACL users
    public static ApiRequest GetAclUsers() => new("getAllUsers_1", HttpMethod.Get, "/acl/users");

    public static ApiRequest GetAclUser(int aclUserId) => new("getUserByID", HttpMethod.Get, "/acl/users/" + Segment(aclUserId));

    public static ApiRequest CreateAclUser(JsonObject body) =>
        Json("createUser", HttpMethod.Post, "/acl/users", body, expect: ApiResponse.Task);

    public static ApiRequest UpdateAclUser(int aclUserId, JsonObject body) =>
        Json("updateUser_1", HttpMethod.Put, "/acl/users/" + Segment(aclUserId), body, expect: ApiResponse.Task);

    public static ApiRequest DeleteAclUser(int aclUserId) =>
        new("deleteUser", HttpMethod.Delete, "/acl/users/" + Segment(aclUserId), Expect: ApiResponse.Task);
}
