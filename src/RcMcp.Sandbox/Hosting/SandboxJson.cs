using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace RcMcp.Sandbox.Hosting;

/// <summary>JSON conventions of the API: camelCase, nulls left out, UTC timestamps.</summary>
internal static class SandboxJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Serializes at once, so views of locked state never escape the lock unserialized.</summary>
    public static IResult Result(object value, int status = StatusCodes.Status200OK) =>
        Results.Content(JsonSerializer.Serialize(value, Options), "application/json", Encoding.UTF8, status);

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
