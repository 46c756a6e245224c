using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.Connectivity;

/// <summary>
/// Where a private connection lives, the one shape the spec gives PrivateLink, Private Service Connect and Transit
/// Gateway alike: a subscription (standard) or a subscription's region (Active-Active).
/// </summary>
internal static class ConnectivityScope
{
    /// <summary>"region" or "subscription", for texts.</summary>
    internal static string Scope(bool activeActive) => activeActive ? "region" : "subscription";

    internal static string Title(string verb, string what, bool activeActive) => $"{verb} {(activeActive ? "Active-Active " : "")}{what}";

    internal static string[] PathParams(bool activeActive, params string[] more) =>
        [.. activeActive ? new[] { "subscriptionId", "regionId" } : ["subscriptionId"], .. more];

    /// <summary>subscriptionId, and regionId for the Active-Active forms.</summary>
    internal static JsonSchema.ObjectBuilder Target(bool activeActive)
    {
        var o = JsonSchema.Object().Prop("subscriptionId", Id(), required: true);
        return activeActive ? o.Prop("regionId", Id(), required: true) : o;
    }
}
