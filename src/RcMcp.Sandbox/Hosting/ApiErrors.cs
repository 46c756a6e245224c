using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace RcMcp.Sandbox.Hosting;

/// <summary>The error body of every synchronous error: <c>{"error":{"type","status","description"}}</c>.</summary>
internal static class ApiErrors
{
    public static Task WriteAsync(HttpContext context, int status, string code, string description)
    {
        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["type"] = code,
                ["status"] = $"{status} {ReasonPhrases.GetReasonPhrase(status).ToUpperInvariant().Replace(' ', '_')}",
                ["description"] = description,
            },
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(SandboxJson.Serialize(body), context.RequestAborted);
    }

    /// <summary>The error code used when only the status is known (injected faults, unmatched routes).</summary>
    public static string CodeFor(int status) => status switch
    {
        400 => "BAD_REQUEST",
        401 => "UNAUTHORIZED",
        403 => "FORBIDDEN",
        404 => "ENTITY_NOT_FOUND",
        405 => "METHOD_NOT_ALLOWED",
        408 => "REQUEST_TIMEOUT",
        409 => "CONFLICT_ERROR",
        422 => "UNPROCESSABLE_ENTITY",
        429 => "RATE_LIMIT",
        503 => "SERVICE_UNAVAILABLE",
        _ => "GENERAL_ERROR",
    };
}
