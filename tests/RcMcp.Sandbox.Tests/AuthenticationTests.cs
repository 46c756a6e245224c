using System.Net;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

public sealed class AuthenticationTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("sandbox-api-key", null)]
    [InlineData("sandbox-api-key", "wrong-secret")]
    [InlineData("wrong-key", "sandbox-secret-key")]
    public async Task Requests_without_a_matching_key_pair_get_401_with_an_error_body(string? apiKey, string? secretKey)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.ClientFor(apiKey, secretKey);

        var response = await client.GetAsync("/subscriptions");

        response.Status.ShouldBe(HttpStatusCode.Unauthorized);
        response.ErrorType.ShouldBe("UNAUTHORIZED");
        response.Json.Str("error.status").ShouldBe("401 UNAUTHORIZED");
        response.ErrorDescription.ShouldContain("x-api-key");
    }
}
