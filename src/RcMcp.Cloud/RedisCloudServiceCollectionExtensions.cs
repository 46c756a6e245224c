using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RcMcp.Cloud.Http;

namespace RcMcp.Cloud;

public static class RedisCloudServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="RedisCloudOptions"/>, the handler chain (resilience with the rate limit ▶ API keys ▶ no re-sent changes) and the typed
    /// client as <see cref="IRedisCloudClient"/> and <see cref="RedisCloudClient"/>. The returned builder can replace
    /// the primary handler (e.g. for a sandbox or tests) with <c>ConfigurePrimaryHttpMessageHandler</c>.
    /// </summary>
    public static IHttpClientBuilder AddRedisCloudClient(this IServiceCollection services, Action<RedisCloudOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RedisCloudOptions>();
        if (configure is not null) options.Configure(configure);

        // One limiter per process: handler chains are rebuilt by the factory, the per-key budget is not. A limiter
        // registered before (one shared by several processes) is kept.
        services.TryAddSingleton<IApiRateLimiter>(sp => new RedisCloudRateLimiter(Options(sp).RequestsPerMinute));

        var builder = services
            .AddHttpClient<RedisCloudClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
            .AddHttpMessageHandler(sp => new ResilienceHandler(
                Options(sp), sp.GetRequiredService<ILoggerFactory>().CreateLogger<ResilienceHandler>(), sp.GetRequiredService<IApiRateLimiter>()))
            .AddHttpMessageHandler(sp => new ApiKeyHandler(Options(sp)))
            .AddHttpMessageHandler(() => new ChangeSafeHandler());

        services.TryAddTransient<IRedisCloudClient>(sp => sp.GetRequiredService<RedisCloudClient>());
        return builder;
    }

    private static RedisCloudOptions Options(IServiceProvider sp) =>
        sp.GetRequiredService<IOptions<RedisCloudOptions>>().Value;

    /// <summary>The production primary handler.</summary>
    internal static HttpMessageHandler CreatePrimaryHandler() => new SocketsHttpHandler
    {
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>The chain used by <see cref="RedisCloudClient.Create"/>, identical to the DI one.</summary>
    internal static HttpMessageHandler BuildHandlerChain(
        RedisCloudOptions options, IApiRateLimiter limiter, ILoggerFactory loggerFactory,
        HttpMessageHandler primaryHandler) =>
        new ResilienceHandler(options, loggerFactory.CreateLogger<ResilienceHandler>(), limiter)
        {
            InnerHandler = new ApiKeyHandler(options) { InnerHandler = new ChangeSafeHandler { InnerHandler = primaryHandler } },
        };
}
