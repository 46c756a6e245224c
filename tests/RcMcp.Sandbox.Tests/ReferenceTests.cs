using System.Globalization;
using System.Net;
using System.Text.Json;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

/// <summary>Reference data routes: payment methods, regions, modules, persistence, scaling factors.</summary>
public sealed class ReferenceTests
{
    [Fact]
    public async Task Payment_methods_list_the_card_subscriptions_use_by_default()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.GetAsync("/payment-methods");

        response.Status.ShouldBe(HttpStatusCode.OK);
        response.Json.Int("accountId").ShouldBe(1001);
        var method = response.Json.Items("paymentMethods").ShouldHaveSingleItem();
        method.Int("id").ShouldBe(1234);
        method.Str("type").ShouldBe("Visa");
        method.Int("expirationYear").ShouldBeGreaterThan(2025);
        (await sandbox.Client.GetAsync("/subscriptions/100001")).Json.Int("paymentMethodId").ShouldBe(method.Int("id"));
    }

    [Fact]
    public async Task Regions_list_both_providers_with_the_services_ids_and_filter_by_provider()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var all = (await sandbox.Client.GetAsync("/regions")).Json.Items("regions");
        var aws = await sandbox.Client.GetAsync("/regions?provider=AWS");
        var gcp = await sandbox.Client.GetAsync("/regions?provider=GCP");

        all.Select(r => r.Str("provider")).Distinct().ShouldBe(["AWS", "GCP"]);
        all.Single(r => r.Str("name") == "us-east-1").Int("id").ShouldBe(1);
        all.Single(r => r.Str("name") == "europe-west1").Int("id").ShouldBe(35);
        all.Select(r => r.Int("id")).ShouldBeUnique();
        aws.Status.ShouldBe(HttpStatusCode.OK);
        aws.Json.Items("regions").ShouldAllBe(r => r.Str("provider") == "AWS");
        gcp.Json.Items("regions").ShouldAllBe(r => r.Str("provider") == "GCP");
        (aws.Json.Items("regions").Length + gcp.Json.Items("regions").Length).ShouldBe(all.Length);
    }

    [Fact]
    public async Task Every_listed_region_is_one_a_subscription_can_be_created_in()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var regions = (await sandbox.Client.GetAsync("/regions")).Json.Items("regions");

        foreach (var region in regions)
        {
            var body = new
            {
                name = "probe-" + region.Str("name"),
                dryRun = true,
                cloudProviders = new[] { new { provider = region.Str("provider"), regions = new[] { new { region = region.Str("name") } } } },
                databases = new[] { new { name = "db", protocol = "redis", datasetSizeInGb = 1 } },
            };
            var task = await sandbox.Client.RunTaskAsync(HttpMethod.Post, "/subscriptions", body);
            task.Str("status").ShouldBe("processing-completed", region.ToString());
        }
    }

    [Fact]
    public async Task Unknown_provider_is_a_400()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.GetAsync("/regions?provider=Azure");

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.ErrorDescription.ShouldContain("provider");
    }

    [Fact]
    public async Task Modules_are_the_ones_databases_accept_with_their_capabilities_and_parameters()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var modules = (await sandbox.Client.GetAsync("/database-modules")).Json.Items("modules");

        modules.Select(m => m.Str("name")).ShouldBe(["RediSearch", "RedisBloom", "RedisJSON", "RedisTimeSeries"], ignoreOrder: true);
        modules.ShouldAllBe(m => m.Str("capabilityName").Length > 0 && m.Str("description").Length > 10 && m.At("parameters").ValueKind == JsonValueKind.Array);
        var search = modules.Single(m => m.Str("name") == "RediSearch");
        search.Str("capabilityName").ShouldBe("Search and query");
        search.Str("parameters.0.name").ShouldBe("number-of-documents");
        search.Str("parameters.0.type").ShouldBe("integer");
        foreach (var module in modules)
        {
            var created = await sandbox.Client.PostAsync("/subscriptions/100001/databases",
                new { name = "m-" + module.Str("name").ToLowerInvariant(), dryRun = true, modules = new[] { new { name = module.Str("name") } } });
            created.Status.ShouldBe(HttpStatusCode.Accepted, module.Str("name"));
        }
    }

    [Fact]
    public async Task Persistence_options_are_the_values_a_database_accepts()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var options = (await sandbox.Client.GetAsync("/data-persistence")).Json.Items("dataPersistence");

        options.Select(o => o.Str("name")).ShouldBe(
            ["none", "aof-every-1-second", "aof-every-write", "snapshot-every-1-hour", "snapshot-every-6-hours", "snapshot-every-12-hours"]);
        options.ShouldAllBe(o => o.Str("description").Length > 0);
        foreach (var option in options)
        {
            var update = await sandbox.Client.PutAsync(Sample.ProDatabase, new { dryRun = true, dataPersistence = option.Str("name") });
            update.Status.ShouldBe(HttpStatusCode.Accepted, option.Str("name"));
        }
    }

    [Fact]
    public async Task Scaling_factors_are_listed_from_2x_to_16x()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.GetAsync("/query-performance-factors");

        response.Status.ShouldBe(HttpStatusCode.OK);
        response.Json.Items("queryPerformanceFactors").Select(f => f.GetString()).ShouldBe(["2x", "4x", "6x", "8x", "10x", "12x", "14x", "16x"]);
    }
}
