using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Tests;

public sealed class SandboxJsonTests
{
    [Fact]
    public void Null_properties_are_left_out_at_every_depth_but_explicit_nulls_and_null_items_are_written()
    {
        var node = new JsonObject
        {
            ["id"] = 1,
            ["absent"] = null,
            ["replica"] = SandboxJson.ExplicitNull(),
            ["nested"] = new JsonObject { ["password"] = (string?)null, ["size"] = 2.5, ["on"] = true },
            ["items"] = new JsonArray(new JsonObject { ["a"] = null, ["b"] = 7L }, null, "x"),
        };

        SandboxJson.Serialize(node).ShouldBe("""{"id":1,"replica":null,"nested":{"size":2.5,"on":true},"items":[{"b":7},null,"x"]}""");
    }

    [Fact]
    public void Strings_use_relaxed_escaping_like_the_api()
    {
        var node = new JsonObject { ["name"] = "Sandbox \"quoted\" <b>&é +" };

        SandboxJson.Serialize(node).ShouldBe("""{"name":"Sandbox \"quoted\" <b>&é +"}""");
    }

    [Fact]
    public void Json_array_helpers_build_arrays_of_values_and_nodes()
    {
        var node = new JsonObject
        {
            ["strings"] = new[] { "a", "b" }.ToJsonArray(),
            ["ints"] = new[] { 1, 2 }.ToJsonArray(),
            ["objects"] = Enumerable.Range(1, 2).Select(i => new JsonObject { ["i"] = i }).ToJsonArray(),
            ["empty"] = Array.Empty<string>().ToJsonArray(),
        };

        SandboxJson.Serialize(node).ShouldBe("""{"strings":["a","b"],"ints":[1,2],"objects":[{"i":1},{"i":2}],"empty":[]}""");
    }

    [Theory]
    [InlineData(null, "A JSON request body is required.")]
    [InlineData("[]", "The request body must be a JSON object (got an array).")]
    [InlineData("{oops", "The request body is not valid JSON: ")]
    public async Task ReadJsonBody_answers_400_for_a_missing_or_non_object_body(string? text, string message)
    {
        var call = await CallWithBody(text);

        var error = Should.Throw<ApiException>(() => call.ReadJsonBody());

        error.Status.ShouldBe(StatusCodes.Status400BadRequest);
        error.Code.ShouldBe("BAD_REQUEST");
        error.Message.ShouldStartWith(message);
    }

    [Fact]
    public async Task ReadJsonBody_gives_the_object_and_the_optional_reader_allows_no_body()
    {
        var call = await CallWithBody("""{"name":"orders"}""");
        var empty = await CallWithBody(null);

        call.ReadJsonBody().Str("name").ShouldBe("orders");
        call.ReadOptionalJsonBody()!.Str("name").ShouldBe("orders");
        empty.ReadOptionalJsonBody().ShouldBeNull();
    }

    private static async Task<ApiCall> CallWithBody(string? text)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(text ?? ""));
        await RequestBody.BufferAsync(context);
        context.Features.Set(new AccountState(1001, "Sandbox account", "secret", new SandboxOptions(), TimeProvider.System));
        return (await ApiCall.BindAsync(context))!;
    }
}
