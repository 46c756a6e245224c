namespace RcMcp.Sandbox.State;

/// <summary>Increasing resource ids of one account. A throw-away instance serves dry runs.</summary>
internal sealed class IdAllocator
{
    private int subscription = 100_000;
    private int database = 5_000_000;
    private int region;

    public int NextSubscriptionId() => ++subscription;
    public int NextDatabaseId() => ++database;
    public int NextRegionId() => ++region;
}
