using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace RcMcp.Cloud;

/// <summary>JSON helpers shared by the client and the request builders (no reflection).</summary>
internal static class CloudJson
{
    private static readonly JsonElement EmptyObject = ParseElement("{}"u8.ToArray());

    /// <summary>Serializes a model to a node with the source-generated metadata (nulls are omitted).</summary>
    public static JsonNode ToNode<T>(T value, JsonTypeInfo<T> typeInfo) where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.SerializeToNode(value, typeInfo) ?? new JsonObject();
    }

    /// <summary>Writes a body compactly, dropping object properties whose value is null: the API never gets a null.</summary>
    public static byte[] ToBodyBytes(JsonNode body) => RcMcp.Shared.JsonWithoutNulls.ToUtf8(body, new ArrayBufferWriter<byte>(256)).ToArray();

    /// <summary>Parses a response body into a detached element; an empty body becomes an empty object.</summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static JsonElement ParseBody(ReadOnlySpan<byte> body)
    {
        var trimmed = TrimWhiteSpace(body);
        if (trimmed.IsEmpty) return EmptyObject;
        return ParseElement(trimmed);
    }

    private static JsonElement ParseElement(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        using var doc = JsonDocument.ParseValue(ref reader);
        if (reader.Read()) throw new JsonException("Trailing data after the JSON value.");
        return doc.RootElement.Clone();
    }

    /// <summary>True when the body holds nothing but white space (or a byte order mark).</summary>
    public static bool IsEmpty(ReadOnlySpan<byte> body) => TrimWhiteSpace(body).IsEmpty;

    private static ReadOnlySpan<byte> TrimWhiteSpace(ReadOnlySpan<byte> span)
    {
        // A UTF-8 byte order mark is not JSON.
        if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        return span.Trim(" \t\r\n"u8);
    }
}
