using System.Net.Http.Json;
using System.Text.Json;
using RcMcp.Sandbox;
using static RcMcp.IntegrationTests.ConnectivityStorySteps;

namespace RcMcp.IntegrationTests;

/// <summary>GCP Private Service Connect through the real server and MCP client on a test sandbox: service, endpoints, scripts, confirmed deletes.</summary>
public class PrivateServiceConnectStoryTests
{
    [Fact]
    public async Task PSC_on_Active_Active_service_endpoint_script_and_deletes_confirmed_by_token()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var subscriptionId = await GcpActiveActiveSubscriptionAsync(sandbox);
        // Region ids are numbered per account: the seeded subscriptions hold 1 to 3, this one 4 and 5.
        const int regionId = 4;
        // A client without elicitation: destructive calls come back with a confirmation token.
        await using var server = await sandbox.StartServerAsync([.. Toolsets, "--allow-agent-confirmation"]);
        var psc = $"/v1/subscriptions/{subscriptionId}/regions/{regionId}/private-service-connect";
        var baseline = sandbox.Mutations.Count;

        // 1. A PSC service in the region.
        var created = (await server.CallAsync("create_active_active_psc_service", new { subscriptionId, regionId, waitForCompletion = true })).Ok();
        var pscServiceId = created.GetProperty("resourceId").GetInt32();
        var service = (await server.CallAsync("get_active_active_psc_service", new { subscriptionId, regionId })).Ok();
        service.GetProperty("id").GetInt32().ShouldBe(pscServiceId);
        service.GetProperty("status").GetString().ShouldBe("active");
        var attachment = service.GetProperty("serviceAttachmentName").GetString()!;
        var host = service.GetProperty("connectionHostName").GetString()!;

        // 2. An endpoint for the consumer VPC: the body is exactly the four fields.
        var endpoint = new { gcpProjectId = "shop-prod-1", gcpVpcName = "shop-vpc", gcpVpcSubnetName = "shop-subnet", endpointConnectionName = "shop-redis" };
        var made = (await server.CallAsync("create_active_active_psc_endpoint", new
        {
            subscriptionId, regionId, pscServiceId,
            endpoint.gcpProjectId, endpoint.gcpVpcName, endpoint.gcpVpcSubnetName, endpoint.endpointConnectionName,
            waitForCompletion = true,
        })).Ok();
        var endpointId = made.GetProperty("resourceId").GetInt32();
        var createEndpoint = Changes(sandbox, "/private-service-connect").Last();
        (createEndpoint.Method, createEndpoint.Path).ShouldBe(("POST", $"{psc}/{pscServiceId}"));
        JsonElement.DeepEquals(Body(createEndpoint), JsonSerializer.SerializeToElement(endpoint)).ShouldBeTrue(createEndpoint.Body);

        // 3. The creation script: gcloud text naming the service attachment, the project and the network, for Cloud Shell.
        var ids = new { subscriptionId, regionId, pscServiceId, endpointId };
        var script = (await server.CallAsync("get_active_active_psc_endpoint_creation_script", ids)).Ok();
        var bash = script.GetProperty("script").GetString()!;
        bash.ShouldContain($"--target-service-attachment={attachment}");
        bash.ShouldContain("PROJECT_ID=\"shop-prod-1\"");
        bash.ShouldContain("VPC=\"shop-vpc\"");
        bash.ShouldContain(host);
        script.GetProperty("powershell").GetString()!.ShouldContain("gcloud compute forwarding-rules create shop-redis-1");
        script.GetProperty("where").GetString()!.ShouldContain("Google Cloud Shell");
        script.GetProperty("next").GetString()!.ShouldContain("list_active_active_psc_endpoints");
        var listed = (await server.CallAsync("list_active_active_psc_endpoints", new { subscriptionId, regionId, pscServiceId })).Ok();
        listed.GetProperty("endpoints")[0].GetProperty("id").GetInt32().ShouldBe(endpointId);

        // 4. Deleting the endpoint: the first call only previews and hands out a token; nothing is sent.
        var deleteArgs = new { subscriptionId, regionId, pscServiceId, endpointId, waitForCompletion = true };
        var preview = (await server.CallAsync("delete_active_active_psc_endpoint", deleteArgs)).Ok();
        preview.GetProperty("confirmationRequired").GetBoolean().ShouldBeTrue();
        var impact = preview.GetProperty("impact").GetString()!;
        impact.ShouldContain("shop-redis");
        impact.ShouldContain("VPC shop-vpc");
        impact.ShouldContain($"region {regionId} of subscription {subscriptionId}");
        Changes(sandbox, "/private-service-connect").Count(r => r.Method == "DELETE").ShouldBe(0);

        // The service cannot go first: the API refuses while the endpoint exists (after the person confirmed).
        var early = (await server.CallAsync("delete_active_active_psc_service", new { subscriptionId, regionId })).Ok();
        var earlyToken = early.GetProperty("confirmationToken").GetString()!;
        var refused = await server.CallAsync("delete_active_active_psc_service", new { subscriptionId, regionId, confirmationToken = earlyToken });
        refused.IsError.ShouldBe(true);
        refused.Text().ShouldContain("HTTP 409");
        refused.Text().ShouldContain("delete them first");

        var token = preview.GetProperty("confirmationToken").GetString()!;
        (await server.CallAsync("delete_active_active_psc_endpoint", new { subscriptionId, regionId, pscServiceId, endpointId, waitForCompletion = true, confirmationToken = token }))
            .Ok().GetProperty("done").GetBoolean().ShouldBeTrue();
        var deleteEndpoint = Changes(sandbox, "/private-service-connect").Where(r => r.Method == "DELETE" && r.ResponseStatus == 202).ShouldHaveSingleItem();
        deleteEndpoint.Path.ShouldBe($"{psc}/{pscServiceId}/endpoints/{endpointId}");
        // A token works once.
        var reused = await server.CallAsync("delete_active_active_psc_endpoint", new { subscriptionId, regionId, pscServiceId, endpointId, waitForCompletion = true, confirmationToken = token });
        reused.IsError.ShouldBe(true);
        Changes(sandbox, "/endpoints/").Count(r => r.Method == "DELETE").ShouldBe(1);

        // 5. Now the service: preview names what loses connectivity, then the confirmed call.
        var servicePreview = (await server.CallAsync("delete_active_active_psc_service", new { subscriptionId, regionId, waitForCompletion = true })).Ok();
        servicePreview.GetProperty("impact").GetString()!.ShouldContain(host);
        var serviceToken = servicePreview.GetProperty("confirmationToken").GetString()!;
        (await server.CallAsync("delete_active_active_psc_service", new { subscriptionId, regionId, waitForCompletion = true, confirmationToken = serviceToken }))
            .Ok().GetProperty("done").GetBoolean().ShouldBeTrue();
        var gone = await server.CallAsync("get_active_active_psc_service", new { subscriptionId, regionId });
        gone.IsError.ShouldBe(true);
        gone.Text().ShouldContain("PSC_SERVICE_NOT_FOUND");

        sandbox.Mutations.Skip(baseline).Select(r => $"{r.Method} {r.Path[psc.Length..]} {r.ResponseStatus}").ShouldBe([
            "POST  202",
            $"POST /{pscServiceId} 202",
            "DELETE  409",
            $"DELETE /{pscServiceId}/endpoints/{endpointId} 202",
            "DELETE  202",
        ]);
    }

    /// <summary>An active Active-Active subscription on Google Cloud, made through the sandbox's own API (setup, not the story).</summary>
    private static async Task<int> GcpActiveActiveSubscriptionAsync(TestSandbox sandbox)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("x-api-key", sandbox.Sandbox.Options.Accounts[0].ApiKey);
        http.DefaultRequestHeaders.Add("x-api-secret-key", sandbox.Sandbox.Options.Accounts[0].SecretKey);
        var baseUrl = sandbox.Sandbox.BaseUrl.ToString().TrimEnd('/');
        var started = await http.PostAsJsonAsync(baseUrl + "/subscriptions", new
        {
            name = "gcp-global",
            deploymentType = "active-active",
            paymentMethodId = 1234,
            cloudProviders = new[] { new { provider = "GCP", regions = new[] { new { region = "us-central1" }, new { region = "europe-west1" } } } },
            databases = new[] { new { name = "gcp-db", protocol = "redis", datasetSizeInGb = 1 } },
        });
        var taskId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetString();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var task = await http.GetFromJsonAsync<JsonElement>($"{baseUrl}/tasks/{taskId}");
            if (task.GetProperty("status").GetString() == "processing-completed") return task.GetProperty("response").GetProperty("resourceId").GetInt32();
            if (DateTime.UtcNow > deadline) throw new ShouldAssertException($"the GCP subscription was not created: {task}");
            await Task.Delay(50);
        }
    }
}
