using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace RcMcp.Server.Tools.Catalog;

/// <summary>
/// The outermost call filter: a call_operation or read_operation becomes a call of the named tool (its name, its
/// arguments, the same progress token, input responses and request state) before any other stage sees it. From then
/// on it is that tool's call in every respect, the audit log included. read_operation is annotated read-only, so a
/// host may run it without asking: it refuses every operation that is not a read here, before anything is sent.
/// </summary>
public static class CatalogDispatch
{
    public static McpRequestFilter<CallToolRequestParams, CallToolResult> Filter(ToolCatalog catalog, IReadOnlyDictionary<string, RcTool> tools) =>
        next => (context, ct) =>
        {
            if (context.MatchedPrimitive is not RcTool { Spec: { Name: var caller } callerSpec } || !CatalogTools.IsCaller(caller) ||
                context.Params is not { } parameters)
                return next(context, ct);

            // The caller's own arguments are checked like any tool's, every bad field named.
            var own = ToolArgs.From(parameters.Arguments);
            var errors = Schema.ArgumentValidator.Validate(callerSpec.InputSchema, own.Json);
            if (errors.Count > 0)
                return ValueTask.FromResult(ToolResults.Error(ErrorCodes.Validation,
                    $"Invalid arguments for {caller}; nothing was sent.\n{string.Join("\n", errors.Select(e => "- " + e))}\n" +
                    "Put the operation's name in \"name\" and its arguments inside \"arguments\".", field: errors[0].Field, next: errors[0].Fix));
            var arguments = parameters.Arguments!;
            var name = arguments["name"].GetString()!;
            if (catalog.Find(name) is not { IsCatalog: false } spec || !tools.TryGetValue(name, out var inner))
                return ValueTask.FromResult(CatalogQueries.UnknownOperation(catalog, name));
            if (caller == CatalogTools.Read && spec.IsMutating)
                return ValueTask.FromResult(ToolResults.Error(ErrorCodes.NotAllowedByPolicy,
                    $"{name} changes your Redis Cloud account, and read_operation runs only reads. Nothing was sent. " +
                    $"Fix: call call_operation with name \"{name}\" and the same arguments (it asks for a dry run or the person's approval where needed).",
                    field: "name", next: $"Call call_operation with name \"{name}\" and the same arguments."));

            JsonObject? innerArguments = null;
            if (arguments.TryGetValue("arguments", out var a) && a.ValueKind == JsonValueKind.Object)
                innerArguments = JsonNode.Parse(a.GetRawText(), documentOptions: new JsonDocumentOptions { MaxDepth = 256 })!.AsObject();

            // The same request, addressed to the inner tool: every other field (progress token, input responses,
            // request state of a multi-round-trip retry) is kept as the client sent it.
            var node = JsonSerializer.SerializeToNode(parameters, McpJsonTypes.CallToolRequestParams)!.AsObject();
            node["name"] = name;
            node["arguments"] = innerArguments ?? new JsonObject();
            context.Params = node.Deserialize(McpJsonTypes.CallToolRequestParams) ?? parameters;
            context.MatchedPrimitive = inner;
            return next(context, ct);
        };
}
