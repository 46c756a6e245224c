using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using RcMcp.Cloud;
using RcMcp.Server.Pipeline;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.Connectivity;

/// <summary>The rules of VPC peering calls (provider fields, CIDRs, what would fail) and the texts they show: impacts and next steps.</summary>
public static partial class VpcPeeringTools
{
    /// <summary>The rules of each provider, which one schema for both cannot express.</summary>
    private static IEnumerable<ArgumentError> ProviderRules(ToolArgs a, Form f)
    {
        string[] aws = [f.RegionField, "awsAccountId", "vpcId"];
        string[] gcp = ["vpcProjectUid", "vpcNetworkName"];
        if (a.StringOrNull("provider") == "GCP")
        {
            foreach (var field in aws.Append("vpcCidrs").Append("vpcCidr").Where(a.Has))
                yield return new ArgumentError(field, "is for AWS peerings", "for GCP give vpcProjectUid and vpcNetworkName, and leave it out");
            foreach (var field in gcp.Where(g => !a.Has(g)))
                yield return new ArgumentError(field, "is required for a GCP peering",
                    $"give the project id and the VPC network name of your GCP VPC, e.g. {SchemaExamples.Shown("vpcProjectUid")}, {SchemaExamples.Shown("vpcNetworkName")}");
            yield break;
        }
        foreach (var field in gcp.Where(a.Has))
            yield return new ArgumentError(field, "is for GCP peerings", $"set provider GCP, or for AWS give {f.RegionField}, awsAccountId, vpcId and vpcCidrs instead");
        foreach (var field in aws.Where(w => !a.Has(w)))
            yield return new ArgumentError(field, "is required for an AWS peering",
                $"give {string.Join(", ", aws)} of your VPC, e.g. {SchemaExamples.Shown(field)} (or provider GCP with vpcProjectUid and vpcNetworkName)");
        foreach (var error in CidrRules(a, required: true)) yield return error;
    }

    private static IEnumerable<ArgumentError> CidrRules(ToolArgs a, bool required)
    {
        if (a.Has("vpcCidr") && a.Has("vpcCidrs"))
            yield return new ArgumentError("vpcCidr", "cannot be combined with vpcCidrs", "put every CIDR in vpcCidrs and leave vpcCidr out");
        else if (required && !a.Has("vpcCidr") && !a.Has("vpcCidrs"))
            yield return new ArgumentError("vpcCidrs", "is required for an AWS peering", "give the CIDRs of your VPC, e.g. \"vpcCidrs\": [\"10.10.0.0/16\"]");
    }

    // ---- the target (the task's resource) ----

    /// <summary>The peerings of a list: standard {peerings: [...]}, Active-Active {regions: [{vpcPeerings: [...]}]}.</summary>
    private static List<JsonElement> Peerings(JsonElement resource, bool activeActive) => activeActive
        ? resource.Array("regions").SelectMany(r => r.Array("vpcPeerings")).ToList()
        : resource.Array("peerings").ToList();

    private static JsonElement? Find(JsonElement? target, ToolArgs a, Form f) => target is { } t
        ? Peerings(t, f.ActiveActive).Cast<JsonElement?>().FirstOrDefault(p => p!.Value.Int(f.IdField) == a.Int("peeringId"))
        : null;

    private static List<string> CurrentCidrs(JsonElement? peering)
    {
        if (peering is not { } p) return [];
        var cidrs = p.Array("vpcCidrs").Select(c => c.String("vpcCidr")).OfType<string>().ToList();
        if (p.String("vpcCidr") is { } single && !cidrs.Contains(single)) cidrs.Add(single);
        return cidrs;
    }

    private static List<string> RequestedCidrs(ToolArgs a) =>
        a.Has("vpcCidrs") ? a.Json.GetProperty("vpcCidrs").EnumerateArray().Select(c => c.GetString()!).ToList()
        : a.StringOrNull("vpcCidr") is { } one ? [one] : [];

    private static ToolRefusal NotFound(ToolArgs a, Form f) => new(ErrorCodes.NotFound,
        $"VPC peering {a.Int("peeringId")} is not in subscription {a.Int("subscriptionId")}. Nothing was asked or sent. Call {f.Get} for its peerings and their ids.",
        $"call {f.Get} for the ids", "peeringId");

    private static ToolRefusal? UpdateWillFail(ToolArgs a, JsonElement target, Form f)
    {
        if (Find(target, a, f) is not { } p) return NotFound(a, f);
        var name = f.ActiveActive ? "update_active_active_vpc_peering" : "update_vpc_peering";
        if (p.String("awsAccountId") is null)
            return new ToolRefusal(ErrorCodes.WillFail, $"{name} would fail: peering {a.Int("peeringId")} is a GCP peering, and only AWS peerings have CIDRs to update. Nothing was sent.",
                "GCP peerings route the whole network: nothing to update");
        if (p.String("status") is { } status && status != "active")
            return new ToolRefusal(ErrorCodes.WillFail, $"{name} would fail: peering {a.Int("peeringId")} is {status}, and only an active peering can be updated. Nothing was sent. " +
                $"If it waits for acceptance, the person accepts it in AWS first; then call {f.Get} until it is active.", $"wait until {f.Get} shows it active");
        return null;
    }

    // ---- texts ----

    private static string DescribeRequested(ToolArgs a, Form f) => a.StringOrNull("provider") == "GCP"
        ? $"GCP network {a.StringOrNull("vpcNetworkName")} of project {a.StringOrNull("vpcProjectUid")}"
        : $"AWS {a.StringOrNull("vpcId")} in account {a.StringOrNull("awsAccountId")} ({a.StringOrNull(f.RegionField)}), CIDRs {string.Join(", ", RequestedCidrs(a))}";

    private static string DescribePeering(JsonElement? peering)
    {
        if (peering is not { } p) return "not found";
        var where = p.String("awsAccountId") is { } account
            ? $"AWS {p.String("vpcUid")} in account {account}{(p.String("awsPeeringUid") is { } pcx ? $", {pcx}" : "")}"
            : $"GCP network {p.String("networkName") ?? p.String("vpcNetworkName")} of project {p.String("projectUid") ?? p.String("vpcProjectUid")}";
        var region = p.String("regionName") is { } r ? $", region {r}" : "";
        return $"{where}{region}, {p.String("status") ?? "unknown status"}";
    }

    private static string CidrText(JsonElement? peering) => CurrentCidrs(peering) is { Count: > 0 } cidrs
        ? $"the VPC CIDRs {string.Join(", ", cidrs)}"
        : "the peered network";

    private static string DescribeUpdate(ToolArgs a, JsonElement? target, Form f)
    {
        var peering = Find(target, a, f);
        var current = CurrentCidrs(peering);
        var requested = RequestedCidrs(a);
        var removed = current.Except(requested).ToList();
        var added = requested.Except(current).ToList();
        var text = $"Replace the CIDRs of VPC peering {a.Int("peeringId")} of subscription {a.Int("subscriptionId")} ({DescribePeering(peering)}) with {string.Join(", ", requested)}";
        if (removed.Count > 0)
            text += $": removes {string.Join(", ", removed)}, whose clients lose their private route to the databases of subscription {a.Int("subscriptionId")} (list_databases)";
        if (added.Count > 0) text += $"{(removed.Count > 0 ? "; adds " : ": adds ")}{string.Join(", ", added)}";
        return text + ".";
    }

    private static string CreateSteps(ToolArgs a, Form f) => a.StringOrNull("provider") == "GCP"
        ? $"In GCP project {a.StringOrNull("vpcProjectUid")}, the person creates the peering back to the Redis network (redisProjectUid and redisNetworkName from {f.Get}): " +
          $"gcloud compute networks peerings create redis-peering --network={a.StringOrNull("vpcNetworkName")} --peer-project=REDIS_PROJECT_UID --peer-network=REDIS_NETWORK_NAME. " +
          $"Then call {f.Get} until the peering is active."
        : $"In AWS account {a.StringOrNull("awsAccountId")} ({a.StringOrNull(f.RegionField)}), the person accepts the peering request from Redis Cloud " +
          $"(VPC console, Peering connections, or aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id with the awsPeeringUid that {f.Get} shows), " +
          $"then adds a route to the subscription deployment CIDR (get_subscription) through the peering in the route tables of {a.StringOrNull("vpcId")}. " +
          $"Then call {f.Get} until the peering is active.";

    private static string PeeringsNext(List<JsonElement> peerings, Form f, int subscriptionId)
    {
        if (peerings.Count == 0) return $"Subscription {subscriptionId} has no VPC peering: {(f.ActiveActive ? "create_active_active_vpc_peering" : "create_vpc_peering")} requests one.";
        var steps = new List<string>();
        foreach (var p in peerings)
        {
            var id = p.Int(f.IdField);
            switch (p.String("status"))
            {
                case "pending-acceptance" when p.String("awsAccountId") is { } account:
                    var pcx = p.String("awsPeeringUid") ?? "PCX_ID";
                    steps.Add($"Peering {id} waits for the person in AWS account {account}: accept {pcx} (VPC console, Peering connections, or aws ec2 accept-vpc-peering-connection " +
                              $"--vpc-peering-connection-id {pcx} in the region of {p.String("vpcUid")}), then route the deployment CIDR (get_subscription) through it.");
                    break;
                case "pending-acceptance":
                    steps.Add($"Peering {id} waits for the person in GCP project {p.String("projectUid") ?? p.String("vpcProjectUid")}: gcloud compute networks peerings create redis-{id} " +
                              $"--network={p.String("networkName") ?? p.String("vpcNetworkName")} --peer-project={p.String("redisProjectUid")} --peer-network={p.String("redisNetworkName")}.");
                    break;
                case "initiating-request":
                    steps.Add($"Peering {id} is being set up by Redis Cloud.");
                    break;
                case "failed" or "inactive":
                    steps.Add($"Peering {id} is {p.String("status")}: {(f.ActiveActive ? "delete_active_active_vpc_peering" : "delete_vpc_peering")} and request it again with the right account, VPC and CIDRs.");
                    break;
            }
        }
        return steps.Count == 0
            ? "Every peering is active: applications in the peered VPCs reach the databases on their private endpoints (get_database)."
            : string.Join(" ", steps) + $" Call {f.Get} again to see the status change.";
    }

    // ---- shared by the connectivity tools ----
}
