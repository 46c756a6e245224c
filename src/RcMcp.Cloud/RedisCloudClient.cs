using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RcMcp.Cloud.Http;
using RcMcp.Cloud.Models;

namespace RcMcp.Cloud;

/// <summary>
/// Typed client for the Redis Cloud REST API v1. Use it through DI
/// (<see cref="RedisCloudServiceCollectionExtensions.AddRedisCloudClient"/>) or <see cref="Create"/>; either way the
/// handler chain is resilience (retries, time-outs) ▶ rate limit ▶ API keys ▶ network. Every failure is a
/// <see cref="RedisCloudApiException"/>; a cancelled call throws <see cref="OperationCanceledException"/>.
/// </summary>
public sealed partial class RedisCloudClient : IRedisCloudClient
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");
    /// <summary>Files (a cost report is application/octet-stream) are accepted besides JSON, which errors still use.</summary>
    private static readonly MediaTypeWithQualityHeaderValue AcceptAny = new("*/*");
    private static readonly MediaTypeHeaderValue ContentTypeJson = new("application/json");
    private static readonly ProductInfoHeaderValue UserAgent = new(
        "RcMcp.Cloud", typeof(RedisCloudClient).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");

    private readonly HttpClient _http;
    private readonly RedisCloudOptions _options;
    private readonly ILogger _logger;
    private readonly string _baseWithoutSlash;

    /// <summary>Creates the client over an <see cref="HttpClient"/> whose handler chain is already composed (as DI and
    /// <see cref="Create"/> do). The client does not dispose <paramref name="httpClient"/>.</summary>
    public RedisCloudClient(HttpClient httpClient, IOptions<RedisCloudOptions> options, ILogger<RedisCloudClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _http = httpClient;
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        BaseUrl = NormalizeBaseUrl(_options.BaseUrl);
        _baseWithoutSlash = BaseUrl.AbsoluteUri.TrimEnd('/');
    }

    /// <summary>Creates a client without DI, with the same handler chain as <see cref="RedisCloudServiceCollectionExtensions.AddRedisCloudClient"/>
    /// and its own rate limiter. Keep it for the life of the application, like an <see cref="HttpClient"/>.</summary>
    /// <param name="options">Settings; read on every request (credentials) and when building the pipeline (timings).</param>
    /// <param name="loggerFactory">Logging (Debug: one line per attempt, never headers or bodies).</param>
    /// <param name="primaryHandler">The innermost handler; a <see cref="SocketsHttpHandler"/> when null.</param>
    public static RedisCloudClient Create(RedisCloudOptions options, ILoggerFactory? loggerFactory = null, HttpMessageHandler? primaryHandler = null) =>
        Create(options, loggerFactory, primaryHandler, null);

    internal static RedisCloudClient Create(RedisCloudOptions options, ILoggerFactory? loggerFactory, HttpMessageHandler? primaryHandler, RedisCloudRateLimiter? limiter)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= NullLoggerFactory.Instance;
        NormalizeBaseUrl(options.BaseUrl); // fail before building anything
        var chain = RedisCloudServiceCollectionExtensions.BuildHandlerChain(
            options, limiter ?? new RedisCloudRateLimiter(options.RequestsPerMinute), loggerFactory,
            primaryHandler ?? RedisCloudServiceCollectionExtensions.CreatePrimaryHandler());
        var http = new HttpClient(chain, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        return new RedisCloudClient(http, Options.Create(options), loggerFactory.CreateLogger<RedisCloudClient>());
    }

    /// <inheritdoc />
    public Uri BaseUrl { get; }

    /// <summary>The absolute URI of a path (plus query) below <see cref="BaseUrl"/>; "/" is the base itself.</summary>
    public Uri BuildUri(string relativeUri)
    {
        ArgumentNullException.ThrowIfNull(relativeUri);
        return new Uri(_baseWithoutSlash + (relativeUri.StartsWith('/') ? relativeUri : "/" + relativeUri));
    }

    /// <inheritdoc />
    public async Task<JsonElement> SendAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var own = RequestContext.IsUsable(request.Credentials) ? request.Credentials
            : RequestContext.IsUsable(ApiCredentialScope.Current) ? ApiCredentialScope.Current : null;
        var credentials = own ?? RequestContext.Configured(_options);
        if (credentials is null) throw ApiErrorMapper.NotConfigured(request.Operation);

        using var message = new HttpRequestMessage(request.Method, BuildUri(request.RelativeUri));
        message.Headers.Accept.Add(AcceptJson);
        if (request.Expect == ResponseShape.Text) message.Headers.Accept.Add(AcceptAny);
        message.Headers.UserAgent.Add(UserAgent);
        message.Options.Set(RequestContext.Operation, request.Operation);
        if (own is not null) message.Options.Set(RequestContext.Credentials, own);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(CloudJson.ToBodyBytes(request.Body));
            message.Content.Headers.ContentType = ContentTypeJson;
        }

        HttpResponseMessage response;
        try
        {
            // The resilience handler buffers the body inside each attempt, so reading it below cannot hang.
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var error = ApiErrorMapper.FromException(request, ex, credentials);
            LogFailure(_logger, request.Operation, error.Kind, error.StatusCode);
            throw error;
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var error = ApiErrorMapper.FromResponse(
                    request, status, response.ReasonPhrase, DecodeErrorBody(body),
                    RetryRules.RetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow), credentials);
                LogFailure(_logger, request.Operation, error.Kind, error.StatusCode);
                throw error;
            }

            return ReadSuccess(request, status, body);
        }
    }

    private static readonly JsonElement NoContent = JsonDocument.Parse("""{"noContent":204}""").RootElement;

    /// <summary>True for the answer a change gets when the API said 204 No Content.</summary>
    public static bool IsNoContent(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("noContent", out var v) && v.ValueKind == JsonValueKind.Number &&
        !element.TryGetProperty("taskId", out _);

    /// <summary>The body of a success answer, checked against what the operation must return.</summary>
    internal static JsonElement ReadSuccess(ApiRequest request, int status, byte[] body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body)) throw ApiErrorMapper.InvalidResponse(request, status, "is not valid UTF-8 text");
        // 204 No Content to a change is the spec's answer for some operations: accepted, with nothing to read or follow.
        if (status == 204 && request.IsMutating && CloudJson.IsEmpty(body)) return NoContent.Clone();
        if (request.Expect == ResponseShape.Text)
            return JsonSerializer.SerializeToElement(Encoding.UTF8.GetString(body), CloudJsonContext.Default.String);

        JsonElement element;
        try
        {
            element = CloudJson.ParseBody(body);
        }
        catch (JsonException)
        {
            throw ApiErrorMapper.InvalidResponse(request, status, "is not JSON");
        }
        if (request.Expect == ResponseShape.Any) return element;

        if (CloudJson.IsEmpty(body)) throw ApiErrorMapper.InvalidResponse(request, status, "is empty where a JSON object was expected");
        if (element.ValueKind != JsonValueKind.Object)
            throw ApiErrorMapper.InvalidResponse(request, status, $"is {Describe(element.ValueKind)} where a JSON object was expected");
        if (request.Expect == ResponseShape.Task &&
            (!element.TryGetProperty("taskId", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString())))
            throw ApiErrorMapper.InvalidResponse(request, status, "has no taskId, so the change it started (if any) cannot be followed");
        return element;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "a JSON array",
        JsonValueKind.String => "a JSON string",
        JsonValueKind.Number => "a JSON number",
        JsonValueKind.True or JsonValueKind.False => "a JSON boolean",
        JsonValueKind.Null => "JSON null",
        _ => "not a JSON object",
    };

    private static string DecodeErrorBody(byte[] body) =>
        Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, MaxErrorBodyBytes));

    /// <summary>Sends a request whose answer is a task, and reads the task.</summary>
    public async Task<TaskStateUpdate> SendForTaskAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        var element = await SendAsync(request with { Expect = ResponseShape.Task }, cancellationToken).ConfigureAwait(false);
        if (IsNoContent(element)) return new TaskStateUpdate { AcceptedWithoutTask = true };
        TaskStateUpdate? task;
        try
        {
            task = element.Deserialize(CloudJsonContext.Default.TaskStateUpdate);
        }
        catch (JsonException)
        {
            task = null;
        }
        if (task is null || string.IsNullOrWhiteSpace(task.TaskId))
            throw ApiErrorMapper.InvalidResponse(request, null, "is not a task (its fields have the wrong types)");
        return task;
    }

    /// <summary>Validates a base URL (absolute http or https) and returns it with a trailing slash.</summary>
    internal static Uri NormalizeBaseUrl(string? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(baseUrl) ||
            !Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
            !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new ArgumentException(
                $"RedisCloudOptions.BaseUrl must be an absolute http(s) URL without query, e.g. {RedisCloudOptions.DefaultBaseUrl}.",
                nameof(baseUrl));
        }
        var text = uri.AbsoluteUri;
        return text.EndsWith('/') ? uri : new Uri(text + "/");
    }

    // Account
    public Task<JsonElement> GetAccountAsync(CancellationToken cancellationToken = default) =>
        SendAsync(RedisCloudRequests.GetAccount(), cancellationToken);

    // Subscriptions - Pro
    public Task<JsonElement> ListSubscriptionsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(RedisCloudRequests.ListSubscriptions(), cancellationToken);

    public Task<JsonElement> GetSubscriptionAsync(int subscriptionId, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCloudRequests.GetSubscription(subscriptionId), cancellationToken);

    public Task<TaskStateUpdate> CreateSubscriptionAsync(SubscriptionCreateRequest request, CancellationToken cancellationToken = default) =>
        SendForTaskAsync(RedisCloudRequests.CreateSubscription(request), cancellationToken);

    public Task<TaskStateUpdate> UpdateSubscriptionAsync(int subscriptionId, SubscriptionUpdateRequest request, CancellationToken cancellationToken = default) =>
        SendForTaskAsync(RedisCloudRequests.UpdateSubscription(subscriptionId, request), cancellationToken);

    public Task<TaskStateUpdate> DeleteSubscriptionAsync(int subscriptionId, CancellationToken cancellationToken = default) =>
        SendForTaskAsync(RedisCloudRequests.DeleteSubscription(subscriptionId), cancellationToken);

    // Databases - Pro
    public Task<JsonElement> ListDatabasesAsync(int subscriptionId, int? offset = null, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCloudRequests.ListDatabases(subscriptionId, offset, limit), cancellationToken);

    public Task<JsonElement> GetDatabaseAsync(int subscriptionId, int databaseId, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCloudRequests.GetDatabase(subscriptionId, databaseId), cancellationToken);

    public Task<TaskStateUpdate> CreateDatabaseAsync(int subscriptionId, DatabaseCreateRequest request, CancellationToken cancellationToken = default) =>
        SendForTaskAsync(RedisCloudRequests.CreateDatabase(subscriptionId, request), cancellationToken);

    public Task<TaskStateUpdate> UpdateDatabaseAsync(int subscriptionId, int databaseId, DatabaseUpdateRequest request, CancellationToken cancellationToken = default) =>
        SendForTaskAsync(RedisCloudRequests.UpdateDatabase(subscriptionId, databaseId, request), cancellationToken);

    public Task<TaskStateUpdate> DeleteDatabaseAsync(int subscriptionId, int databaseId, CancellationToken cancellationToken = default) =>
        SendForTaskAsync(RedisCloudRequests.DeleteDatabase(subscriptionId, databaseId), cancellationToken);

    public Task<TaskStateUpdate> BackupDatabaseAsync(int subscriptionId, int databaseId, DatabaseBackupRequest request, CancellationToken cancellationToken = default) =>
        SendForTaskAsync(RedisCloudRequests.BackupDatabase(subscriptionId, databaseId, request), cancellationToken);

    public Task<TaskStateUpdate> FlushActiveActiveDatabaseAsync(int subscriptionId, int databaseId, CrdbFlushRequest request, CancellationToken cancellationToken = default) =>
        SendForTaskAsync(RedisCloudRequests.FlushActiveActiveDatabase(subscriptionId, databaseId, request), cancellationToken);

    // Tasks
    public Task<JsonElement> ListTasksAsync(CancellationToken cancellationToken = default) =>
        SendAsync(RedisCloudRequests.ListTasks(), cancellationToken);

    public Task<TaskStateUpdate> GetTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        SendForTaskAsync(RedisCloudRequests.GetTask(taskId), cancellationToken);

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Redis Cloud {Operation} failed: {Kind} (HTTP {StatusCode})")]
    private static partial void LogFailure(ILogger logger, string operation, ApiErrorKind kind, int? statusCode);
}
