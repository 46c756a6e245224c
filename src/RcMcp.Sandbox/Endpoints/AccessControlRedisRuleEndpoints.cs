using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Redis ACL rules (<c>/acl/redisRules</c>): the ACL syntax a role grants on its databases.</summary>
internal static class AccessControlRedisRuleEndpoints
{
    /// <summary>Words of the ACL syntax that do not start with a prefix character.</summary>
    private static readonly HashSet<string> AclKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "allkeys", "allchannels", "allcommands", "nocommands", "resetkeys", "resetchannels", "on", "off",
    };

    public static void Map(IEndpointRouteBuilder v1)
    {
        var rules = v1.MapGroup("/acl/redisRules");
        rules.MapGet("", ListRules);
        rules.MapPost("", CreateRule);
        rules.MapPut("/{aclRedisRuleId:int}", UpdateRule);
        rules.MapDelete("/{aclRedisRuleId:int}", DeleteRule);
    }

    private static IResult ListRules(ApiCall call) => call.Run(_ => SandboxJson.Result(call.Account.AccessControl.RulesView(call.Account.Id)));

    private static IResult CreateRule(ApiCall call)
    {
        var body = call.ReadJsonBody();
        var name = RuleName(body);
        var definition = RuleDefinition(body);
        return call.Run(now =>
        {
            var acl = call.Account.AccessControl;
            EnsureRuleNameFree(acl, name, except: null);
            var rule = new AclRule(acl.NextRuleId(), name, definition);
            acl.Rules.Add(rule);
            return call.StartTask("aclRedisRuleCreateRequest", now, _ =>
            {
                rule.Status = ResourceStatus.Active;
                return TaskOutcome.Success(rule.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult UpdateRule(ApiCall call, int aclRedisRuleId)
    {
        var body = call.ReadJsonBody();
        return call.Run(now =>
        {
            var acl = call.Account.AccessControl;
            var rule = acl.GetRule(aclRedisRuleId);
            if (rule.IsDefault)
                throw ApiException.Conflict("ACL_REDIS_RULE_CANNOT_UPDATE_DEFAULT", $"Redis ACL rule {rule.Id} ('{rule.Name}') is a default rule and cannot be changed.");
            EnsureRuleActive(rule);
            var name = RuleName(body);
            var definition = RuleDefinition(body);
            EnsureRuleNameFree(acl, name, except: rule);
            rule.Status = ResourceStatus.Pending;
            return call.StartTask("aclRedisRuleUpdateRequest", now, _ =>
            {
                rule.Name = name;
                rule.Acl = definition;
                rule.Status = ResourceStatus.Active;
                return TaskOutcome.Success(rule.Id);
            }, StatusCodes.Status202Accepted);
        });
    }

    private static IResult DeleteRule(ApiCall call, int aclRedisRuleId) => call.Run(now =>
    {
        var acl = call.Account.AccessControl;
        var rule = acl.GetRule(aclRedisRuleId);
        if (rule.IsDefault)
            throw ApiException.Conflict("ACL_REDIS_RULE_CANNOT_DELETE_DEFAULT", $"Redis ACL rule {rule.Id} ('{rule.Name}') is a default rule and cannot be deleted.");
        var roles = acl.RolesUsing(rule).ToList();
        if (roles.Count > 0)
        {
            throw ApiException.Conflict("ACL_REDIS_RULE_CANNOT_DELETE_WHEN_ASSOCIATED_WITH_ROLES",
                $"Redis ACL rule {rule.Id} ('{rule.Name}') is used by the role(s) {AccessControlState.Names(roles.Select(r => (r.Id, r.Name)))}; " +
                "remove the rule from those roles, or delete them, before deleting the rule.");
        }
        EnsureRuleActive(rule);
        rule.Status = ResourceStatus.Deleting;
        return call.StartTask("aclRedisRuleDeleteRequest", now, _ =>
        {
            acl.Rules.Remove(rule);
            return TaskOutcome.Success(rule.Id);
        }, StatusCodes.Status202Accepted);
    });

    private static string RuleName(JsonBody body)
    {
        var name = body.Str("name", required: true, minLength: 1)!;
        if (name.Length > AccessControlState.MaxNameLength)
            throw ApiException.BadRequest("ACL_REDIS_RULE_NAME_NOT_IN_RANGE", $"'name' must be at most {AccessControlState.MaxNameLength} characters long (got {name.Length}).");
        if (name.Any(char.IsControl))
            throw ApiException.BadRequest("ACL_REDIS_RULE_NAME_NOT_VALID", "'name' must not contain control characters.");
        return name;
    }

    /// <summary>The rule's definition, checked word by word against the ACL syntax (prefixes + - ~ % &amp; or keywords).</summary>
    private static string RuleDefinition(JsonBody body)
    {
        var definition = body.Str("redisRule", required: true)!;
        var words = definition.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            throw ApiException.BadRequest("ACL_REDIS_RULE_PATTERN_IS_MISSING", "'redisRule' must contain an ACL rule, e.g. '+@read ~*'.");
        foreach (var word in words)
        {
            if (word[0] is '+' or '-' or '~' or '%' or '&' or '(' || AclKeywords.Contains(word)) continue;
            throw ApiException.BadRequest("ACL_REDIS_RULE_PATTERN_NOT_VALID",
                $"'redisRule' is not valid ACL syntax: '{word}' is neither a command (+cmd, -cmd, +@category), a key pattern (~pattern, %R~pattern), a channel pattern (&pattern) nor a keyword.");
        }
        return definition;
    }

    private static void EnsureRuleNameFree(AccessControlState acl, string name, AclRule? except)
    {
        if (acl.Rules.Any(r => r != except && r.Name == name))
            throw ApiException.Conflict("ACL_REDIS_RULE_NAME_ALREADY_EXISTS", $"A Redis ACL rule named '{name}' already exists in this account.");
    }

    private static void EnsureRuleActive(AclRule rule)
    {
        if (rule.Status != ResourceStatus.Active)
            throw ApiException.Conflict("ACL_REDIS_RULE_NOT_ACTIVE", $"Redis ACL rule {rule.Id} is {rule.Status}; wait until it is active.");
    }
}
