using Microsoft.AspNetCore.Http;

namespace RcMcp.Sandbox.Hosting;

/// <summary>A synchronous API error; the pipeline turns it into the standard error body.</summary>
internal sealed class ApiException(int status, string code, string description) : Exception(description)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    public static ApiException BadRequest(string code, string description) =>
        new(StatusCodes.Status400BadRequest, code, description);

    public static ApiException NotFound(string code, string description) =>
        new(StatusCodes.Status404NotFound, code, description);

    public static ApiException Conflict(string code, string description) =>
        new(StatusCodes.Status409Conflict, code, description);

    public static ApiException Unprocessable(string code, string description) =>
        new(StatusCodes.Status422UnprocessableEntity, code, description);
}
