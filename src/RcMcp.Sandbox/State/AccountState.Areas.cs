namespace RcMcp.Sandbox.State;

/// <summary>The state of each API area, one class per area (State/&lt;Area&gt;State.cs), touched only inside Run.</summary>
internal sealed partial class AccountState
{
    public ReferenceState Reference { get; } = new();
    public LogsState Logs { get; } = new();
    public SubscriptionSettingsState SubscriptionSettings { get; } = new();
    public DatabasesState Databases { get; } = new();
    public ActiveActiveState ActiveActive { get; } = new();
    public EssentialsState Essentials { get; } = new();
    public ConnectivityState Connectivity { get; } = new();
    public PrivateLinkState PrivateLinks { get; } = new();
    public PrivateServiceConnectState PrivateServiceConnect { get; } = new();
    public AccessControlState AccessControl { get; } = new();
    public UsersState Users { get; } = new();
    public CloudAccountsState CloudAccounts { get; } = new();
    public EndpointRedirectionsState EndpointRedirections { get; } = new();
    public DataIntegrationState DataIntegration { get; } = new();
}
