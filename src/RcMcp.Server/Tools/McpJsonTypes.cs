using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace RcMcp.Server.Tools;

/// <summary>The SDK's own source-generated JSON metadata for the protocol types we serialise ourselves.</summary>
internal static class McpJsonTypes
{
    public static readonly JsonTypeInfo<CallToolResult> CallToolResult =
        (JsonTypeInfo<CallToolResult>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CallToolResult));

    public static readonly JsonTypeInfo<JsonRpcMessage> JsonRpcMessage =
        (JsonTypeInfo<JsonRpcMessage>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage));
}
