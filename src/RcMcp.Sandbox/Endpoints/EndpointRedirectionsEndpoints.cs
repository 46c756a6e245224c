using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>Endpoint redirections (the spec's "Endpoint Redirections", a preview feature).</summary>
internal static class EndpointRedirectionsEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        var redirections = v1.MapGroup("/endpoint-redirections");
        redirections.MapPost("", Create);
        redirections.MapGet("/{redirectionId}", Get);
        redirections.MapPost("/{redirectionId}/revert", Revert);
    }

    private static IResult Create(ApiCall call)
    {
        var body = call.ReadJsonBody();
        var sourceId = body.Int("sourceDatabaseId", required: true)!.Value;
        var targetId = body.Int("targetDatabaseId", required: true)!.Value;
        var type = body.Enum("endpointTargetType", required: true, "public", "private")!;
        var duplicateAcls = body.Bool("duplicateACLs") ?? false;
        if (body.Bool("migrationProtection", required: true) != true)
            throw ApiException.BadRequest("BAD_REQUEST", "'migrationProtection' must be true to start a redirection (it protects against accidental migrations).");
        if (sourceId == targetId)
            throw ApiException.Unprocessable("BAD_REQUEST", "'targetDatabaseId' must differ from 'sourceDatabaseId'.");
        return call.Run(now =>
        {
            var account = call.Account;
            var source = FindDatabase(account, sourceId, "sourceDatabaseId");
            var target = FindDatabase(account, targetId, "targetDatabaseId");
            source.EnsureActive();
            target.EnsureActive();
            var state = account.EndpointRedirections;
            if (state.ActiveFor(sourceId, account, now) is { } existing)
                throw ApiException.Conflict("CONFLICT_ERROR", $"Database {sourceId} already has the endpoint redirection {existing.Id} ({existing.Status(account, now)}); revert it first.");
            var redirection = new EndpointRedirection
            {
                SourceDatabaseId = sourceId,
                TargetDatabaseId = targetId,
                SourceEndpointName = $"redis-{source.Port}",
                TargetEndpointName = $"redis-{target.Port}",
                EndpointType = type,
                DuplicateAcls = duplicateAcls,
                StartedAt = now,
            };
            redirection.Task = account.Tasks.Start("endpointsRedirectionRequest", now, completedAt =>
            {
                redirection.CompletedAt = completedAt;
                // The source's clients now reach the target: the source stops serving (until traffic/resume or a revert).
                account.Databases.StopTraffic(source, "endpoint-redirection", completedAt);
                return TaskOutcome.Success(sourceId, targetId);
            });
            state.Add(redirection);
            return SandboxJson.Result(redirection.ToView(account, now));
        });
    }

    private static IResult Get(ApiCall call, string redirectionId) => call.Run(now =>
        SandboxJson.Result(call.Account.EndpointRedirections.Get(redirectionId).ToView(call.Account, now)));

    private static IResult Revert(ApiCall call, string redirectionId) => call.Run(now =>
    {
        var account = call.Account;
        var state = account.EndpointRedirections;
        var original = state.Get(redirectionId);
        if (original.IsRevert)
            throw ApiException.Conflict("CONFLICT_ERROR", $"Endpoint redirection {original.Id} is itself a revert and cannot be reverted.");
        var status = original.Status(account, now);
        if (status != "completed")
            throw ApiException.Conflict("CONFLICT_ERROR", $"Endpoint redirection {original.Id} is {status}; only a completed redirection can be reverted.");
        if (state.PendingRevertOf(original, account, now) is { } pending)
            throw ApiException.Conflict("CONFLICT_ERROR", $"Endpoint redirection {original.Id} is already being reverted by {pending.Id}.");
        var revert = new EndpointRedirection
        {
            SourceDatabaseId = original.SourceDatabaseId,
            TargetDatabaseId = original.TargetDatabaseId,
            SourceEndpointName = original.SourceEndpointName,
            TargetEndpointName = original.TargetEndpointName,
            EndpointType = original.EndpointType,
            DuplicateAcls = original.DuplicateAcls,
            StartedAt = now,
            Original = original,
        };
        revert.Task = account.Tasks.Start("endpointsRedirectionRevertRequest", now, completedAt =>
        {
            revert.CompletedAt = completedAt;
            original.RevertedAt = completedAt;
            // The traffic goes back to the source, which serves again.
            if (account.Subscriptions.SelectMany(s => s.Databases).FirstOrDefault(d => d.Id == original.SourceDatabaseId) is { } source &&
                account.Databases.Traffic(source) is { Active: false })
                account.Databases.ResumeTraffic(source);
            return TaskOutcome.Success(original.SourceDatabaseId, original.TargetDatabaseId);
        });
        state.Add(revert);
        return SandboxJson.Result(revert.ToView(account, now));
    });

    private static Database FindDatabase(AccountState account, int databaseId, string field) =>
        account.Subscriptions.SelectMany(s => s.Databases).FirstOrDefault(d => d.Id == databaseId)
        ?? throw ApiException.NotFound("DATABASE_NOT_FOUND", $"'{field}': database {databaseId} was not found in this account.");
}
