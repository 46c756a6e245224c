using System.Net;
using System.Text.Json;
using RcMcp.Sandbox.Tests.Infrastructure;
using static RcMcp.Sandbox.Tests.ConnectivitySteps;

namespace RcMcp.Sandbox.Tests;

/// <summary>VPC peering routes, standard and Active-Active: acceptance, updates, validation, the other deployment type's path.</summary>
public sealed class VpcPeeringTests
{
    private const string Peerings = "/subscriptions/100001/peerings";

    private const string ActiveActivePeerings = "/subscriptions/100002/regions/peerings";

    private static object AwsPeering(string vpcId = "vpc-0a1b2c3d4e5f60718", params string[] cidrs) => new
    {
        provider = "AWS",
        region = "us-east-1",
        awsAccountId = "123456789012",
        vpcId,
        vpcCidrs = cidrs.Length == 0 ? ["10.10.0.0/16"] : cidrs,
    };

    [Fact]
    public async Task A_peering_waits_for_acceptance_then_becomes_active_and_its_read_is_a_task()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        var client = sandbox.Client;

        var created = await client.PostAsync(Peerings, AwsPeering());
        var read = await client.GetAsync(Peerings);
        created.Status.ShouldBe(HttpStatusCode.Accepted);
        created.Json.Str("commandType").ShouldBe("vpcPeeringCreateRequest");
        read.Status.ShouldBe(HttpStatusCode.Accepted);
        read.Json.Str("status").ShouldBe("received");

        clock.Advance(TimeSpan.FromSeconds(3));
        var done = (await client.GetAsync($"/tasks/{created.TaskId}")).Json;
        done.Str("status").ShouldBe("processing-completed");
        var peeringId = done.Int("response.resourceId");
        var pending = (await client.GetAsync($"/tasks/{read.TaskId}")).Json.At("response.resource.peerings.0");
        pending.Int("vpcPeeringId").ShouldBe(peeringId);
        pending.Str("status").ShouldBe("pending-acceptance");
        pending.Str("awsPeeringUid").ShouldStartWith("pcx-");
        pending.Str("vpcUid").ShouldBe("vpc-0a1b2c3d4e5f60718");
        pending.Str("vpcCidr").ShouldBe("10.10.0.0/16");
        pending.Str("vpcCidrs.0.vpcCidr").ShouldBe("10.10.0.0/16");
        pending.Str("regionName").ShouldBe("us-east-1");

        // The person accepts in AWS as long after the creation finished as the creation took.
        var early = await client.PutAsync($"{Peerings}/{peeringId}", new { vpcCidrs = new[] { "10.11.0.0/16" } });
        early.Status.ShouldBe(HttpStatusCode.Conflict);
        early.ErrorType.ShouldBe("VPC_PEERING_NOT_ACTIVE");
        var again = await client.GetAsync(Peerings);
        clock.Advance(TimeSpan.FromSeconds(3));
        (await client.GetAsync($"/tasks/{again.TaskId}")).Json.Str("response.resource.peerings.0.status").ShouldBe("active");
    }

    [Fact]
    public async Task Update_replaces_the_cidrs_once_active_and_delete_removes_the_peering()
    {
        // Tasks of 3 steps of 2 s: the delete sent right after the update must find it still running, however slow the
        // machine (with the usual 20 ms steps, a loaded machine let the update finish first); the polling of such long
        // tasks is not what this test counts, so the rate limit is off.
        await using var sandbox = await TestSandbox.StartAsync(o => { o.TaskStepDelay = TimeSpan.FromSeconds(2); o.RateLimitPerMinute = 0; });
        var client = sandbox.Client;
        var peeringId = (await Finished(client, await client.PostAsync(Peerings, AwsPeering()))).Int("response.resourceId");
        await WaitUntilActive(client, Peerings, "peerings", "vpcPeeringId", peeringId);

        var update = await client.PutAsync($"{Peerings}/{peeringId}", new { vpcCidrs = new[] { "10.10.0.0/16", "10.12.0.0/16" } });
        var during = await client.DeleteAsync($"{Peerings}/{peeringId}");
        update.Status.ShouldBe(HttpStatusCode.Accepted);
        during.Status.ShouldBe(HttpStatusCode.Conflict);
        await Finished(client, update);
        var peering = (await Resource(client, Peerings)).At("peerings.0");
        peering.Items("vpcCidrs").Select(c => c.Str("vpcCidr")).ShouldBe(["10.10.0.0/16", "10.12.0.0/16"]);

        var delete = await client.DeleteAsync($"{Peerings}/{peeringId}");
        delete.Status.ShouldBe(HttpStatusCode.Accepted);
        delete.Json.Str("commandType").ShouldBe("vpcPeeringDeleteRequest");
        await Finished(client, delete);
        (await Resource(client, Peerings)).Items("peerings").ShouldBeEmpty();
        (await client.DeleteAsync($"{Peerings}/{peeringId}")).ErrorType.ShouldBe("VPC_PEERING_NOT_FOUND");
    }

    [Theory]
    [InlineData("""{"region":"us-east-1","vpcId":"vpc-0a1b2c3d","vpcCidrs":["10.10.0.0/16"]}""", 400, "BAD_REQUEST")]
    [InlineData("""{"region":"us-east-1","awsAccountId":"12345","vpcId":"vpc-0a1b2c3d","vpcCidrs":["10.10.0.0/16"]}""", 400, "VPC_PEERING_INVALID_ACCOUNT")]
    [InlineData("""{"region":"us-east-1","awsAccountId":"123456789012","vpcId":"vpc-0a1b2c3d","vpcCidrs":["10.10.0.300/16"]}""", 400, "VPC_PEERING_INVALID_CIDR")]
    [InlineData("""{"region":"us-east-1","awsAccountId":"123456789012","vpcId":"vpc-0a1b2c3d"}""", 400, "VPC_PEERING_CIDR_IS_MISSING")]
    [InlineData("""{"region":"us-east-1","awsAccountId":"123456789012","vpcId":"vpc-0a1b2c3d","vpcCidr":"10.1.0.0/16","vpcCidrs":["10.2.0.0/16"]}""", 422, "VPC_PEERING_TOO_MANY_CIDR_SPECIFICATIONS")]
    [InlineData("""{"region":"us-east-1","awsAccountId":"123456789012","vpcId":"vpc-0a1b2c3d","vpcCidrs":["192.168.0.128/25"]}""", 422, "VPC_PEERING_CIDR_OVERLAP")]
    [InlineData("""{"provider":"GCP","vpcProjectUid":"my-project"}""", 400, "BAD_REQUEST")]
    [InlineData("""{"provider":"Azure","region":"us-east-1"}""", 400, "BAD_REQUEST")]
    public async Task Create_validates_the_body_as_the_spec_and_service_say(string body, int status, string code)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.PostAsync(Peerings, body);

        ((int)response.Status).ShouldBe(status, response.Json.ToString());
        response.ErrorType.ShouldBe(code);
        (await Resource(sandbox.Client, Peerings)).Items("peerings").ShouldBeEmpty();
    }

    [Fact]
    public async Task Unknown_ids_are_404_and_a_second_peering_to_the_same_vpc_is_409()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        (await client.GetAsync("/subscriptions/999/peerings")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostAsync("/subscriptions/999/peerings", AwsPeering())).ErrorType.ShouldBe("SUBSCRIPTION_NOT_FOUND");
        var unknown = await client.PutAsync($"{Peerings}/123", new { vpcCidrs = new[] { "10.1.0.0/16" } });
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
        unknown.ErrorType.ShouldBe("VPC_PEERING_NOT_FOUND");
        (await client.DeleteAsync($"{ActiveActivePeerings}/123")).ErrorType.ShouldBe("ACTIVE_ACTIVE_VPC_PEERING_NOT_FOUND");

        await Finished(client, await client.PostAsync(Peerings, AwsPeering()));
        var duplicate = await client.PostAsync(Peerings, AwsPeering(cidrs: "10.30.0.0/16"));
        duplicate.Status.ShouldBe(HttpStatusCode.Conflict);
        duplicate.ErrorType.ShouldBe("VPC_PEERING_ALREADY_EXIST");
    }

    [Fact]
    public async Task The_other_deployment_types_path_is_accepted_and_its_task_fails_with_the_api_code()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;

        var standardOnActiveActive = await client.PostAsync("/subscriptions/100002/peerings", AwsPeering());
        var activeActiveOnStandard = await client.GetAsync("/subscriptions/100001/regions/peerings");
        var readOnActiveActive = await client.GetAsync("/subscriptions/100002/peerings");
        var gatewaysOnActiveActive = await client.GetAsync("/subscriptions/100002/transitGateways");

        standardOnActiveActive.Status.ShouldBe(HttpStatusCode.Accepted);
        (await Finished(client, standardOnActiveActive, "processing-error")).Str("response.error")
            .ShouldBe("CREATING_A_SINGLE_REGION_VPC_PEERING_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION");
        activeActiveOnStandard.Status.ShouldBe(HttpStatusCode.OK);
        (await Finished(client, activeActiveOnStandard, "processing-error")).Str("response.error")
            .ShouldBe("GETTING_ACTIVE_ACTIVE_SUBSCRIPTION_VPC_PEERINGS_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION");
        (await Finished(client, readOnActiveActive, "processing-error")).Str("response.error")
            .ShouldBe("GETTING_SINGLE_REGION_VPC_PEERINGS_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION");
        (await Finished(client, gatewaysOnActiveActive, "processing-error")).Str("response.error")
            .ShouldBe("TGW_GETTING_SINGLE_REGION_TGWS_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION");
    }

    [Fact]
    public async Task Gcp_peerings_need_a_gcp_subscription_and_transit_gateways_are_aws_only()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;
        var gcpPeering = new { provider = "GCP", vpcProjectUid = "my-gcp-project", vpcNetworkName = "default" };

        var onAws = await client.PostAsync(Peerings, gcpPeering);
        (await Finished(client, onAws, "processing-error")).Str("response.error").ShouldBe("VPC_PEERING_BELONGS_TO_DIFFERENT_CLOUD_PROVIDER");

        var subscription = await client.RunTaskAsync(HttpMethod.Post, "/subscriptions", new
        {
            name = "gcp-sub",
            paymentMethodId = 1234,
            cloudProviders = new[] { new { provider = "GCP", regions = new[] { new { region = "us-central1" } } } },
            databases = new[] { new { name = "gcp-db", protocol = "redis", datasetSizeInGb = 1 } },
        });
        var gcp = $"/subscriptions/{subscription.Int("response.resourceId")}";
        var peeringId = (await Finished(client, await client.PostAsync(gcp + "/peerings", gcpPeering))).Int("response.resourceId");

        var peering = (await Resource(client, gcp + "/peerings")).At("peerings.0");
        peering.Int("vpcPeeringId").ShouldBe(peeringId);
        peering.Str("projectUid").ShouldBe("my-gcp-project");
        peering.Str("networkName").ShouldBe("default");
        peering.Str("redisProjectUid").ShouldNotBeNullOrEmpty();
        peering.Str("redisNetworkName").ShouldNotBeNullOrEmpty();
        peering.Has("vpcCidrs").ShouldBeFalse();
        await WaitUntilActive(client, gcp + "/peerings", "peerings", "vpcPeeringId", peeringId);
        (await client.PutAsync($"{gcp}/peerings/{peeringId}", new { vpcCidrs = new[] { "10.1.0.0/16" } })).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);

        (await Finished(client, await client.GetAsync(gcp + "/transitGateways"), "processing-error")).Str("response.error").ShouldBe("TGW_CLOUD_PROVIDER_IS_NOT_SUPPORTED");
    }

    [Fact]
    public async Task Active_active_peerings_are_made_and_listed_per_region()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client;
        var body = new { sourceRegion = "eu-west-1", destinationRegion = "eu-west-1", awsAccountId = "123456789012", vpcId = "vpc-0a1b2c3d", vpcCidrs = new[] { "10.40.0.0/16" } };

        var created = await client.PostAsync(ActiveActivePeerings, body);
        created.Status.ShouldBe(HttpStatusCode.OK);
        created.Json.Str("commandType").ShouldBe("activeActiveVpcPeeringCreateRequest");
        var peeringId = (await Finished(client, created)).Int("response.resourceId");
        var list = await Resource(client, ActiveActivePeerings);
        list.Int("subscriptionId").ShouldBe(100002);
        var regions = list.Items("regions");
        regions.Select(r => r.Str("region")).ShouldBe(["us-east-1", "eu-west-1"]);
        regions[0].Items("vpcPeerings").ShouldBeEmpty();
        var peering = regions[1].Items("vpcPeerings").ShouldHaveSingleItem();
        peering.Int("id").ShouldBe(peeringId);
        peering.Int("regionId").ShouldBe(regions[1].Int("id"));
        peering.Str("sourceRegion").ShouldBe("eu-west-1");
        peering.Str("destinationRegion").ShouldBe("eu-west-1");

        var badRegion = await client.PostAsync(ActiveActivePeerings, new { sourceRegion = "ap-south-1", destinationRegion = "eu-west-1", awsAccountId = "123456789012", vpcId = "vpc-0a1b2c3e", vpcCidrs = new[] { "10.41.0.0/16" } });
        badRegion.ErrorType.ShouldBe("ACTIVE_ACTIVE_VPC_PEERING_INVALID_SOURCE_REGION_NAME");
        var overlap = await client.PostAsync(ActiveActivePeerings, new { sourceRegion = "us-east-1", destinationRegion = "us-east-1", awsAccountId = "123456789012", vpcId = "vpc-0a1b2c3e", vpcCidrs = new[] { "10.0.0.0/16" } });
        overlap.ErrorType.ShouldBe("VPC_PEERING_CIDR_OVERLAP");

        await WaitUntilActive(client, ActiveActivePeerings, null, "id", peeringId);
        var update = await client.PutAsync($"{ActiveActivePeerings}/{peeringId}", new { vpcCidr = "10.42.0.0/16" });
        update.Status.ShouldBe(HttpStatusCode.OK);
        await Finished(client, update);
        (await Resource(client, ActiveActivePeerings)).Str("regions.1.vpcPeerings.0.vpcCidr").ShouldBe("10.42.0.0/16");
        await Finished(client, await client.DeleteAsync($"{ActiveActivePeerings}/{peeringId}"));
        (await Resource(client, ActiveActivePeerings)).Items("regions").SelectMany(r => r.Items("vpcPeerings")).ShouldBeEmpty();
    }

    /// <summary>Reads the peerings until the given one is active (the sandbox accepts it on the person's behalf).</summary>
    private static Task WaitUntilActive(ApiClient client, string path, string? list, string idField, int peeringId) =>
        Eventually.Until(async () =>
        {
            var resource = await Resource(client, path);
            var peerings = list is null ? resource.Items("regions").SelectMany(r => r.Items("vpcPeerings")) : resource.Items(list);
            return peerings.Single(p => p.Int(idField) == peeringId).Str("status") == "active";
        });
}
