using System.Text.Json;

namespace RcMcp.Cloud;

/// <summary>
/// Reading one property of an API answer that may be missing, null or of another type: each gives null (or no items)
/// instead of throwing, so a change in what the API returns never breaks a text built from it.
/// </summary>
public static class JsonElementExtensions
{
    /// <summary>The string property <paramref name="name"/>, or null.</summary>
    public static string? String(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <inheritdoc cref="String(JsonElement, string)"/>
    public static string? String(this JsonElement? e, string name) => e is { } x ? x.String(name) : null;

    /// <summary>The property as text when it is a string or a number (ids the API gives either way), or null.</summary>
    public static string? Scalar(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch { JsonValueKind.String => v.GetString(), JsonValueKind.Number => v.GetRawText(), _ => null }
            : null;

    /// <inheritdoc cref="Scalar(JsonElement, string)"/>
    public static string? Scalar(this JsonElement? e, string name) => e is { } x ? x.Scalar(name) : null;

    /// <summary>The 32-bit integer property <paramref name="name"/>, or null.</summary>
    public static int? Int(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    /// <inheritdoc cref="Int(JsonElement, string)"/>
    public static int? Int(this JsonElement? e, string name) => e is { } x ? x.Int(name) : null;

    /// <summary>The items of the array property <paramref name="name"/>, or none.</summary>
    public static IEnumerable<JsonElement> Array(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    /// <inheritdoc cref="Array(JsonElement, string)"/>
    public static IEnumerable<JsonElement> Array(this JsonElement? e, string name) => e is { } x ? x.Array(name) : [];
}
