using System.Text.Json.Nodes;

namespace RcMcp.Cloud;

// Private connectivity: one builder per operation (the spec's operationId, method, path, query and body).
public static partial class RedisCloudRequests
{
    // ---- VPC peering (reads answer with a task that carries the peerings) ----

    public static ApiRequest GetVpcPeering(int subscriptionId) =>
        new("getVpcPeering", HttpMethod.Get, Subscription(subscriptionId) + "/peerings", Expect: ApiResponse.Task);

    public static ApiRequest CreateVpcPeering(int subscriptionId, JsonObject body) =>
        Json("createVpcPeering", HttpMethod.Post, Subscription(subscriptionId) + "/peerings", body, expect: ApiResponse.Task);

    public static ApiRequest UpdateVpcPeering(int subscriptionId, int peeringId, JsonObject body) =>
        Json("updateVpcPeering", HttpMethod.Put, Subscription(subscriptionId) + "/peerings/" + Segment(peeringId), body, expect: ApiResponse.Task);

    public static ApiRequest DeleteVpcPeering(int subscriptionId, int peeringId) =>
        new("deleteVpcPeering", HttpMethod.Delete, Subscription(subscriptionId) + "/peerings/" + Segment(peeringId), Expect: ApiResponse.Task);

    public static ApiRequest GetActiveActiveVpcPeerings(int subscriptionId) =>
        new("getActiveActiveVpcPeerings", HttpMethod.Get, Subscription(subscriptionId) + "/regions/peerings", Expect: ApiResponse.Task);

    public static ApiRequest CreateActiveActiveVpcPeering(int subscriptionId, JsonObject body) =>
        Json("createActiveActiveVpcPeering", HttpMethod.Post, Subscription(subscriptionId) + "/regions/peerings", body, expect: ApiResponse.Task);

    public static ApiRequest UpdateActiveActiveVpcPeering(int subscriptionId, int peeringId, JsonObject body) =>
        Json("updateActiveActiveVpcPeering", HttpMethod.Put, Subscription(subscriptionId) + "/regions/peerings/" + Segment(peeringId), body, expect: ApiResponse.Task);

    public static ApiRequest DeleteActiveActiveVpcPeering(int subscriptionId, int peeringId) =>
        new("deleteActiveActiveVpcPeering", HttpMethod.Delete, Subscription(subscriptionId) + "/regions/peerings/" + Segment(peeringId), Expect: ApiResponse.Task);

    // ---- AWS Transit Gateway; regionId null: the standard form, else the Active-Active form of that region ----

    public static ApiRequest GetTgws(int subscriptionId) =>
        new("getTgws", HttpMethod.Get, TgwPath(subscriptionId, null), Expect: ApiResponse.Task);

    public static ApiRequest GetTgwSharedInvitations(int subscriptionId) =>
        new("getTgwSharedInvitations", HttpMethod.Get, TgwPath(subscriptionId, null) + "/invitations", Expect: ApiResponse.Task);

    public static ApiRequest AcceptTgwResourceShare(int subscriptionId, int tgwInvitationId) =>
        new("acceptTgwResourceShare", HttpMethod.Put, TgwInvitationPath(subscriptionId, null, tgwInvitationId) + "/accept", Expect: ApiResponse.Task);

    public static ApiRequest RejectTgwResourceShare(int subscriptionId, int tgwInvitationId) =>
        new("rejectTgwResourceShare", HttpMethod.Put, TgwInvitationPath(subscriptionId, null, tgwInvitationId) + "/reject", Expect: ApiResponse.Task);

    public static ApiRequest CreateTgwAttachment(int subscriptionId, int tgwId) =>
        new("createTgwAttachment", HttpMethod.Post, TgwAttachmentPath(subscriptionId, null, tgwId), Expect: ApiResponse.Task);

    public static ApiRequest UpdateTgwAttachmentCidrs(int subscriptionId, int tgwId, JsonObject body) =>
        Json("updateTgwAttachmentCidrs", HttpMethod.Put, TgwAttachmentPath(subscriptionId, null, tgwId), body, expect: ApiResponse.Task);

    public static ApiRequest DeleteTgwAttachment(int subscriptionId, int tgwId) =>
        new("deleteTgwAttachment", HttpMethod.Delete, TgwAttachmentPath(subscriptionId, null, tgwId), Expect: ApiResponse.Task);

    public static ApiRequest GetActiveActiveTgws(int subscriptionId, int regionId) =>
        new("getActiveActiveTgws", HttpMethod.Get, TgwPath(subscriptionId, regionId), Expect: ApiResponse.Task);

    public static ApiRequest GetActiveActiveTgwSharedInvitations(int subscriptionId, int regionId) =>
        new("getActiveActiveTgwSharedInvitations", HttpMethod.Get, TgwPath(subscriptionId, regionId) + "/invitations", Expect: ApiResponse.Task);

    public static ApiRequest AcceptActiveActiveTgwResourceShare(int subscriptionId, int regionId, int tgwInvitationId) =>
        new("acceptActiveActiveTgwResourceShare", HttpMethod.Put, TgwInvitationPath(subscriptionId, regionId, tgwInvitationId) + "/accept", Expect: ApiResponse.Task);

    public static ApiRequest RejectActiveActiveTgwResourceShare(int subscriptionId, int regionId, int tgwInvitationId) =>
        new("rejectActiveActiveTgwResourceShare", HttpMethod.Put, TgwInvitationPath(subscriptionId, regionId, tgwInvitationId) + "/reject", Expect: ApiResponse.Task);

    public static ApiRequest CreateActiveActiveTgwAttachment(int subscriptionId, int regionId, int tgwId) =>
        new("createActiveActiveTgwAttachment", HttpMethod.Post, TgwAttachmentPath(subscriptionId, regionId, tgwId), Expect: ApiResponse.Task);

    public static ApiRequest UpdateActiveActiveTgwAttachmentCidrs(int subscriptionId, int regionId, int tgwId, JsonObject body) =>
        Json("updateActiveActiveTgwAttachmentCidrs", HttpMethod.Put, TgwAttachmentPath(subscriptionId, regionId, tgwId), body, expect: ApiResponse.Task);

    public static ApiRequest DeleteActiveActiveTgwAttachment(int subscriptionId, int regionId, int tgwId) =>
        new("deleteActiveActiveTgwAttachment", HttpMethod.Delete, TgwAttachmentPath(subscriptionId, regionId, tgwId), Expect: ApiResponse.Task);

    private static string TgwPath(int subscriptionId, int? regionId) =>
        Subscription(subscriptionId) + (regionId is { } r ? "/regions/" + Segment(r) : "") + "/transitGateways";

    private static string TgwInvitationPath(int subscriptionId, int? regionId, int tgwInvitationId) =>
        TgwPath(subscriptionId, regionId) + "/invitations/" + Segment(tgwInvitationId);

    private static string TgwAttachmentPath(int subscriptionId, int? regionId, int tgwId) =>
        TgwPath(subscriptionId, regionId) + "/" + Segment(tgwId) + "/attachment";
}
