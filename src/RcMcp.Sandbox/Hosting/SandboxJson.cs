using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace RcMcp.Sandbox.Hosting;

/// <summary>
/// JSON conventions of the API: camelCase names, null-valued properties left out (unless written with
/// <see cref="ExplicitNull"/>), relaxed escaping, UTC timestamps. Bodies are <see cref="JsonNode"/> trees, written
/// without reflection.
/// </summary>
internal static class SandboxJson
{
    /// <summary>Serializes at once, so views of locked state never escape the lock unserialized.</summary>
    public static IResult Result(JsonNode node, int status = StatusCodes.Status200OK) =>
        Results.Content(Serialize(node), "application/json", Encoding.UTF8, status);

    /// <summary>Writes <paramref name="node"/>, leaving out every object property whose value is null.</summary>
    public static string Serialize(JsonNode node) => Encoding.UTF8.GetString(RcMcp.Shared.JsonWithoutNulls.ToUtf8(node, new ArrayBufferWriter<byte>()));

    /// <summary>A property value written as <c>null</c> although null properties are otherwise left out.</summary>
    public static JsonNode ExplicitNull() =>
        JsonValue.Create(default(ExplicitNullValue), SandboxJsonContext.Default.ExplicitNullValue)!;

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
