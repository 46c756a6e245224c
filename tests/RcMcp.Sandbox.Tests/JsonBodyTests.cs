using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.Tests;

public sealed class JsonBodyTests
{
    [Theory]
    [InlineData(null, "A JSON request body is required.")]
    [InlineData("", "A JSON request body is required.")]
    [InlineData("  ", "A JSON request body is required.")]
    [InlineData("{not json", "The request body is not valid JSON: ")]
    [InlineData("{\"a\":1} trailing", "The request body is not valid JSON: ")]
    [InlineData("[1,2]", "The request body must be a JSON object (got an array).")]
    [InlineData("null", "The request body must be a JSON object (got null).")]
    [InlineData("\"text\"", "The request body must be a JSON object (got a string).")]
    [InlineData("{\"a\":1,\"a\":2}", "The request body repeats a property name")]
    [InlineData("{\"x\":[{\"name\":1,\"Name\":2}]}", "The request body repeats a property name")]
    public void Parse_refuses_what_is_not_one_json_object(string? text, string message)
    {
        var error = ShouldFail(() => JsonBody.Parse(text));

        error.Message.ShouldStartWith(message);
    }

    [Fact]
    public void Names_are_case_insensitive_and_unknown_properties_are_ignored()
    {
        var body = JsonBody.Parse("""{"Name":"orders","DATASETSIZEINGB":2,"somethingElse":[1]}""");

        body.Str("name").ShouldBe("orders");
        body.Double("datasetSizeInGb").ShouldBe(2);
        body.Has("NAME").ShouldBeTrue();
    }

    [Fact]
    public void Absent_and_null_properties_read_as_null_unless_required()
    {
        var body = JsonBody.Parse("""{"name":null}""");

        body.Has("name").ShouldBeFalse();
        body.Has("missing").ShouldBeFalse();
        body.Str("name").ShouldBeNull();
        body.Int("missing").ShouldBeNull();
        body.Long("missing").ShouldBeNull();
        body.Double("missing").ShouldBeNull();
        body.Bool("missing").ShouldBeNull();
        body.Obj("missing").ShouldBeNull();
        body.Arr("missing").ShouldBeNull();
        body.Objects("missing").ShouldBeNull();
        body.Strings("missing").ShouldBeNull();
        body.Ints("missing").ShouldBeNull();
        body.Enum("missing", "a", "b").ShouldBeNull();
        ShouldFail(() => body.Str("name", required: true)).Message.ShouldBe("'name' is required.");
        ShouldFail(() => body.Int("missing", required: true)).Message.ShouldBe("'missing' is required.");
        ShouldFail(() => body.Obj("missing", required: true)).Message.ShouldBe("'missing' is required.");
        ShouldFail(() => body.Arr("missing", required: true)).Message.ShouldBe("'missing' is required.");
        ShouldFail(() => body.Enum("missing", required: true, "a")).Message.ShouldBe("'missing' is required.");
    }

    [Fact]
    public void Str_checks_type_and_length()
    {
        var body = JsonBody.Parse("""{"name":"orders","empty":"","number":5,"password":["x"]}""");

        body.Str("name", required: true, minLength: 1, maxLength: 6).ShouldBe("orders");
        ShouldFail(() => body.Str("name", maxLength: 5)).Message.ShouldBe("'name' must be at most 5 characters long (got 6).");
        ShouldFail(() => body.Str("name", minLength: 7)).Message.ShouldBe("'name' must be at least 7 characters long (got 6).");
        ShouldFail(() => body.Str("empty", minLength: 1)).Message.ShouldBe("'empty' must not be empty.");
        ShouldFail(() => body.Str("number")).Message.ShouldBe("'number' must be a string (got a number).");
        ShouldFail(() => body.Str("password")).Message.ShouldBe("'password' must be a string (got an array).");
    }

    [Fact]
    public void Enum_accepts_only_the_listed_values_exactly()
    {
        var body = JsonBody.Parse("""{"protocol":"redis","other":"Redis"}""");

        body.Enum("protocol", "redis", "memcached").ShouldBe("redis");
        ShouldFail(() => body.Enum("other", "redis", "memcached"))
            .Message.ShouldBe("'other' must be one of: redis, memcached (got 'Redis').");
    }

    [Fact]
    public void Integers_accept_numbers_and_numeric_strings_within_range()
    {
        var body = JsonBody.Parse("""{"port":12000,"text":"12001","negative":-3,"big":3000000000,"fraction":1.5,"word":"twelve","flag":true}""");

        body.Int("port", min: 10000, max: 19999).ShouldBe(12000);
        body.Int("text").ShouldBe(12001);
        body.Int("negative").ShouldBe(-3);
        body.Long("big").ShouldBe(3_000_000_000);
        ShouldFail(() => body.Int("port", min: 13000, max: 19999)).Message.ShouldBe("'port' must be between 13000 and 19999 (got 12000).");
        ShouldFail(() => body.Int("negative", min: 0)).Message.ShouldBe("'negative' must be at least 0 (got -3).");
        ShouldFail(() => body.Long("big", max: 10)).Message.ShouldBe("'big' must be at most 10 (got 3000000000).");
        ShouldFail(() => body.Int("big")).Message.ShouldBe("'big' must be an integer between -2147483648 and 2147483647 (got 3000000000).");
        ShouldFail(() => body.Int("fraction")).Message.ShouldBe("'fraction' must be an integer (got 1.5).");
        ShouldFail(() => body.Int("word")).Message.ShouldBe("'word' must be an integer (got a string that is not an integer).");
        ShouldFail(() => body.Int("flag")).Message.ShouldBe("'flag' must be an integer (got a boolean).");
    }

    [Fact]
    public void Double_accepts_numbers_and_numeric_strings_within_range()
    {
        var body = JsonBody.Parse("""{"size":2.5,"text":"0.5","exponent":1e2,"small":0.05,"nan":"NaN","word":"lots","list":[]}""");

        body.Double("size").ShouldBe(2.5);
        body.Double("text").ShouldBe(0.5);
        body.Double("exponent").ShouldBe(100);
        ShouldFail(() => body.Double("small", min: 0.1)).Message.ShouldBe("'small' must be at least 0.1 (got 0.05).");
        ShouldFail(() => body.Double("nan")).Message.ShouldBe("'nan' must be a finite number (got a string that is not a finite number).");
        ShouldFail(() => body.Double("word")).Message.ShouldBe("'word' must be a finite number (got a string that is not a finite number).");
        ShouldFail(() => body.Double("list")).Message.ShouldBe("'list' must be a number (got an array).");
    }

    [Fact]
    public void Bool_accepts_only_json_booleans()
    {
        var body = JsonBody.Parse("""{"yes":true,"no":false,"text":"true","number":1}""");

        body.Bool("yes").ShouldBe(true);
        body.Bool("no").ShouldBe(false);
        ShouldFail(() => body.Bool("text")).Message.ShouldBe("'text' must be a boolean (got a string).");
        ShouldFail(() => body.Bool("number")).Message.ShouldBe("'number' must be a boolean (got a number).");
    }

    [Fact]
    public void Nested_objects_name_their_fields_with_the_full_path()
    {
        var body = JsonBody.Parse("""{"throughputMeasurement":{"by":"vibes","value":"x"},"list":[]}""");

        var throughput = body.Obj("throughputMeasurement", required: true)!;

        throughput.Path.ShouldBe("throughputMeasurement");
        throughput.Field("by").ShouldBe("throughputMeasurement.by");
        ShouldFail(() => throughput.Enum("by", "operations-per-second"))
            .Message.ShouldBe("'throughputMeasurement.by' must be one of: operations-per-second (got 'vibes').");
        ShouldFail(() => throughput.Long("value")).Message.ShouldBe("'throughputMeasurement.value' must be an integer (got a string that is not an integer).");
        ShouldFail(() => throughput.Str("missing", required: true)).Message.ShouldBe("'throughputMeasurement.missing' is required.");
        ShouldFail(() => body.Obj("list")).Message.ShouldBe("'list' must be an object (got an array).");
    }

    [Fact]
    public void Arrays_check_their_length_and_item_types()
    {
        var body = JsonBody.Parse("""
            {"empty":[],"ips":["10.0.0.0/8","0.0.0.0/0"],"ids":[1,"2"],"mixed":["a",3],"badIds":[1,2.5],
             "databases":[{"name":"a"},{"protocol":"redis"}],"notObjects":[{},"x"],"object":{}}
            """);

        body.Arr("ips", minItems: 1, maxItems: 2)!.Count.ShouldBe(2);
        body.Strings("ips").ShouldBe(["10.0.0.0/8", "0.0.0.0/0"]);
        body.Ints("ids").ShouldBe([1, 2]);
        body.Strings("empty").ShouldBeEmpty();
        ShouldFail(() => body.Arr("empty", minItems: 1)).Message.ShouldBe("'empty' must contain at least one item.");
        ShouldFail(() => body.Strings("ips", minItems: 3)).Message.ShouldBe("'ips' must contain at least 3 items (got 2).");
        ShouldFail(() => body.Arr("ips", maxItems: 1)).Message.ShouldBe("'ips' must contain at most 1 items (got 2).");
        ShouldFail(() => body.Arr("object")).Message.ShouldBe("'object' must be an array (got an object).");
        ShouldFail(() => body.Strings("mixed")).Message.ShouldBe("'mixed[1]' must be a string (got a number).");
        ShouldFail(() => body.Ints("badIds")).Message.ShouldBe("'badIds[1]' must be an integer (got a number).");
        ShouldFail(() => body.Objects("notObjects")).Message.ShouldBe("'notObjects[1]' must be an object (got a string).");

        var databases = body.Objects("databases", required: true, minItems: 1)!;
        databases.Count.ShouldBe(2);
        databases[0].Str("name", required: true).ShouldBe("a");
        ShouldFail(() => databases[1].Str("name", required: true)).Message.ShouldBe("'databases[1].name' is required.");
    }

    [Fact]
    public void Every_error_is_a_400_bad_request()
    {
        var body = JsonBody.Parse("""{"n":"x"}""");

        var error = ShouldFail(() => body.Int("n"));

        error.Status.ShouldBe(400);
        error.Code.ShouldBe("BAD_REQUEST");
    }

    [Fact]
    public void Type_errors_never_echo_a_string_value()
    {
        var body = JsonBody.Parse("""{"port":"s3cr3t-value","size":"s3cr3t-value","flag":"s3cr3t-value","list":"s3cr3t-value"}""");

        string[] messages =
        [
            ShouldFail(() => body.Int("port")).Message,
            ShouldFail(() => body.Double("size")).Message,
            ShouldFail(() => body.Bool("flag")).Message,
            ShouldFail(() => body.Arr("list")).Message,
        ];

        messages.ShouldAllBe(message => !message.Contains("s3cr3t"));
    }

    private static ApiException ShouldFail(Func<object?> read) => Should.Throw<ApiException>(read);
}
