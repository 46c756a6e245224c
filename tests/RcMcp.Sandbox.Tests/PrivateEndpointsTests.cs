using System.Net;
using System.Text.Json;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

/// <summary>AWS PrivateLink and GCP Private Service Connect routes, standard and Active-Active, on a manual clock.</summary>
public sealed class PrivateEndpointsTests
{
    private static readonly TimeSpan TaskTime = TimeSpan.FromSeconds(3);

    // Seeded: single-region AWS subscription 100001 (region 1) and Active-Active AWS subscription 100002 (regions 2 and 3).
    private const string ProLink = "/subscriptions/100001/private-link";
    private const string RegionLink = "/subscriptions/100002/regions/2/private-link";

    private static object CreateLink(string principal = "123456789012", string shareName = "orders-share") =>
        new { shareName, principal, type = "aws_account", alias = "Production" };

    /// <summary>A sandbox whose tasks take 3 s of a clock that moves only when told to.</summary>
    private sealed class Fixture(TestSandbox sandbox, ManualClock clock) : IAsyncDisposable
    {
        public ApiClient Client => sandbox.Client;

        public static async Task<Fixture> StartAsync()
        {
            var clock = new ManualClock();
            return new Fixture(await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock), clock);
        }

        /// <summary>Moves the clock by one task time.</summary>
        public void Advance() => clock.Advance(TaskTime);

        /// <summary>Sends a request that starts a task (202), lets the task finish and returns its final state.</summary>
        public async Task<JsonElement> FinishAsync(HttpMethod method, string path, object? body = null)
        {
            var started = await Client.SendAsync(method, path, body);
            started.Status.ShouldBe(HttpStatusCode.Accepted, started.Json.ToString());
            started.Json.Str("status").ShouldBe("received");
            Advance();
            var task = await Client.GetAsync($"/tasks/{started.TaskId}");
            task.Json.Str("status").ShouldBeOneOf("processing-completed", "processing-error");
            return task.Json;
        }

        /// <summary>The resource a read-through-task GET carries, once its task has finished successfully.</summary>
        public async Task<JsonElement> ReadAsync(string path)
        {
            var task = await FinishAsync(HttpMethod.Get, path);
            task.Str("status").ShouldBe("processing-completed", task.ToString());
            return task.At("response.resource");
        }

        /// <summary>A new active GCP subscription (single-region, or Active-Active over two regions); returns its id.</summary>
        public async Task<int> GcpSubscriptionAsync(bool activeActive)
        {
            var task = await FinishAsync(HttpMethod.Post, "/subscriptions", new
            {
                name = activeActive ? "gcp-global" : "gcp-pro",
                deploymentType = activeActive ? "active-active" : "single-region",
                paymentMethodId = 1234,
                cloudProviders = new[]
                {
                    new { provider = "GCP", regions = (activeActive ? new[] { "us-central1", "europe-west1" } : ["us-central1"]).Select(r => new { region = r }) },
                },
                databases = new[] { new { name = "gcp-db", protocol = "redis", datasetSizeInGb = 1 } },
            });
            task.Str("status").ShouldBe("processing-completed");
            return task.Int("response.resourceId");
        }

        public ValueTask DisposeAsync() => sandbox.DisposeAsync();
    }

    [Fact]
    public async Task A_PrivateLink_is_created_shared_with_principals_connected_and_deleted_through_tasks()
    {
        await using var f = await Fixture.StartAsync();

        var none = await f.FinishAsync(HttpMethod.Get, ProLink);
        none.Str("status").ShouldBe("processing-error");
        none.Str("commandType").ShouldBe("privateLinkGetRequest");
        none.Str("response.error").ShouldBe("PRIVATELINK_SERVICE_NOT_FOUND");

        var created = await f.Client.PostAsync(ProLink, CreateLink());
        created.Status.ShouldBe(HttpStatusCode.Accepted);
        created.Json.Str("commandType").ShouldBe("privateLinkCreateRequest");
        var second = await f.Client.PostAsync(ProLink, CreateLink("999988887777", "other"));
        second.Status.ShouldBe(HttpStatusCode.Conflict);
        second.ErrorType.ShouldBe("PRIVATELINK_ALREADY_EXISTS");

        var link = await f.ReadAsync(ProLink);
        link.Str("status").ShouldBe("active");
        link.Int("subscriptionId").ShouldBe(100001);
        link.Has("regionId").ShouldBeFalse();
        link.Str("shareName").ShouldBe("orders-share");
        link.Str("resourceConfigurationArn").ShouldStartWith("arn:aws:vpc-lattice:us-east-1:");
        link.Str("shareArn").ShouldStartWith("arn:aws:ram:us-east-1:");
        link.Str("principals.0.principal").ShouldBe("123456789012");
        link.Str("principals.0.status").ShouldBe("ready");
        link.Str("principals.0.alias").ShouldBe("Production");
        link.Items("connections").ShouldBeEmpty();
        link.Int("databases.0.databaseId").ShouldBe(5000001);
        link.Str("databases.0.rlEndpoint").ShouldContain(link.Str("resourceConfigurationId"));

        // Some steps after the principal is ready, its account's VPC endpoint connection appears.
        f.Advance();
        var connected = await f.ReadAsync(ProLink);
        var connection = connected.At("connections.0");
        connection.Str("ownerId").ShouldBe("123456789012");
        connection.Str("type").ShouldBe("vpc_endpoint");
        connection.Str("associationId").ShouldStartWith("rsa-");
        connection.Str("connectionId").ShouldStartWith("vpce-con-");

        var script = await f.ReadAsync(ProLink + "/endpoint-script");
        var text = script.Str("resourceEndpointScript");
        text.ShouldContain("aws ec2 create-vpc-endpoint");
        text.ShouldContain(link.Str("resourceConfigurationArn"));
        text.ShouldContain(link.Str("shareArn"));
        text.ShouldContain("REGION=\"us-east-1\"");
        text.ShouldContain("database 5000001");

        (await f.FinishAsync(HttpMethod.Delete, ProLink)).Str("status").ShouldBe("processing-completed");
        (await f.FinishAsync(HttpMethod.Get, ProLink)).Str("response.error").ShouldBe("PRIVATELINK_SERVICE_NOT_FOUND");
    }

    [Fact]
    public async Task Principals_are_added_once_and_removing_one_cuts_its_connections()
    {
        await using var f = await Fixture.StartAsync();
        await f.FinishAsync(HttpMethod.Post, ProLink, CreateLink());
        const string role = "arn:aws:iam::210987654321:role/app";

        var added = await f.Client.PostAsync(ProLink + "/principals", new { principal = role, type = "iam_role" });
        added.Status.ShouldBe(HttpStatusCode.Accepted);
        added.Json.Str("commandType").ShouldBe("privateLinkPrincipalCreateRequest");
        var early = await f.Client.SendAsync(HttpMethod.Delete, ProLink + "/principals", new { principal = role });
        early.Status.ShouldBe(HttpStatusCode.Conflict);
        early.ErrorType.ShouldBe("PRINCIPAL_NOT_READY");
        var twice = await f.Client.PostAsync(ProLink + "/principals", new { principal = role });
        twice.Status.ShouldBe(HttpStatusCode.Conflict);
        twice.ErrorType.ShouldBe("PRINCIPAL_ALREADY_EXISTS");
        f.Advance();
        f.Advance();

        var link = await f.ReadAsync(ProLink);
        link.Items("principals").Select(p => p.Str("status")).ShouldBe(["ready", "ready"]);
        link.Items("connections").Select(c => c.Str("ownerId")).ShouldBe(["123456789012", "210987654321"], ignoreOrder: true);

        var unknown = await f.Client.SendAsync(HttpMethod.Delete, ProLink + "/principals", new { principal = "555555555555" });
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
        unknown.ErrorType.ShouldBe("PRINCIPAL_NOT_FOUND");

        var removed = await f.FinishAsync(HttpMethod.Delete, ProLink + "/principals", new { principal = role });
        removed.Str("commandType").ShouldBe("privateLinkPrincipalsDeleteRequest");
        var after = await f.ReadAsync(ProLink);
        after.Items("principals").Select(p => p.Str("principal")).ShouldBe(["123456789012"]);
        after.Items("connections").Select(c => c.Str("ownerId")).ShouldBe(["123456789012"]);
    }

    [Fact]
    public async Task Disassociating_needs_the_exact_connection_and_removes_it()
    {
        await using var f = await Fixture.StartAsync();
        await f.FinishAsync(HttpMethod.Post, ProLink, CreateLink());
        f.Advance();
        var connection = (await f.ReadAsync(ProLink)).At("connections.0");
        var associationId = connection.Str("associationId");
        const string path = ProLink + "/connections/disassociate";

        var unknown = await f.Client.PostAsync(path, new { connections = new[] { new { associationId = "rsa-00000000", type = "vpc_endpoint", principalId = "123456789012" } } });
        var mismatch = await f.Client.PostAsync(path, new { connections = new[] { new { associationId, type = "vpc_endpoint", principalId = "999999999999" } } });
        var empty = await f.Client.PostAsync(path, new { connections = Array.Empty<object>() });
        var missing = await f.Client.PostAsync(path, new { connections = new[] { new { associationId, type = "vpc_endpoint" } } });

        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
        unknown.ErrorType.ShouldBe("CONNECTION_NOT_FOUND");
        mismatch.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        mismatch.ErrorType.ShouldBe("CONNECTION_DETAILS_MISMATCH");
        empty.Status.ShouldBe(HttpStatusCode.BadRequest);
        empty.ErrorDescription.ShouldContain("connections");
        missing.Status.ShouldBe(HttpStatusCode.BadRequest);
        missing.ErrorDescription.ShouldContain("connections[0].principalId");
        (await f.ReadAsync(ProLink)).Items("connections").Length.ShouldBe(1);

        var done = await f.FinishAsync(HttpMethod.Post, path, new
        {
            connections = new[] { new { associationId, connectionId = connection.Str("connectionId"), type = "vpc_endpoint", principalId = "123456789012" } },
        });
        done.Str("status").ShouldBe("processing-completed");
        done.Str("commandType").ShouldBe("privateLinkConnectionsDisassociateRequest");
        var after = await f.ReadAsync(ProLink);
        after.Items("connections").ShouldBeEmpty();
        after.Items("principals").Length.ShouldBe(1);
    }

    [Theory]
    [InlineData("""{"principal":"123456789012","type":"aws_account"}""", "shareName")]
    [InlineData("""{"shareName":"s","type":"aws_account"}""", "principal")]
    [InlineData("""{"shareName":"s","principal":"123456789012"}""", "type")]
    [InlineData("""{"shareName":"s","principal":"123456789012","type":"robot"}""", "type")]
    [InlineData("""{"shareName":"0123456789012345678901234567890123456789012345678901234567890123456789","principal":"1","type":"aws_account"}""", "shareName")]
    public async Task Invalid_PrivateLink_bodies_are_400_naming_the_field(string body, string field)
    {
        await using var f = await Fixture.StartAsync();

        var response = await f.Client.PostAsync(ProLink, body);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.ErrorDescription.ShouldContain(field);
    }

    [Fact]
    public async Task Changes_need_an_existing_active_PrivateLink()
    {
        await using var f = await Fixture.StartAsync();

        var delete = await f.Client.DeleteAsync(ProLink);
        var add = await f.Client.PostAsync(ProLink + "/principals", new { principal = "123456789012" });
        delete.Status.ShouldBe(HttpStatusCode.NotFound);
        delete.ErrorType.ShouldBe("PRIVATELINK_SERVICE_NOT_FOUND");
        add.Status.ShouldBe(HttpStatusCode.NotFound);
        (await f.FinishAsync(HttpMethod.Get, ProLink + "/endpoint-script")).Str("response.error").ShouldBe("PRIVATELINK_SERVICE_NOT_FOUND");

        await f.Client.PostAsync(ProLink, CreateLink());
        var whileCreating = await f.Client.DeleteAsync(ProLink);
        whileCreating.Status.ShouldBe(HttpStatusCode.Conflict);
        whileCreating.ErrorType.ShouldBe("PRIVATELINK_NOT_ACTIVE");
    }

    [Fact]
    public async Task Active_Active_PrivateLinks_are_one_per_region_and_the_paths_must_match_the_deployment()
    {
        await using var f = await Fixture.StartAsync();

        var first = await f.FinishAsync(HttpMethod.Post, RegionLink, CreateLink());
        first.Str("commandType").ShouldBe("activeActivePrivateLinkCreateRequest");
        (await f.Client.PostAsync(RegionLink, CreateLink())).Status.ShouldBe(HttpStatusCode.Conflict);
        (await f.FinishAsync(HttpMethod.Post, "/subscriptions/100002/regions/3/private-link", CreateLink())).Str("status").ShouldBe("processing-completed");

        var link = await f.ReadAsync(RegionLink);
        link.Int("regionId").ShouldBe(2);
        link.Str("resourceConfigurationArn").ShouldStartWith("arn:aws:vpc-lattice:us-east-1:");
        (await f.ReadAsync("/subscriptions/100002/regions/3/private-link")).Str("resourceConfigurationArn").ShouldStartWith("arn:aws:vpc-lattice:eu-west-1:");
        (await f.ReadAsync(RegionLink + "/endpoint-script")).Str("resourceEndpointScript").ShouldContain("region 2 of subscription 100002");

        var standardOnActiveActive = await f.Client.GetAsync("/subscriptions/100002/private-link");
        var regionOnSingleRegion = await f.Client.GetAsync("/subscriptions/100001/regions/1/private-link");
        var unknownRegion = await f.Client.GetAsync("/subscriptions/100002/regions/99/private-link");
        var unknownSubscription = await f.Client.PostAsync("/subscriptions/999/private-link", CreateLink());
        standardOnActiveActive.Status.ShouldBe(HttpStatusCode.BadRequest);
        standardOnActiveActive.ErrorDescription.ShouldContain("/regions/");
        regionOnSingleRegion.Status.ShouldBe(HttpStatusCode.BadRequest);
        unknownRegion.Status.ShouldBe(HttpStatusCode.NotFound);
        unknownRegion.ErrorType.ShouldBe("REGION_NOT_FOUND");
        unknownSubscription.Status.ShouldBe(HttpStatusCode.NotFound);
        unknownSubscription.ErrorType.ShouldBe("SUBSCRIPTION_NOT_FOUND");

        (await f.FinishAsync(HttpMethod.Delete, RegionLink)).Str("commandType").ShouldBe("activeActivePrivateLinkDeleteRequest");
        (await f.FinishAsync(HttpMethod.Get, RegionLink)).Str("response.error").ShouldBe("PRIVATELINK_SERVICE_NOT_FOUND");
        (await f.ReadAsync("/subscriptions/100002/regions/3/private-link")).Str("status").ShouldBe("active");
    }

    [Fact]
    public async Task Each_private_endpoint_needs_its_own_cloud()
    {
        await using var f = await Fixture.StartAsync();
        var gcp = await f.GcpSubscriptionAsync(activeActive: false);

        var linkOnGcp = await f.Client.PostAsync($"/subscriptions/{gcp}/private-link", CreateLink());
        var pscOnAws = await f.Client.PostAsync("/subscriptions/100001/private-service-connect");

        linkOnGcp.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        linkOnGcp.ErrorType.ShouldBe("PRIVATELINK_NOT_SUPPORTED_FOR_CLOUD_PROVIDER");
        pscOnAws.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        pscOnAws.ErrorType.ShouldBe("PSC_NOT_SUPPORTED_FOR_CLOUD_PROVIDER");
    }

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
