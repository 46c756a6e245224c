using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RcMcp.Shared;

/// <summary>
/// Writes a <see cref="JsonNode"/> tree compactly, leaving out every object property whose value is null (the API's
/// bodies never carry a null), with relaxed escaping ('+', '&lt;', '&amp;' and non-ASCII stay readable; still valid
/// JSON). One source file, compiled into the client and into the sandbox, so neither assembly depends on the other.
/// </summary>
internal static class JsonWithoutNulls
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The UTF-8 bytes of <paramref name="node"/> without its null-valued properties.</summary>
    public static ReadOnlySpan<byte> ToUtf8(JsonNode node, ArrayBufferWriter<byte> buffer)
    {
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            Write(writer, node);
        return buffer.WrittenSpan;
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj)
                {
                    if (value is null) continue;
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array) Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
