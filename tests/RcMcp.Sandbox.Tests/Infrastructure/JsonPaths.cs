using System.Text.Json;

namespace RcMcp.Sandbox.Tests.Infrastructure;

/// <summary>Dotted paths into JSON, e.g. <c>subscription.0.databases</c>.</summary>
internal static class JsonPaths
{
    public static JsonElement At(this JsonElement element, string path)
    {
        foreach (var part in path.Split('.'))
        {
            element = int.TryParse(part, out var index) && element.ValueKind == JsonValueKind.Array
                ? element[index]
                : element.GetProperty(part);
        }
        return element;
    }

    public static bool Has(this JsonElement element, string property) => element.TryGetProperty(property, out _);

    public static string Str(this JsonElement element, string path) => element.At(path).GetString()!;

    public static int Int(this JsonElement element, string path) => element.At(path).GetInt32();

    public static double Num(this JsonElement element, string path) => element.At(path).GetDouble();

    public static JsonElement[] Items(this JsonElement element, string path) => element.At(path).EnumerateArray().ToArray();
}
