namespace RcMcp.Sandbox.Tests.Infrastructure;

/// <summary>A clock that only moves when told to, for exact task states.</summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
            return now;
    }

    public void Advance(TimeSpan by)
    {
        lock (gate)
            now += by;
    }
}
