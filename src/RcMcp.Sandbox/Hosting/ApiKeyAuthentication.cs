using Microsoft.AspNetCore.Http;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Hosting;

/// <summary>Resolves the account from <c>x-api-key</c> and <c>x-api-secret-key</c>, or answers 401.</summary>
internal sealed class ApiKeyAuthentication(SandboxState state)
{
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (state.Authenticate(context.Request.Headers) is not { } account)
        {
            return ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "UNAUTHORIZED",
                "Authentication failed: send a valid API key pair in the x-api-key and x-api-secret-key headers.");
        }

        context.Features.Set(account);
        // The session log: one entry per API session of a client (IP address and user agent).
        account.Run(now => account.Logs.NoteRequest(now, context.Connection.RemoteIpAddress?.ToString(),
            context.Request.Headers.UserAgent.ToString(), context.Request.Method, context.Request.Path.Value ?? ""));
        return next(context);
    }
}
