using System.Net;
using System.Text.Json;
using RcMcp.Sandbox.Tests.Infrastructure;
using static RcMcp.Sandbox.Tests.ConnectivitySteps;

namespace RcMcp.Sandbox.Tests;

/// <summary>AWS PrivateLink routes, standard and Active-Active, on a manual clock.</summary>
public sealed class PrivateLinkTests
{
    // Seeded: single-region AWS subscription 100001 (region 1) and Active-Active AWS subscription 100002 (regions 2 and 3).
    private const string ProLink = "/subscriptions/100001/private-link";

    private const string RegionLink = "/subscriptions/100002/regions/2/private-link";

    private static object CreateLink(string principal = "123456789012", string shareName = "orders-share") =>
        new { shareName, principal, type = "aws_account", alias = "Production" };

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
}
