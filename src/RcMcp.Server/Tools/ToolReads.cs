using RcMcp.Cloud;
using RcMcp.Cloud.Operations;

namespace RcMcp.Server.Tools;

/// <summary>
/// The reads a tool makes besides its own operation (its target's state, a preflight): the spec's operation bound
/// from the same canonical arguments by name, exactly like a tool's own request.
/// </summary>
public static class ToolReads
{
    public static ApiRequest Bind(string operationId, ToolArgs args) => ApiOperations.Bind(operationId, args.Json, ToolArgs.OwnAndDryRun);
}
