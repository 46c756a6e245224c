using System.Net;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

public sealed class SubscriptionTests
{
    [Fact]
    public async Task Dry_run_returns_a_completed_task_with_pricing_and_creates_nothing()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.PostAsync("/subscriptions", Sample.Subscription(dryRun: true, sizeInGb: 30));

        response.Status.ShouldBe(HttpStatusCode.Accepted);
        response.Json.Str("status").ShouldBe("processing-completed");
        var pricing = response.Json.Items("response.resource.pricing").ShouldHaveSingleItem();
        pricing.Str("type").ShouldBe("Shards");
        pricing.Int("quantity").ShouldBe(4); // 30 GB needs 2 shards, doubled by replication
        pricing.Num("pricePerUnit").ShouldBe(0.124);
        pricing.Str("region").ShouldBe("us-east-1");
        var subscriptions = await sandbox.Client.GetAsync("/subscriptions");
        subscriptions.Json.Items("subscriptions").Length.ShouldBe(2);
    }

    [Fact]
    public async Task Create_runs_a_task_from_received_to_completed_and_then_activates_the_subscription()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        var client = sandbox.Client;

        var created = await client.PostAsync("/subscriptions", Sample.Subscription());
        created.Status.ShouldBe(HttpStatusCode.Accepted);
        created.Json.Str("status").ShouldBe("received");
        created.Json.Str("commandType").ShouldBe("subscriptionCreateRequest");
        created.Json.Str("links.0.href").ShouldBe($"{sandbox.Server.BaseUrl}/tasks/{created.TaskId}");
        (await client.GetAsync("/subscriptions/100003")).Json.Str("status").ShouldBe("pending");
        (await client.GetAsync("/subscriptions/100003/databases/5000003")).Json.Str("status").ShouldBe("pending");

        clock.Advance(TimeSpan.FromSeconds(1));
        var inProgress = await client.GetAsync($"/tasks/{created.TaskId}");
        inProgress.Json.Str("status").ShouldBe("processing-in-progress");
        inProgress.Json.Has("response").ShouldBeFalse();

        clock.Advance(TimeSpan.FromSeconds(2));
        var completed = await client.GetAsync($"/tasks/{created.TaskId}");
        completed.Json.Str("status").ShouldBe("processing-completed");
        completed.Json.Int("response.resourceId").ShouldBe(100003);
        completed.Json.Int("response.resource.databases.0.databaseId").ShouldBe(5000003);
        (await client.GetAsync("/subscriptions/100003")).Json.Str("status").ShouldBe("active");
        (await client.GetAsync("/subscriptions/100003/databases/5000003")).Json.Str("status").ShouldBe("active");
    }

    [Theory]
    [InlineData("""{"databases":[{"name":"a","protocol":"redis"}]}""", 400, "cloudProviders")]
    [InlineData("""{"cloudProviders":[{"regions":[]}],"databases":[{"name":"a","protocol":"redis"}]}""", 400, "regions")]
    [InlineData("""{"cloudProviders":[{"regions":[{"region":"mars-1"}]}],"databases":[{"name":"a","protocol":"redis"}]}""", 400, "region")]
    [InlineData("""{"cloudProviders":[{"regions":[{"region":"us-east-1"}]}],"databases":[]}""", 400, "databases")]
    [InlineData("""{"cloudProviders":[{"regions":[{"region":"us-east-1"}]}],"databases":[{"name":"a"}]}""", 400, "databases[0].protocol")]
    [InlineData("""{"cloudProviders":[{"regions":[{"region":"us-east-1"}]}],"databases":[{"name":"9lives","protocol":"redis"}]}""", 400, "databases[0].name")]
    [InlineData("""{"cloudProviders":[{"regions":[{"region":"us-east-1"}]}],"databases":[{"name":"a","protocol":"redis","datasetSizeInGb":1,"memoryLimitInGb":2}]}""", 422, "datasetSizeInGb")]
    [InlineData("""{"deploymentType":"active-active","cloudProviders":[{"regions":[{"region":"us-east-1"}]}],"databases":[{"name":"a","protocol":"redis"}]}""", 422, "two regions")]
    [InlineData("""{"cloudProviders":[{"regions":[{"region":"us-east-1"},{"region":"eu-west-1"}]}],"databases":[{"name":"a","protocol":"redis"}]}""", 422, "exactly one region")]
    public async Task Create_rejects_invalid_requests_naming_the_problem(string body, int status, string mentioned)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.PostAsync("/subscriptions", body);

        ((int)response.Status).ShouldBe(status);
        response.ErrorDescription.ShouldContain(mentioned);
        (await sandbox.Client.GetAsync("/subscriptions")).Json.Items("subscriptions").Length.ShouldBe(2);
    }

    [Fact]
    public async Task Create_with_a_taken_name_is_a_conflict()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.PostAsync("/subscriptions", Sample.Subscription(name: "sandbox-pro"));

        response.Status.ShouldBe(HttpStatusCode.Conflict);
        response.ErrorType.ShouldBe("CONFLICT_ERROR");
    }

    [Fact]
    public async Task Update_is_applied_when_its_task_completes()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);

        var update = await sandbox.Client.PutAsync(Sample.ProSubscription, new { name = "renamed", publicEndpointAccess = false });
        var before = await sandbox.Client.GetAsync(Sample.ProSubscription);
        clock.Advance(TimeSpan.FromSeconds(3));
        var after = await sandbox.Client.GetAsync(Sample.ProSubscription);

        update.Status.ShouldBe(HttpStatusCode.OK);
        update.Json.Str("commandType").ShouldBe("subscriptionUpdateRequest");
        before.Json.Str("name").ShouldBe("sandbox-pro");
        after.Json.Str("name").ShouldBe("renamed");
        after.Json.At("publicEndpointAccess").GetBoolean().ShouldBeFalse();
        (await sandbox.Client.PutAsync("/subscriptions/999", new { name = "x" })).ErrorType.ShouldBe("SUBSCRIPTION_NOT_FOUND");
    }

    private const string KeyArn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    /// <summary>The spec's update body is a oneOf: the customer-managed-key form sets the keys and the grace period of a
    /// subscription created with customer-managed-key encryption.</summary>
    [Fact]
    public async Task The_customer_managed_key_form_of_an_update_sets_the_keys_and_grace_period()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        var client = sandbox.Client;
        var created = await client.PostAsync("/subscriptions", """
            {"name":"cmk","paymentMethodId":1234,"persistentStorageEncryptionType":"customer-managed-key",
             "cloudProviders":[{"provider":"AWS","regions":[{"region":"us-east-1"}]}],"databases":[{"name":"a","protocol":"redis"}]}
            """);
        clock.Advance(TimeSpan.FromSeconds(3));
        var id = (await client.GetAsync($"/tasks/{created.TaskId}")).Json.Int("response.resourceId");

        var update = await client.PutAsync($"/subscriptions/{id}", $$"""{"customerManagedKeys":[{"resourceName":"{{KeyArn}}"}],"deletionGracePeriod":"24-hours"}""");
        clock.Advance(TimeSpan.FromSeconds(3));
        var view = (await client.GetAsync($"/subscriptions/{id}")).Json;

        created.Status.ShouldBe(HttpStatusCode.Accepted);
        update.Status.ShouldBe(HttpStatusCode.OK);
        update.Json.Str("commandType").ShouldBe("subscriptionUpdateRequest");
        (await client.GetAsync($"/tasks/{update.TaskId}")).Json.Str("status").ShouldBe("processing-completed");
        view.Str("persistentStorageEncryptionType").ShouldBe("customer-managed-key");
        view.Str("deletionGracePeriod").ShouldBe("24-hours");
        view.Str("customerManagedKeyAccessDetails.redisIamRole").ShouldStartWith("arn:aws:iam::");
    }

    [Theory]
    [InlineData("/subscriptions/100001", """{"customerManagedKeys":[{"resourceName":"k"}]}""", "cloud-provider-managed keys")]
    [InlineData("/subscriptions/100001", """{"name":"x","customerManagedKeys":[{"resourceName":"k"}]}""", "not both")]
    [InlineData("/subscriptions/100001", """{"customerManagedKeys":[]}""", "customerManagedKeys")]
    [InlineData("/subscriptions/100001", """{"customerManagedKeys":[{"region":"us-east-1"}]}""", "customerManagedKeys[0].resourceName")]
    [InlineData("/subscriptions/100001", """{"customerManagedKeys":[{"resourceName":"k"}],"deletionGracePeriod":"2-days"}""", "deletionGracePeriod")]
    public async Task The_customer_managed_key_form_is_refused_where_it_does_not_apply(string path, string body, string mentioned)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.PutAsync(path, body);

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.ErrorDescription.ShouldContain(mentioned);
        (await sandbox.Client.GetAsync(path)).Json.Str("name").ShouldBe("sandbox-pro");
    }

    [Fact]
    public async Task Delete_needs_the_databases_gone_first_and_then_removes_the_subscription()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        var client = sandbox.Client;

        var refused = await client.DeleteAsync(Sample.ProSubscription);
        refused.Status.ShouldBe(HttpStatusCode.Conflict);
        refused.ErrorType.ShouldBe("CONFLICT_ERROR");
        refused.ErrorDescription.ShouldContain("1 database");

        var databaseDeletion = await client.DeleteAsync(Sample.ProDatabase);
        databaseDeletion.Json.Str("commandType").ShouldBe("dbDeleteRequest");
        (await client.GetAsync(Sample.ProDatabase)).Json.Str("status").ShouldBe("deleting");
        (await client.DeleteAsync(Sample.ProSubscription)).Status.ShouldBe(HttpStatusCode.Conflict);
        clock.Advance(TimeSpan.FromSeconds(3));
        (await client.GetAsync(Sample.ProDatabase)).ErrorType.ShouldBe("DATABASE_NOT_FOUND");

        var deletion = await client.DeleteAsync(Sample.ProSubscription);
        deletion.Status.ShouldBe(HttpStatusCode.OK);
        deletion.Json.Str("commandType").ShouldBe("subscriptionDeleteRequest");
        (await client.GetAsync(Sample.ProSubscription)).Json.Str("status").ShouldBe("deleting");
        clock.Advance(TimeSpan.FromSeconds(3));

        (await client.GetAsync($"/tasks/{deletion.TaskId}")).Json.Int("response.resourceId").ShouldBe(100001);
        var gone = await client.GetAsync(Sample.ProSubscription);
        gone.Status.ShouldBe(HttpStatusCode.NotFound);
        gone.ErrorType.ShouldBe("SUBSCRIPTION_NOT_FOUND");
    }
}
