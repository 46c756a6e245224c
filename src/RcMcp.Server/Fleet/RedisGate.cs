using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RcMcp.Server.Pipeline;
using StackExchange.Redis;

namespace RcMcp.Server.Fleet;

/// <summary>
/// The fleet's connection to Redis, shared by the dry-run ledger, the tokens, the sealed-state nonces, the approvals
/// and the rate limiter. Every key starts with <c>rcmcp:</c> and the fingerprint of the server's API keys and API URL
/// (<see cref="CallState.Fingerprint"/>: a one-way hash, never the keys), so two fleets on one Redis never see each
/// other's state; every key has a time to live. A Redis that cannot be reached, does not answer in time or refuses a
/// write (a replica after a failover) makes each operation throw <see cref="StoreUnavailableException"/>: the gate
/// refuses the change (fail closed). The client reconnects by itself; nothing needs a restart.
/// When <see cref="Replicas"/> is set (RCMCP_REDIS_REPLICAS), every single-use step (a dry run reserved, an approval
/// or token used, a sealed state used) waits until that many replicas have it (WAIT), and is refused otherwise.
/// </summary>
public sealed class RedisGate : IGateStoreStatus, IDisposable
{
    public const string ReplicasVariable = "RCMCP_REDIS_REPLICAS";

    private readonly IConnectionMultiplexer _connection;
    private readonly ILogger _logger;

    public RedisGate(IConnectionMultiplexer connection, string namespaceId, string where, ILogger? logger = null, int replicas = 0)
    {
        EnsureThreads();
        _connection = connection;
        _logger = logger ?? NullLogger.Instance;
        Prefix = $"rcmcp:{namespaceId}:";
        Where = where;
        Replicas = Math.Max(0, replicas);
        DecidedChannelName = Prefix + "approvals:decided";
        DecidedChannel = RedisChannel.Literal(DecidedChannelName);
    }

    /// <summary>
    /// The gate's steps are short synchronous round trips to Redis, made from request threads; the client's reads
    /// complete on the thread pool. Under a burst of calls the pool would add threads one by one while every blocked
    /// caller waits for a reader, and the calls time out: keep enough threads ready from the start.
    /// </summary>
    private static void EnsureThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < MinThreads) ThreadPool.SetMinThreads(MinThreads, Math.Max(io, MinThreads));
    }

    private const int MinThreads = 128;

    /// <summary>Connects (without waiting for Redis to be up: a fleet starts, serves reads and recovers by itself).</summary>
    public static RedisGate Connect(RedisStoreAddress address, string namespaceId, Func<string, string?> env, ILogger? logger = null)
    {
        var replicas = int.TryParse(env(ReplicasVariable), out var n) && n > 0 ? n : 0;
        var connection = ConnectionMultiplexer.Connect(address.Configuration(env));
        var gate = new RedisGate(connection, namespaceId, address.ToString(), logger, replicas);
        if (!connection.IsConnected)
            gate._logger.LogWarning("Redis at {Where} cannot be reached yet: changes are refused until it answers (reads go on)", gate.Where);
        connection.ConnectionFailed += (_, e) => gate._logger.LogWarning("Redis at {Where}: connection lost ({Failure}); changes are refused until it is back", gate.Where, e.FailureType);
        connection.ConnectionRestored += (_, _) => gate._logger.LogInformation("Redis at {Where}: connection restored", gate.Where);
        return gate;
    }

    /// <summary>The prefix of every key of this fleet: <c>rcmcp:&lt;fingerprint&gt;:</c>.</summary>
    public string Prefix { get; }

    /// <summary>The address, for messages (it holds no credentials).</summary>
    public string Where { get; }

    /// <summary>How many replicas must have a single-use step before it counts (0: the primary alone).</summary>
    public int Replicas { get; }

    public RedisChannel DecidedChannel { get; }

    public string DecidedChannelName { get; }

    public ISubscriber Subscriber => _connection.GetSubscriber();

    public ILogger Logger => _logger;

    public RedisKey Key(string kind, string id) => Prefix + kind + ":" + id;

    /// <summary>Runs one operation; a Redis failure becomes <see cref="StoreUnavailableException"/>.</summary>
    public T Run<T>(Func<IDatabase, T> operation)
    {
        try
        {
            return operation(_connection.GetDatabase());
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            throw Unavailable(e);
        }
    }

    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> operation)
    {
        try
        {
            return await operation(_connection.GetDatabase()).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            throw Unavailable(e);
        }
    }

    /// <summary>Runs a script (cached by the client: EVALSHA after the first call).</summary>
    public RedisResult Script(string script, RedisKey[] keys, RedisValue[] values) =>
        Run(db => db.ScriptEvaluate(script, keys, values));

    /// <summary>After a single-use step: waits for <see cref="Replicas"/> replicas (when set) and refuses otherwise, so
    /// a failover cannot bring back what was just used up.</summary>
    public void Durable()
    {
        if (Replicas == 0) return;
        var acknowledged = (long)Run(db => db.Execute("WAIT", Replicas, 2000));
        if (acknowledged < Replicas)
            throw new StoreUnavailableException($"Redis at {Where} confirmed the step on {acknowledged} of {Replicas} replicas");
    }

    public void Check() => Run(db => db.Ping());

    public string? TakeNotice() => null;

    internal static bool IsStoreFailure(Exception e) => e is RedisException or ObjectDisposedException;

    private StoreUnavailableException Unavailable(Exception e)
    {
        // The client's own messages may name commands and keys; only the kind of failure is said.
        var what = e switch
        {
            RedisTimeoutException => "did not answer in time",
            RedisConnectionException => "cannot be reached",
            RedisServerException s => $"refused the command ({s.Message.Split(' ', 2)[0]})",
            _ => "failed",
        };
        _logger.LogDebug("Redis at {Where} {What}: {Type}", Where, what, e.GetType().Name);
        return new StoreUnavailableException($"Redis at {Where} {what}", e);
    }

    public void Dispose() => _connection.Dispose();
}
