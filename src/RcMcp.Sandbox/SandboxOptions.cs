namespace RcMcp.Sandbox;

public sealed class SandboxOptions
{
    /// <summary>Each account has its own independent state.</summary>
    public List<SandboxAccount> Accounts { get; set; } = [new SandboxAccount()];

    /// <summary>A task is <c>received</c>, then <c>processing-in-progress</c> after one step.</summary>
    public TimeSpan TaskStepDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Number of steps after which a task reaches its final state and its change is applied.</summary>
    public int ProvisioningSteps { get; set; } = 3;

    /// <summary>Requests per minute per account; 0 turns the limit off. Over it: 429 with Retry-After.</summary>
    public int RateLimitPerMinute { get; set; } = 400;

    public List<FaultRule> Faults { get; set; } = new();

    /// <summary>
    /// When true every account starts with one active single-region Pro subscription (AWS us-east-1) and one
    /// active-active subscription (AWS us-east-1 + eu-west-1), each holding one active database.
    /// </summary>
    public bool Seed { get; set; } = true;

    /// <summary>Loopback port to listen on; 0 picks a free port.</summary>
    public int Port { get; set; } = 0;
}
