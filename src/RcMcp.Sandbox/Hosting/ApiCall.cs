using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Hosting;

/// <summary>What a handler needs from an authenticated request; bound by minimal APIs through <see cref="BindAsync"/>.</summary>
internal sealed class ApiCall
{
    private readonly string? body;
    private readonly string baseUrl;

    private ApiCall(AccountState account, string baseUrl, string? body, bool activeActiveRoute, int? regionId)
    {
        Account = account;
        this.baseUrl = baseUrl;
        this.body = body;
        ActiveActiveRoute = activeActiveRoute;
        RegionId = regionId;
    }

    public AccountState Account { get; }

    /// <summary>True when the route called is the Active-Active form (see <see cref="ActiveActiveRoutes"/>).</summary>
    public bool ActiveActiveRoute { get; }

    /// <summary>The <c>{regionId}</c> of the route, when it has one.</summary>
    public int? RegionId { get; }

    public static ValueTask<ApiCall?> BindAsync(HttpContext context)
    {
        var request = context.Request;
        var account = context.Features.GetRequiredFeature<AccountState>();
        var activeActive = context.GetEndpoint()?.Metadata.GetMetadata<ActiveActiveRoutes.Marker>() is not null;
        int? regionId = int.TryParse(request.RouteValues["regionId"] as string, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        return ValueTask.FromResult<ApiCall?>(new ApiCall(account, $"{request.Scheme}://{request.Host}/v1", RequestBody.Get(context), activeActive, regionId));
    }

    /// <summary>Runs <paramref name="action"/> under the account lock after applying due task completions.</summary>
    public IResult Run(Func<DateTimeOffset, IResult> action) => Account.Run(action);

    /// <summary>Reads a request record through its source-generated <paramref name="type"/>; 400 when absent or invalid.</summary>
    public T ReadBody<T>(JsonTypeInfo<T> type) where T : class =>
        ReadOptionalBody(type) ?? throw ApiException.BadRequest("BAD_REQUEST", "A JSON request body is required.");

    public T? ReadOptionalBody<T>(JsonTypeInfo<T> type) where T : class
    {
        if (body is null)
            return null;
        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest("BAD_REQUEST", $"The request body is not valid JSON for this operation: {e.Message}");
        }
    }

    /// <summary>The body as a <see cref="JsonBody"/>; 400 when it is absent, not JSON or not a JSON object.</summary>
    public JsonBody ReadJsonBody() => JsonBody.Parse(body);

    /// <summary>Like <see cref="ReadJsonBody"/>, but an absent body reads as null.</summary>
    public JsonBody? ReadOptionalJsonBody() => body is null ? null : JsonBody.Parse(body);

    /// <summary>An optional body that is a JSON object or array; null when absent, 400 when anything else.</summary>
    public JsonNode? ReadOptionalJsonDocument() => body is null ? null : JsonBody.ParseDocument(body);

    public IResult TaskResult(SandboxTask task, DateTimeOffset now, int status = StatusCodes.Status200OK) =>
        SandboxJson.Result(TaskView(task, now), status);

    /// <summary>Starts a task of <paramref name="commandType"/> whose <paramref name="complete"/> runs when it falls due,
    /// and answers with the task (the spec's TaskStateUpdate) and <paramref name="status"/>.</summary>
    public IResult StartTask(string commandType, DateTimeOffset now, Func<DateTimeOffset, TaskOutcome> complete, int status = StatusCodes.Status200OK) =>
        TaskResult(Account.Tasks.Start(commandType, now, complete), now, status);

    /// <summary>A task that fails when it completes, for a request the service accepts and its processor refuses.</summary>
    public IResult FailedTask(string commandType, TaskOutcome failure, DateTimeOffset now, int status)
    {
        return StartTask(commandType, now, _ => failure, status);
    }

    /// <summary>The spec's TaskStateUpdate of <paramref name="task"/> at <paramref name="now"/>.</summary>
    public JsonObject TaskView(SandboxTask task, DateTimeOffset now) => Account.Tasks.View(task, now, baseUrl);
}
