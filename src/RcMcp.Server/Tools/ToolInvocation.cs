using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using RcMcp.Cloud;

namespace RcMcp.Server.Tools;

/// <summary>Everything a running tool may use: its spec, arguments, the API client and the MCP request.</summary>
public sealed class ToolInvocation(
    ToolSpec spec,
    ToolArgs args,
    IRedisCloudClient client,
    RequestContext<CallToolRequestParams> request,
    TaskWaiter waiter)
{
    public ToolSpec Spec => spec;
    public ToolArgs Args => args;
    public IRedisCloudClient Client => client;
    public RequestContext<CallToolRequestParams> Request => request;
    public McpServer Server => request.Server;
    public CancellationToken CancellationToken { get; init; }
    public TaskWaiter Waiter => waiter;
    public T Service<T>() where T : notnull => request.Services!.GetRequiredService<T>();
}
