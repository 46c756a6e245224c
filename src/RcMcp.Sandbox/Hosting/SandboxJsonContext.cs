using System.Text.Json;
using System.Text.Json.Serialization;
using RcMcp.Sandbox.Requests;

namespace RcMcp.Sandbox.Hosting;

/// <summary>
/// Source-generated (reflection-free) JSON metadata of the request bodies. Web defaults, as the sandbox has always
/// read bodies: camelCase, case-insensitive names, numbers also accepted as strings; unknown fields are ignored.
/// The request records use <c>set</c>, not <c>init</c>, accessors: the generator fills init-only properties through
/// a constructor delegate, whose errors name the record instead of the field's type ("could not be converted to
/// System.String"), so the 400 messages would change.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SubscriptionCreateRequest))]
[JsonSerializable(typeof(SubscriptionUpdateRequest))]
[JsonSerializable(typeof(DatabaseCreateRequest))]
[JsonSerializable(typeof(DatabaseUpdateRequest))]
[JsonSerializable(typeof(DatabaseBackupRequest))]
[JsonSerializable(typeof(CrdbFlushRequest))]
[JsonSerializable(typeof(ExplicitNullValue))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;

/// <summary>The value behind <see cref="SandboxJson.ExplicitNull"/>: a non-null node that writes <c>null</c>.</summary>
[JsonConverter(typeof(ExplicitNullConverter))]
internal readonly struct ExplicitNullValue;

/// <summary>Writes <see cref="ExplicitNullValue"/> as <c>null</c>.</summary>
internal sealed class ExplicitNullConverter : JsonConverter<ExplicitNullValue>
{
    public override ExplicitNullValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? default : throw new JsonException("Expected null.");

    public override void Write(Utf8JsonWriter writer, ExplicitNullValue value, JsonSerializerOptions options) =>
        writer.WriteNullValue();
}
