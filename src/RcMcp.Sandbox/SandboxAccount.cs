namespace RcMcp.Sandbox;

/// <summary>One simulated Redis Cloud account and the API key pair that opens it.</summary>
public sealed class SandboxAccount
{
    public int AccountId { get; set; } = 1001;
    public string Name { get; set; } = "Sandbox account";
    public string ApiKey { get; set; } = "sandbox-api-key";
    public string SecretKey { get; set; } = "sandbox-secret-key";
}
