using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace RcMcp.Server.Tools;

/// <summary>The SDK's own source-generated JSON metadata for the protocol types we serialise ourselves.</summary>
internal static class McpJsonTypes
{
    public static readonly JsonTypeInfo<CallToolResult> CallToolResult =
        (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));

    public static readonly JsonTypeInfo<CallToolRequestParams> CallToolRequestParams =
        (JsonTypeInfo<CallToolRequestParams>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolRequestParams));

    public static readonly JsonTypeInfo<JsonRpcMessage> JsonRpcMessage =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));

    /// <summary>For writing messages: the same metadata, without escaping quotes, apostrophes and non-ASCII as \uXXXX
    /// (still valid JSON, and fewer bytes for the client to read).</summary>
    public static readonly JsonTypeInfo<JsonRpcMessage> JsonRpcMessageRelaxed =
        (JsonTypeInfo<JsonRpcMessage>)new System.Text.Json.JsonSerializerOptions(McpJsonUtilities.DefaultOptions)
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }.GetTypeInfo(typeof(JsonRpcMessage));
}
