using System.Text;
using Microsoft.AspNetCore.Http;

namespace RcMcp.Sandbox.Hosting;

/// <summary>Reads the request body once, for the journal and for the handlers.</summary>
internal static class RequestBody
{
    private static readonly object ItemKey = new();

    public static async Task<string?> BufferAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        var body = text.Length == 0 ? null : text;
        context.Items[ItemKey] = body;
        return body;
    }

    public static string? Get(HttpContext context) => context.Items[ItemKey] as string;
}
