using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using RcMcp.Server.Tools;

namespace RcMcp.Server.Transport;

/// <summary>
/// Looks at every incoming JSON-RPC message before the SDK parses it, on every transport, and answers the ones the
/// SDK would get wrong: a byte order mark is skipped; invalid JSON gets -32700 saying where; nesting beyond the SDK's
/// limit, invalid UTF-8 and unpaired UTF-16 surrogates get a precise error; a tools/call whose arguments are not an
/// object, are nested too deeply or hold invalid text gets an isError tool result naming the field (and nothing is
/// sent anywhere). Every answer says what is wrong; none is logged as a server fault.
/// </summary>
public static class MessageGuard
{
    /// <summary>Deepest nesting accepted in a message (the SDK's JSON limit is 64).</summary>
    public const int MaxDepth = 60;

    private const int ParseDepth = 4096;

    /// <summary>What to do with one raw message.</summary>
    public sealed record Verdict(ReadOnlyMemory<byte> Message, JsonNode? Reply, bool IsParseError)
    {
        /// <summary>True when the message may go to the SDK.</summary>
        public bool Accepted => Reply is null;
    }

    /// <summary>Checks one message (a line on stdio, a body over HTTP).</summary>
    public static Verdict Check(ReadOnlyMemory<byte> raw)
    {
        var bytes = raw;
        var span = bytes.Span;
        if (span.StartsWith("\uFEFF"u8)) bytes = bytes[3..];

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = ParseDepth });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            var depth = e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase) ? $": nested deeper than {ParseDepth} levels" : "";
            return new Verdict(bytes, Error(default, -32700, $"Parse error: the message is not valid JSON{where}{depth}. Send one JSON-RPC message per line (stdio) or per request (HTTP)."), true);
        }

        using (document)
        {
            var root = document.RootElement;
            var id = IdOf(root);
            if (root.ValueKind != JsonValueKind.Object)
                return Reject(bytes, Error(id, -32600, $"Invalid Request: a JSON-RPC message must be a JSON object (got {Kind(root)}); batches are not supported."));

            var isToolCall = id is not null && root.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String && method.ValueEquals("tools/call");
            if (isToolCall && root.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object)
            {
                var tool = p.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? Safe(n) : "the tool";
                if (p.TryGetProperty("arguments", out var arguments) && arguments.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                    return Reject(bytes, ToolError(id!, tool, "(arguments)", $"must be a JSON object of named arguments (got {Kind(arguments)})",
                        "pass the arguments as an object, e.g. {\"subscriptionId\": 123}, or {} for none"));
                if (p.TryGetProperty("arguments", out arguments) && arguments.ValueKind == JsonValueKind.Object)
                {
                    if (FindTooDeep(arguments, "", 2) is { } deepField)
                        return Reject(bytes, ToolError(id!, tool, deepField, $"is nested more than {MaxDepth} levels deep", "send a flat value; no argument of any tool nests this deep"));
                    if (FindBadText(arguments, "") is { } badField)
                        return Reject(bytes, ToolError(id!, tool, badField, "holds text that is not valid Unicode (an unpaired UTF-16 surrogate such as \\ud800, or invalid UTF-8)", "send valid Unicode text"));
                }
            }

            if (FindTooDeep(root, "", 0) is { } deep)
                return Reject(bytes, Error(id, -32600, $"Invalid Request: the message is nested more than {MaxDepth} levels deep (at {deep})."));
            if (FindBadText(root, "") is { } bad)
                return Reject(bytes, Error(id, -32602, $"Invalid params: the text at {bad} is not valid Unicode (an unpaired UTF-16 surrogate or invalid UTF-8)."));
        }
        return new Verdict(bytes, null, false);
    }

    private static Verdict Reject(ReadOnlyMemory<byte> bytes, JsonNode reply) => new(bytes, reply, false);

    /// <summary>The message's id when it has a usable one (string or integer), else null.</summary>
    private static JsonNode? IdOf(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var id)) return null;
        return id.ValueKind switch
        {
            JsonValueKind.String when TryString(id, out var s) => JsonValue.Create(s),
            JsonValueKind.Number when id.TryGetInt64(out var l) => JsonValue.Create(l),
            _ => null,
        };
    }

    private static JsonNode Error(JsonNode? id, int code, string message) => new JsonObject
    {
        ["jsonrpc"] = "2.0",
        ["id"] = id?.DeepClone(),
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
    };

    private static JsonNode ToolError(JsonNode id, string tool, string field, string problem, string fix)
    {
        var result = ToolResults.Error(ErrorCodes.Validation,
            $"Invalid arguments for {tool}; nothing was sent to Redis Cloud.\n- {field}: {problem}. Fix: {fix}\nCorrect this and call {tool} again.",
            field: field, next: fix);
        return new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id.DeepClone(),
            ["result"] = JsonSerializer.SerializeToNode(result, McpJsonTypes.CallToolResult),
        };
    }

    /// <summary>The path of the first value nested deeper than <see cref="MaxDepth"/>, or null.</summary>
    private static string? FindTooDeep(JsonElement element, string path, int depth)
    {
        if (element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)) return null;
        if (depth + 1 > MaxDepth) return path.Length == 0 ? "(arguments)" : path.Length <= 40 ? path : path[..40] + "…";
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
                if (FindTooDeep(p.Value, Join(path, SafeName(p)), depth + 1) is { } found) return found;
        }
        else
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
                if (FindTooDeep(item, $"{path}[{i++}]", depth + 1) is { } found) return found;
        }
        return null;
    }

    /// <summary>The path of the first string (or property name) that is not valid Unicode, or null.</summary>
    private static string? FindBadText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return TryString(element, out _) ? null : (path.Length == 0 ? "(value)" : path);
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    string name;
                    try { name = p.Name; }
                    catch (InvalidOperationException) { return Join(path, "(a field name)"); }
                    if (FindBadText(p.Value, Join(path, name)) is { } found) return found;
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                    if (FindBadText(item, $"{path}[{i++}]") is { } found) return found;
                return null;
            default:
                return null;
        }
    }

    private static bool TryString(JsonElement e, out string value)
    {
        try
        {
            value = e.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            value = "";
            return false;
        }
    }

    private static string Safe(JsonElement e) => TryString(e, out var s) ? (s.Length <= 64 ? s : s[..64]) : "the tool";

    private static string SafeName(JsonProperty p)
    {
        try { return p.Name; }
        catch (InvalidOperationException) { return "(a field name)"; }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };

    /// <summary>A message for the log without any value: method, id, tool name and argument names only.</summary>
    public static string Describe(ReadOnlyMemory<byte> message)
    {
        try
        {
            using var doc = JsonDocument.Parse(message, new JsonDocumentOptions { MaxDepth = ParseDepth });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return $"({Kind(root)})";
            var method = root.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? Safe(m) : "(response)";
            var id = root.TryGetProperty("id", out var i) ? " id " + (i.ValueKind == JsonValueKind.String ? Safe(i) : i.GetRawText()) : "";
            var detail = "";
            if (root.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object && method == "tools/call")
            {
                var tool = p.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? Safe(n) : "?";
                var names = p.TryGetProperty("arguments", out var a) && a.ValueKind == JsonValueKind.Object
                    ? string.Join(", ", a.EnumerateObject().Select(SafeName).Take(40))
                    : "";
                detail = $" {tool}({names})";
            }
            return $"{method}{id}{detail} [{message.Length} bytes]";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return $"(unparseable, {message.Length} bytes)";
        }
    }

    /// <summary>Writes a reply as one compact line of UTF-8 JSON.</summary>
    public static byte[] ToBytes(JsonNode reply) => Encoding.UTF8.GetBytes(ServerJson.Serialize(reply));
}
