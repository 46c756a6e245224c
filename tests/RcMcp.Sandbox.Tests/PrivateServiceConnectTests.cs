using System.Net;
using System.Text.Json;
using RcMcp.Sandbox.Tests.Infrastructure;
using static RcMcp.Sandbox.Tests.ConnectivitySteps;

namespace RcMcp.Sandbox.Tests;

/// <summary>GCP Private Service Connect routes, standard and Active-Active, on a manual clock.</summary>
public sealed class PrivateServiceConnectTests
{
    [Fact]
    public async Task A_PSC_service_gets_endpoints_with_scripts_that_turn_active_and_is_deleted_last()
    {
        await using var f = await Fixture.StartAsync();
        var sub = await f.GcpSubscriptionAsync(activeActive: false);
        var psc = $"/subscriptions/{sub}/private-service-connect";

        (await f.FinishAsync(HttpMethod.Get, psc)).Str("response.error").ShouldBe("PSC_SERVICE_NOT_FOUND");
        var created = await f.Client.PostAsync(psc);
        created.Status.ShouldBe(HttpStatusCode.Accepted);
        created.Json.Str("commandType").ShouldBe("pscServiceCreateRequest");
        (await f.Client.PostAsync(psc)).ErrorType.ShouldBe("PSC_SERVICE_ALREADY_EXISTS");
        f.Advance();
        var serviceId = (await f.Client.GetAsync($"/tasks/{created.TaskId}")).Json.Int("response.resourceId");

        var service = await f.ReadAsync(psc);
        service.Int("id").ShouldBe(serviceId);
        service.Str("status").ShouldBe("active");
        service.Str("serviceAttachmentName").ShouldBe($"projects/redis-psc-{sub}/regions/us-central1/serviceAttachments/rc-psc-{serviceId}");
        var host = service.Str("connectionHostName");

        var endpoint = new { gcpProjectId = "shop-prod-1", gcpVpcName = "shop-vpc", gcpVpcSubnetName = "shop-subnet", endpointConnectionName = "shop-redis" };
        var made = await f.FinishAsync(HttpMethod.Post, $"{psc}/{serviceId}", endpoint);
        made.Str("commandType").ShouldBe("pscServiceEndpointCreateRequest");
        made.Int("response.additionalResourceId").ShouldBe(serviceId);
        var endpointId = made.Int("response.resourceId");
        var sameVpc = await f.Client.PostAsync($"{psc}/{serviceId}", endpoint with { endpointConnectionName = "other" });
        sameVpc.Status.ShouldBe(HttpStatusCode.Conflict);
        sameVpc.ErrorType.ShouldBe("PSC_ENDPOINT_ALREADY_EXISTS");

        var listed = await f.ReadAsync($"{psc}/{serviceId}");
        listed.Int("pscServiceId").ShouldBe(serviceId);
        listed.Int("endpoints.0.id").ShouldBe(endpointId);
        listed.Str("endpoints.0.gcpVpcName").ShouldBe("shop-vpc");
        listed.Str("endpoints.0.status").ShouldBe("initialized");

        // Still initialized: its settings may change; a reject needs an active connection.
        var endpointPath = $"{psc}/{serviceId}/endpoints/{endpointId}";
        (await f.Client.PutAsync(endpointPath, new { action = "reject" })).ErrorType.ShouldBe("PSC_ENDPOINT_INVALID_STATE");
        (await f.FinishAsync(HttpMethod.Put, endpointPath, new { gcpVpcName = "shop-vpc-2" })).Str("commandType").ShouldBe("pscServiceEndpointUpdateRequest");
        var updated = await f.ReadAsync($"{psc}/{serviceId}");
        updated.Str("endpoints.0.gcpVpcName").ShouldBe("shop-vpc-2");
        updated.Str("endpoints.0.status").ShouldBe("initialized");

        var creation = (await f.ReadAsync(endpointPath + "/creationScripts")).At("script");
        var bash = creation.Str("bash");
        bash.ShouldContain("gcloud compute forwarding-rules create shop-redis-1");
        bash.ShouldContain($"--target-service-attachment={service.Str("serviceAttachmentName")}");
        bash.ShouldContain("PROJECT_ID=\"shop-prod-1\"");
        bash.ShouldContain("VPC=\"shop-vpc-2\"");
        bash.ShouldContain(host);
        creation.Str("powershell").ShouldContain("gcloud compute addresses create shop-redis-ip-1");
        creation.Str("terraformGcp.serviceAttachments.0.forwardingRuleName").ShouldBe("shop-redis-1");

        // Two task times after its last change, the creation script counts as run: active, no longer editable.
        f.Advance();
        (await f.ReadAsync($"{psc}/{serviceId}")).Str("endpoints.0.status").ShouldBe("active");
        (await f.Client.PutAsync(endpointPath, new { gcpVpcName = "x-vpc" })).ErrorType.ShouldBe("PSC_ENDPOINT_NOT_EDITABLE");
        await f.FinishAsync(HttpMethod.Put, endpointPath, new { action = "reject" });
        (await f.ReadAsync($"{psc}/{serviceId}")).Str("endpoints.0.status").ShouldBe("rejected");
        await f.FinishAsync(HttpMethod.Put, endpointPath, new { action = "accept" });
        (await f.ReadAsync($"{psc}/{serviceId}")).Str("endpoints.0.status").ShouldBe("active");

        var busy = await f.Client.DeleteAsync(psc);
        busy.Status.ShouldBe(HttpStatusCode.Conflict);
        busy.ErrorType.ShouldBe("PSC_SERVICE_HAS_ENDPOINTS");

        var deletion = (await f.ReadAsync(endpointPath + "/deletionScripts")).At("script");
        deletion.Str("bash").ShouldContain("gcloud compute forwarding-rules delete shop-redis-1");
        deletion.Str("bash").ShouldContain("--project=\"$PROJECT_ID\"");
        (await f.FinishAsync(HttpMethod.Delete, endpointPath)).Str("commandType").ShouldBe("pscServiceEndpointDeleteRequest");
        (await f.ReadAsync($"{psc}/{serviceId}")).Items("endpoints").ShouldBeEmpty();
        (await f.Client.GetAsync(endpointPath + "/creationScripts")).ErrorType.ShouldBe("PSC_ENDPOINT_NOT_FOUND");

        (await f.FinishAsync(HttpMethod.Delete, psc)).Str("commandType").ShouldBe("pscServiceDeleteRequest");
        (await f.FinishAsync(HttpMethod.Get, psc)).Str("response.error").ShouldBe("PSC_SERVICE_NOT_FOUND");
    }

    [Theory]
    [InlineData("""{"gcpVpcName":"v","gcpVpcSubnetName":"s","endpointConnectionName":"e"}""", "gcpProjectId")]
    [InlineData("""{"gcpProjectId":"shop-prod-1","gcpVpcName":"My_VPC","gcpVpcSubnetName":"s","endpointConnectionName":"e"}""", "gcpVpcName")]
    [InlineData("""{"gcpProjectId":"shop-prod-1","gcpVpcName":"v","gcpVpcSubnetName":"s; rm -rf ~","endpointConnectionName":"e"}""", "gcpVpcSubnetName")]
    [InlineData("""{"gcpProjectId":"Shop","gcpVpcName":"v","gcpVpcSubnetName":"s","endpointConnectionName":"e"}""", "gcpProjectId")]
    public async Task Invalid_endpoint_bodies_are_400_naming_the_field(string body, string field)
    {
        await using var f = await Fixture.StartAsync();
        var sub = await f.GcpSubscriptionAsync(activeActive: false);
        var service = await f.FinishAsync(HttpMethod.Post, $"/subscriptions/{sub}/private-service-connect");

        var response = await f.Client.PostAsync($"/subscriptions/{sub}/private-service-connect/{service.Int("response.resourceId")}", body);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.ErrorDescription.ShouldContain(field);
        response.ErrorDescription.ShouldNotContain("rm -rf");
    }

    [Fact]
    public async Task Unknown_PSC_ids_are_404_and_an_empty_update_is_400()
    {
        await using var f = await Fixture.StartAsync();
        var sub = await f.GcpSubscriptionAsync(activeActive: false);
        var psc = $"/subscriptions/{sub}/private-service-connect";
        var serviceId = (await f.FinishAsync(HttpMethod.Post, psc)).Int("response.resourceId");
        var endpointId = (await f.FinishAsync(HttpMethod.Post, $"{psc}/{serviceId}",
            new { gcpProjectId = "shop-prod-1", gcpVpcName = "v", gcpVpcSubnetName = "s", endpointConnectionName = "e" })).Int("response.resourceId");

        (await f.Client.GetAsync($"{psc}/{serviceId + 1}")).ErrorType.ShouldBe("PSC_SERVICE_NOT_FOUND");
        (await f.Client.DeleteAsync($"{psc}/{serviceId}/endpoints/{endpointId + 1}")).ErrorType.ShouldBe("PSC_ENDPOINT_NOT_FOUND");
        (await f.Client.GetAsync($"{psc}/{serviceId}/endpoints/{endpointId + 1}/deletionScripts")).Status.ShouldBe(HttpStatusCode.NotFound);
        var empty = await f.Client.PutAsync($"{psc}/{serviceId}/endpoints/{endpointId}", new { });
        empty.Status.ShouldBe(HttpStatusCode.BadRequest);
        empty.ErrorDescription.ShouldContain("Nothing to update");
        (await f.Client.PutAsync($"{psc}/{serviceId}/endpoints/{endpointId}", new { action = "maybe" })).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await f.Client.DeleteAsync("/subscriptions/100001/private-service-connect")).ErrorType.ShouldBe("PSC_SERVICE_NOT_FOUND");
    }

    [Fact]
    public async Task Active_Active_PSC_services_live_in_their_region()
    {
        await using var f = await Fixture.StartAsync();
        var sub = await f.GcpSubscriptionAsync(activeActive: true);
        // Regions are numbered per account: 1-3 are the seeded ones, this subscription has 4 and 5.
        var region = $"/subscriptions/{sub}/regions/4/private-service-connect";

        var created = await f.FinishAsync(HttpMethod.Post, region);
        created.Str("commandType").ShouldBe("activeActivePscServiceCreateRequest");
        var serviceId = created.Int("response.resourceId");
        (await f.Client.PostAsync(region)).ErrorType.ShouldBe("PSC_SERVICE_ALREADY_EXISTS");
        (await f.FinishAsync(HttpMethod.Get, $"/subscriptions/{sub}/regions/5/private-service-connect")).Str("response.error").ShouldBe("PSC_SERVICE_NOT_FOUND");
        (await f.Client.GetAsync($"/subscriptions/{sub}/private-service-connect")).Status.ShouldBe(HttpStatusCode.BadRequest);
        (await f.Client.GetAsync($"/subscriptions/{sub}/regions/5/private-service-connect/{serviceId}")).ErrorType.ShouldBe("PSC_SERVICE_NOT_FOUND");

        (await f.ReadAsync(region)).Str("serviceAttachmentName").ShouldContain("/regions/us-central1/");
        var endpoint = await f.FinishAsync(HttpMethod.Post, $"{region}/{serviceId}",
            new { gcpProjectId = "shop-prod-1", gcpVpcName = "v", gcpVpcSubnetName = "s", endpointConnectionName = "e" });
        endpoint.Str("commandType").ShouldBe("activeActivePscServiceEndpointCreateRequest");
        var script = await f.ReadAsync($"{region}/{serviceId}/endpoints/{endpoint.Int("response.resourceId")}/creationScripts");
        script.Str("script.bash").ShouldContain($"region 4 of subscription {sub}");
    }
}
