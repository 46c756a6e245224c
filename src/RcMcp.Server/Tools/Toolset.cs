namespace RcMcp.Server.Tools;

/// <summary>
/// A named group of tools (the <c>--toolsets</c> option, the X-RcMcp-Toolsets header, the CLI's command groups), with
/// what it holds. The areas follow the spec's tags; <see cref="Catalog"/> holds the catalog tools. Every tool names one.
/// </summary>
public sealed class Toolset
{
    private Toolset(string name, string description) => (Name, Description) = (name, description);

    /// <summary>The name a person types (<c>--toolsets databases</c>, <c>rcmcp databases …</c>).</summary>
    public string Name { get; }

    /// <summary>One sentence on what the toolset holds (CLI group help, <c>--toolsets</c> help, docs/tools.md).</summary>
    public string Description { get; }

    public override string ToString() => Name;

    public static readonly Toolset Account = new("account",
        "The account itself: its details, payment methods, regions, modules, persistence options and search scaling factors.");
    public static readonly Toolset Subscriptions = new("subscriptions",
        "Pro subscriptions: create, change, delete, their pricing, CIDR allow-list, maintenance windows, tags and Redis versions.");
    public static readonly Toolset Databases = new("databases",
        "Pro databases: create, change, delete, back up, import, upgrade, tags, certificate, slow log, traffic and endpoint redirections.");
    public static readonly Toolset ActiveActive = new("active-active",
        "Active-Active: regions of a subscription, per-region database settings, and flushing a database in every region.");
    public static readonly Toolset Essentials = new("essentials",
        "Essentials (fixed-plan) subscriptions and databases, and the plans they can use.");
    public static readonly Toolset Connectivity = new("connectivity",
        "Private networking of Pro subscriptions: VPC peering, Transit Gateway, PrivateLink and Private Service Connect.");
    public static readonly Toolset AccessControl = new("access-control",
        "Role-based access control: ACL users, roles and Redis rules.");
    public static readonly Toolset CloudAccounts = new("cloud-accounts",
        "Cloud provider accounts for subscriptions hosted in the customer's own cloud.");
    public static readonly Toolset Users = new("users",
        "People with access to the account: list, read, change their role, remove.");
    public static readonly Toolset LogsBilling = new("logs-billing",
        "System and session logs of the account, and cost reports (spend by database, tag and subscription).");
    public static readonly Toolset DataIntegration = new("data-integration",
        "Data Integration: its workspaces, and the integrations that keep a Redis database in sync with a source database.");
    public static readonly Toolset Tasks = new("tasks",
        "The API's asynchronous tasks: list them, read one, wait for one to finish.");
    public static readonly Toolset Catalog = new("catalog",
        "Search and describe every operation, and call one by name (the catalog tools).");

    /// <summary>The API areas, in listing order (tools/list, docs, CLI help); the catalog comes after them.</summary>
    public static readonly IReadOnlyList<Toolset> Areas =
    [
        Account, Subscriptions, Databases, ActiveActive, Essentials, Connectivity, AccessControl,
        CloudAccounts, Users, LogsBilling, DataIntegration, Tasks,
    ];
}
