using Microsoft.AspNetCore.Http;

namespace RcMcp.Sandbox.Hosting;

/// <summary>Turns exceptions and empty error responses (unknown route, wrong method) into the JSON error body.</summary>
internal static class ErrorResponses
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await ApiErrors.WriteAsync(context, e.Status, e.Code, e.Message);
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, "GENERAL_ERROR", $"Sandbox internal error: {e.Message}");
            return;
        }

        var status = context.Response.StatusCode;
        if (status >= 400 && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            await ApiErrors.WriteAsync(context, status, ApiErrors.CodeFor(status), Describe(context.Request, status));
    }

    private static string Describe(HttpRequest request, int status) => status switch
    {
        400 => $"A path or query parameter of {request.Method} {request.Path} is not valid.",
        404 => $"No API route matches {request.Method} {request.Path}.",
        405 => $"{request.Method} is not supported on {request.Path}.",
        _ => $"The request {request.Method} {request.Path} failed with status {status}.",
    };
}
