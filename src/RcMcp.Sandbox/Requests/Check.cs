using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.Requests;

/// <summary>Small guards that throw 400 errors naming the offending field.</summary>
internal static class Check
{
    public static void OneOf(string? value, string[] allowed, string field, string code = "BAD_REQUEST")
    {
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
            throw ApiException.BadRequest(code, $"'{field}' must be one of: {string.Join(", ", allowed)} (got '{value}').");
    }

    public static T Present<T>(T? value, string field, string code = "BAD_REQUEST") where T : class =>
        value ?? throw ApiException.BadRequest(code, $"'{field}' is required.");

    public static List<T> NotEmpty<T>(List<T?>? items, string field, string code = "BAD_REQUEST") where T : class
    {
        if (items is not { Count: > 0 })
            throw ApiException.BadRequest(code, $"'{field}' must contain at least one item.");
        if (items.Any(item => item is null))
            throw ApiException.BadRequest(code, $"'{field}' must not contain null items.");
        return items!;
    }
}
