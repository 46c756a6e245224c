using System.Text.Json.Nodes;

namespace RcMcp.Cloud;

// AWS PrivateLink and GCP Private Service Connect: one builder per operation (the spec's operationId, method, path, query and body).
// Every one of them answers with a task (TaskStateUpdate), reads included.
public static partial class RedisCloudRequests
{
    // ---- AWS PrivateLink ----

    public static ApiRequest GetPrivateLink(int subscriptionId) =>
        Json("getPrivateLink", HttpMethod.Get, PrivateLinkPath(subscriptionId), expect: ApiResponse.Task);

    public static ApiRequest CreatePrivateLink(int subscriptionId, JsonObject body) =>
        Json("createPrivateLink", HttpMethod.Post, PrivateLinkPath(subscriptionId), body, expect: ApiResponse.Task);

    public static ApiRequest DeletePrivateLink(int subscriptionId) =>
        Json("deletePrivateLink", HttpMethod.Delete, PrivateLinkPath(subscriptionId), expect: ApiResponse.Task);

    public static ApiRequest CreatePrivateLinkPrincipal(int subscriptionId, JsonObject body) =>
        Json("createPrivateLinkPrincipal", HttpMethod.Post, PrivateLinkPath(subscriptionId) + "/principals", body, expect: ApiResponse.Task);

    public static ApiRequest DeletePrivateLinkPrincipals(int subscriptionId, JsonObject body) =>
        Json("deletePrivateLinkPrincipals", HttpMethod.Delete, PrivateLinkPath(subscriptionId) + "/principals", body, expect: ApiResponse.Task);

    public static ApiRequest GetPrivateLinkEndpointScript(int subscriptionId) =>
        Json("getPrivateLinkEndpointScript", HttpMethod.Get, PrivateLinkPath(subscriptionId) + "/endpoint-script", expect: ApiResponse.Task);

    public static ApiRequest DisassociatePrivateLinkConnections(int subscriptionId, JsonObject body) =>
        Json("disassociatePrivateLinkConnections", HttpMethod.Post, PrivateLinkPath(subscriptionId) + "/connections/disassociate", body, expect: ApiResponse.Task);

    public static ApiRequest GetActiveActivePrivateLink(int subscriptionId, int regionId) =>
        Json("getActiveActivePrivateLink", HttpMethod.Get, PrivateLinkPath(subscriptionId, regionId), expect: ApiResponse.Task);

    public static ApiRequest CreateActiveActivePrivateLink(int subscriptionId, int regionId, JsonObject body) =>
        Json("createActiveActivePrivateLink", HttpMethod.Post, PrivateLinkPath(subscriptionId, regionId), body, expect: ApiResponse.Task);

    public static ApiRequest DeleteActiveActivePrivateLink(int subscriptionId, int regionId) =>
        Json("deleteActiveActivePrivateLink", HttpMethod.Delete, PrivateLinkPath(subscriptionId, regionId), expect: ApiResponse.Task);

    public static ApiRequest CreateActiveActivePrivateLinkPrincipal(int subscriptionId, int regionId, JsonObject body) =>
        Json("createActiveActivePrivateLinkPrincipal", HttpMethod.Post, PrivateLinkPath(subscriptionId, regionId) + "/principals", body, expect: ApiResponse.Task);

    public static ApiRequest DeleteActiveActivePrivateLinkPrincipals(int subscriptionId, int regionId, JsonObject body) =>
        Json("deleteActiveActivePrivateLinkPrincipals", HttpMethod.Delete, PrivateLinkPath(subscriptionId, regionId) + "/principals", body, expect: ApiResponse.Task);

    public static ApiRequest GetActiveActivePrivateLinkEndpointScript(int subscriptionId, int regionId) =>
        Json("getActiveActivePrivateLinkEndpointScript", HttpMethod.Get, PrivateLinkPath(subscriptionId, regionId) + "/endpoint-script", expect: ApiResponse.Task);

    public static ApiRequest DisassociateActiveActivePrivateLinkConnections(int subscriptionId, int regionId, JsonObject body) =>
        Json("disassociateActiveActivePrivateLinkConnections", HttpMethod.Post, PrivateLinkPath(subscriptionId, regionId) + "/connections/disassociate", body, expect: ApiResponse.Task);

    // ---- GCP Private Service Connect ----

    public static ApiRequest GetPscService(int subscriptionId) =>
        Json("getPscService", HttpMethod.Get, PscPath(subscriptionId), expect: ApiResponse.Task);

    public static ApiRequest CreatePscService(int subscriptionId) =>
        Json("createPscService", HttpMethod.Post, PscPath(subscriptionId), expect: ApiResponse.Task);

    public static ApiRequest DeletePscService(int subscriptionId) =>
        Json("deletePscService", HttpMethod.Delete, PscPath(subscriptionId), expect: ApiResponse.Task);

    public static ApiRequest GetPscServiceEndpoints(int subscriptionId, int pscServiceId) =>
        Json("getPscServiceEndpoints", HttpMethod.Get, PscPath(subscriptionId) + "/" + Segment(pscServiceId), expect: ApiResponse.Task);

    public static ApiRequest CreatePscServiceEndpoint(int subscriptionId, int pscServiceId, JsonObject body) =>
        Json("createPscServiceEndpoint", HttpMethod.Post, PscPath(subscriptionId) + "/" + Segment(pscServiceId), body, expect: ApiResponse.Task);

    public static ApiRequest UpdatePscServiceEndpoint(int subscriptionId, int pscServiceId, int endpointId, JsonObject body) =>
        Json("updatePscServiceEndpoint", HttpMethod.Put, PscEndpointPath(PscPath(subscriptionId), pscServiceId, endpointId), body, expect: ApiResponse.Task);

    public static ApiRequest DeletePscServiceEndpoint(int subscriptionId, int pscServiceId, int endpointId) =>
        Json("deletePscServiceEndpoint", HttpMethod.Delete, PscEndpointPath(PscPath(subscriptionId), pscServiceId, endpointId), expect: ApiResponse.Task);

    public static ApiRequest GetPscServiceEndpointCreationScript(int subscriptionId, int pscServiceId, int endpointId) =>
        Json("getPscServiceEndpointCreationScript", HttpMethod.Get, PscEndpointPath(PscPath(subscriptionId), pscServiceId, endpointId) + "/creationScripts", expect: ApiResponse.Task);

    public static ApiRequest GetPscServiceEndpointDeletionScript(int subscriptionId, int pscServiceId, int endpointId) =>
        Json("getPscServiceEndpointDeletionScript", HttpMethod.Get, PscEndpointPath(PscPath(subscriptionId), pscServiceId, endpointId) + "/deletionScripts", expect: ApiResponse.Task);

    public static ApiRequest GetActiveActivePscService(int subscriptionId, int regionId) =>
        Json("getActiveActivePscService", HttpMethod.Get, PscPath(subscriptionId, regionId), expect: ApiResponse.Task);

    public static ApiRequest CreateActiveActivePscService(int subscriptionId, int regionId) =>
        Json("createActiveActivePscService", HttpMethod.Post, PscPath(subscriptionId, regionId), expect: ApiResponse.Task);

    public static ApiRequest DeleteActiveActivePscService(int subscriptionId, int regionId) =>
        Json("deleteActiveActivePscService", HttpMethod.Delete, PscPath(subscriptionId, regionId), expect: ApiResponse.Task);

    public static ApiRequest GetActiveActivePscServiceEndpoints(int subscriptionId, int regionId, int pscServiceId) =>
        Json("getActiveActivePscServiceEndpoints", HttpMethod.Get, PscPath(subscriptionId, regionId) + "/" + Segment(pscServiceId), expect: ApiResponse.Task);

    public static ApiRequest CreateActiveActivePscServiceEndpoint(int subscriptionId, int regionId, int pscServiceId, JsonObject body) =>
        Json("createActiveActivePscServiceEndpoint", HttpMethod.Post, PscPath(subscriptionId, regionId) + "/" + Segment(pscServiceId), body, expect: ApiResponse.Task);

    public static ApiRequest UpdateActiveActivePscServiceEndpoint(int subscriptionId, int regionId, int pscServiceId, int endpointId, JsonObject body) =>
        Json("updateActiveActivePscServiceEndpoint", HttpMethod.Put, PscEndpointPath(PscPath(subscriptionId, regionId), pscServiceId, endpointId), body, expect: ApiResponse.Task);

    public static ApiRequest DeleteActiveActivePscServiceEndpoint(int subscriptionId, int regionId, int pscServiceId, int endpointId) =>
        Json("deleteActiveActivePscServiceEndpoint", HttpMethod.Delete, PscEndpointPath(PscPath(subscriptionId, regionId), pscServiceId, endpointId), expect: ApiResponse.Task);

    // The spec spells these two operationIds "ActiveActiv" (sic): copied exactly.
    public static ApiRequest GetActiveActivePscServiceEndpointCreationScript(int subscriptionId, int regionId, int pscServiceId, int endpointId) =>
        Json("getActiveActivPscServiceEndpointCreationScript", HttpMethod.Get, PscEndpointPath(PscPath(subscriptionId, regionId), pscServiceId, endpointId) + "/creationScripts", expect: ApiResponse.Task);

    public static ApiRequest GetActiveActivePscServiceEndpointDeletionScript(int subscriptionId, int regionId, int pscServiceId, int endpointId) =>
        Json("getActiveActivPscServiceEndpointDeletionScript", HttpMethod.Get, PscEndpointPath(PscPath(subscriptionId, regionId), pscServiceId, endpointId) + "/deletionScripts", expect: ApiResponse.Task);

    private static string PrivateLinkPath(int subscriptionId) => Subscription(subscriptionId) + "/private-link";

    private static string PrivateLinkPath(int subscriptionId, int regionId) =>
        Subscription(subscriptionId) + "/regions/" + Segment(regionId) + "/private-link";

    private static string PscPath(int subscriptionId) => Subscription(subscriptionId) + "/private-service-connect";

    private static string PscPath(int subscriptionId, int regionId) =>
        Subscription(subscriptionId) + "/regions/" + Segment(regionId) + "/private-service-connect";

    private static string PscEndpointPath(string psc, int pscServiceId, int endpointId) =>
        psc + "/" + Segment(pscServiceId) + "/endpoints/" + Segment(endpointId);
}
