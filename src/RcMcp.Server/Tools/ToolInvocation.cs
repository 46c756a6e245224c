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
    /// <summary>What the pipeline knows of this call (the tool records the task it followed here).</summary>
    public Pipeline.CallState State => Pipeline.CallState.GetOrCreate(request, spec);
    public TaskWaiter Waiter => waiter;
    /// <summary>Sends a task-returning request and follows the task (<see cref="TaskFlow"/>).</summary>
    public TaskFlow Tasks { get; } = new(client, waiter);
    /// <summary>The wait_for_task bound with progress to this request's token.</summary>
    public TaskWait DefaultWait => Tasks.DefaultWait(request.Server, request.Params?.ProgressToken);
    public T Service<T>() where T : notnull => request.Services!.GetRequiredService<T>();
}
