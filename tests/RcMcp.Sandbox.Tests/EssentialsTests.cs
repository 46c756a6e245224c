using System.Net;
using RcMcp.Sandbox.State;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

/// <summary>The Essentials routes: plans, versions, subscriptions, databases and their operations.</summary>
public sealed class EssentialsTests
{
    private const int FreePlan = 34810;      // Free 30MB, AWS us-east-1
    private const int SmallPlan = 34858;     // Standard 250MB, AWS us-east-1, 5 USD
    private const int LargePlan = 34872;     // Multi-AZ 5GB, AWS us-east-1, every feature
    private const int EuropePlan = 34859;    // Standard 250MB, AWS eu-west-1

    // ---- Plans and versions ----

    [Fact]
    public async Task Plans_list_every_provider_with_prices_and_filter_by_provider_and_flex()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var all = (await sandbox.Client.GetAsync("/fixed/plans")).Json.Items("plans");
        var gcp = (await sandbox.Client.GetAsync("/fixed/plans?provider=GCP")).Json.Items("plans");
        var flex = (await sandbox.Client.GetAsync("/fixed/plans?redisFlex=true")).Json.Items("plans");
        var fixedOnly = (await sandbox.Client.GetAsync("/fixed/plans?provider=AWS&redisFlex=false")).Json.Items("plans");

        all.Select(p => p.Str("provider")).Distinct().ShouldBe(["AWS", "GCP", "AZURE"], ignoreOrder: true);
        all.ShouldContain(p => p.Int("price") == 0);
        all.ShouldContain(p => p.Int("price") > 0);
        all.ShouldAllBe(p => p.Str("priceCurrency") == "USD" && p.Str("pricePeriod") == "Month" && p.Int("maximumDatabases") == 1);
        gcp.ShouldNotBeEmpty();
        gcp.ShouldAllBe(p => p.Str("provider") == "GCP");
        flex.ShouldNotBeEmpty();
        flex.ShouldAllBe(p => p.At("redisFlex").GetBoolean());
        fixedOnly.ShouldAllBe(p => p.Str("provider") == "AWS" && !p.At("redisFlex").GetBoolean());
    }

    [Fact]
    public async Task A_plan_is_read_by_id_and_unknown_plans_or_providers_are_refused()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var plan = await sandbox.Client.GetAsync($"/fixed/plans/{SmallPlan}");
        var unknown = await sandbox.Client.GetAsync("/fixed/plans/1");
        var badProvider = await sandbox.Client.GetAsync("/fixed/plans?provider=IBM");
        var badFlag = await sandbox.Client.GetAsync("/fixed/plans?redisFlex=maybe");

        plan.Json.Str("name").ShouldBe("Standard 250MB");
        plan.Json.Num("size").ShouldBe(250);
        plan.Json.Str("sizeMeasurementUnit").ShouldBe("MB");
        plan.Json.Int("price").ShouldBe(5);
        plan.Json.At("supportInstantAndDailyBackups").GetBoolean().ShouldBeTrue();
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
        unknown.ErrorType.ShouldBe("PLAN_NOT_FOUND");
        badProvider.Status.ShouldBe(HttpStatusCode.BadRequest);
        badFlag.Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Plans_for_a_subscription_are_the_other_plans_of_its_cloud_and_region()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var subscriptionId = await CreateSubscriptionAsync(sandbox.Client, SmallPlan);

        var plans = (await sandbox.Client.GetAsync($"/fixed/plans/subscriptions/{subscriptionId}")).Json.Items("plans");
        var unknown = await sandbox.Client.GetAsync("/fixed/plans/subscriptions/999");

        plans.ShouldNotBeEmpty();
        plans.ShouldAllBe(p => p.Str("provider") == "AWS" && p.Str("region") == "us-east-1" && p.Int("id") != SmallPlan && !p.At("redisFlex").GetBoolean());
        plans.Select(p => p.Int("id")).ShouldContain(LargePlan);
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Redis_versions_need_an_existing_subscription()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var subscriptionId = await CreateSubscriptionAsync(sandbox.Client, FreePlan);

        var versions = await sandbox.Client.GetAsync($"/fixed/redis-versions?subscriptionId={subscriptionId}");
        var missing = await sandbox.Client.GetAsync("/fixed/redis-versions");
        var unknown = await sandbox.Client.GetAsync("/fixed/redis-versions?subscriptionId=999");

        var list = versions.Json.Items("redisVersions");
        list.Single(v => v.At("isDefault").GetBoolean()).Str("version").ShouldBe("7.4");
        list.ShouldContain(v => v.At("isPreview").GetBoolean());
        missing.Status.ShouldBe(HttpStatusCode.BadRequest);
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    // ---- Subscriptions ----

    [Fact]
    public async Task A_subscription_is_pending_until_its_task_completes_and_shows_its_plan()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);

        var created = await sandbox.Client.PostAsync("/fixed/subscriptions", new { name = "cache-tier", planId = SmallPlan });
        var during = (await sandbox.Client.GetAsync("/fixed/subscriptions/2000001")).Json;
        clock.Advance(TimeSpan.FromSeconds(3));
        var task = (await sandbox.Client.GetAsync($"/tasks/{created.TaskId}")).Json;
        var after = (await sandbox.Client.GetAsync("/fixed/subscriptions/2000001")).Json;
        var list = (await sandbox.Client.GetAsync("/fixed/subscriptions")).Json;

        created.Status.ShouldBe(HttpStatusCode.Accepted);
        created.Json.Str("commandType").ShouldBe("fixedSubscriptionCreateRequest");
        during.Str("status").ShouldBe("pending");
        task.Str("status").ShouldBe("processing-completed");
        task.Int("response.resourceId").ShouldBe(2000001);
        after.Str("status").ShouldBe("active");
        after.Int("planId").ShouldBe(SmallPlan);
        after.Str("planName").ShouldBe("Standard 250MB");
        after.Int("price").ShouldBe(5);
        after.Str("provider").ShouldBe("AWS");
        after.Int("paymentMethodId").ShouldBe(1234);
        list.Items("subscriptions").ShouldHaveSingleItem().Int("id").ShouldBe(2000001);
        // Essentials ids are their own range: the Pro subscriptions keep theirs.
        (await sandbox.Client.GetAsync("/subscriptions")).Json.Items("subscriptions").Select(s => s.Int("id")).ShouldBe([100001, 100002]);
    }

    [Theory]
    [InlineData("""{"planId":34858}""", 400, "BAD_REQUEST")]
    [InlineData("""{"name":"x"}""", 400, "BAD_REQUEST")]
    [InlineData("""{"name":"x","planId":1}""", 400, "INVALID_PLAN_ID")]
    [InlineData("""{"name":"x","planId":34858,"paymentMethod":"cash"}""", 400, "BAD_REQUEST")]
    [InlineData("""{"name":"x","planId":34858,"paymentMethod":"credit-card"}""", 400, "PAYMENT_METHOD_ID_REQUIRED")]
    [InlineData("""{"name":"x","planId":34858,"paymentMethodId":9}""", 400, "SUBSCRIPTION_PI_NOT_FOUND")]
    public async Task Create_refuses_invalid_requests(string body, int status, string code)
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.PostAsync("/fixed/subscriptions", body);

        ((int)response.Status).ShouldBe(status);
        response.ErrorType.ShouldBe(code);
        (await sandbox.Client.GetAsync("/fixed/subscriptions")).Json.Items("subscriptions").ShouldBeEmpty();
    }

    [Fact]
    public async Task Names_are_unique_and_an_account_holds_one_free_subscription()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await CreateSubscriptionAsync(sandbox.Client, FreePlan, "free-one");

        var sameName = await sandbox.Client.PostAsync("/fixed/subscriptions", new { name = "free-one", planId = SmallPlan });
        var secondFree = await sandbox.Client.PostAsync("/fixed/subscriptions", new { name = "free-two", planId = 34811 }); // Free 30MB, AWS eu-west-1

        sameName.Status.ShouldBe(HttpStatusCode.Conflict);
        secondFree.Status.ShouldBe(HttpStatusCode.Conflict);
        secondFree.ErrorType.ShouldBe("FREE_SUBSCRIPTION_LIMIT_REACHED");
    }

    [Fact]
    public async Task Update_renames_and_moves_to_a_compatible_plan_through_a_task()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var id = await CreateSubscriptionAsync(sandbox.Client, SmallPlan);

        var updated = await sandbox.Client.PutAsync($"/fixed/subscriptions/{id}", new { name = "bigger", planId = LargePlan });
        updated.Status.ShouldBe(HttpStatusCode.Accepted);
        (await sandbox.Client.WaitForTaskAsync(updated.TaskId)).Str("status").ShouldBe("processing-completed");
        var incompatible = await sandbox.Client.PutAsync($"/fixed/subscriptions/{id}", new { planId = EuropePlan });
        var unknown = await sandbox.Client.PutAsync("/fixed/subscriptions/999", new { name = "x" });

        var subscription = (await sandbox.Client.GetAsync($"/fixed/subscriptions/{id}")).Json;
        subscription.Str("name").ShouldBe("bigger");
        subscription.Int("planId").ShouldBe(LargePlan);
        subscription.Int("price").ShouldBe(100);
        incompatible.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        incompatible.ErrorType.ShouldBe("SUBSCRIPTION_PLAN_NOT_COMPATIBLE");
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_subscription_with_databases_cannot_be_deleted_and_an_empty_one_goes_through_a_task()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var id = await CreateSubscriptionAsync(sandbox.Client, SmallPlan);
        var databaseId = await CreateDatabaseAsync(sandbox.Client, id, new { name = "orders" });

        var refused = await sandbox.Client.DeleteAsync($"/fixed/subscriptions/{id}");
        await sandbox.Client.RunTaskAsync(HttpMethod.Delete, $"/fixed/subscriptions/{id}/databases/{databaseId}");
        var deleted = await sandbox.Client.DeleteAsync($"/fixed/subscriptions/{id}");
        var during = (await sandbox.Client.GetAsync($"/fixed/subscriptions/{id}")).Json.Str("status");
        await sandbox.Client.WaitForTaskAsync(deleted.TaskId);

        refused.Status.ShouldBe(HttpStatusCode.Conflict);
        refused.ErrorType.ShouldBe("SUBSCRIPTION_NOT_EMPTY");
        refused.ErrorDescription.ShouldContain("orders");
        deleted.Status.ShouldBe(HttpStatusCode.OK);
        deleted.Json.Str("commandType").ShouldBe("fixedSubscriptionDeleteRequest");
        during.ShouldBeOneOf("deleting", "active");
        (await sandbox.Client.GetAsync($"/fixed/subscriptions/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await sandbox.Client.DeleteAsync("/fixed/subscriptions/999")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    // ---- Databases ----

    [Fact]
    public async Task A_database_becomes_active_with_a_generated_password_that_lists_hide()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        var created = await sandbox.Client.PostAsync("/fixed/subscriptions", new { name = "shop", planId = LargePlan });
        clock.Advance(TimeSpan.FromSeconds(3));
        var subscriptionId = (await sandbox.Client.GetAsync($"/tasks/{created.TaskId}")).Json.Int("response.resourceId");

        var db = await sandbox.Client.PostAsync($"/fixed/subscriptions/{subscriptionId}/databases", new { name = "carts", dataPersistence = "aof-every-1-second" });
        var during = (await sandbox.Client.GetAsync($"/fixed/subscriptions/{subscriptionId}/databases/9000001")).Json;
        clock.Advance(TimeSpan.FromSeconds(3));
        var task = (await sandbox.Client.GetAsync($"/tasks/{db.TaskId}")).Json;
        var database = (await sandbox.Client.GetAsync($"/fixed/subscriptions/{subscriptionId}/databases/9000001")).Json;
        var list = (await sandbox.Client.GetAsync($"/fixed/subscriptions/{subscriptionId}/databases")).Json;

        db.Status.ShouldBe(HttpStatusCode.OK);
        db.Json.Str("commandType").ShouldBe("fixedDatabaseCreateRequest");
        during.Str("status").ShouldBe("pending");
        task.Int("response.resourceId").ShouldBe(9000001);
        task.Int("response.additionalResourceId").ShouldBe(subscriptionId);
        database.Str("status").ShouldBe("active");
        database.Str("protocol").ShouldBe("stack");
        database.Str("redisVersion").ShouldBe("7.4");
        database.Num("planMemoryLimit").ShouldBe(5);
        database.Str("memoryLimitMeasurementUnit").ShouldBe("GB");
        database.Str("dataPersistence").ShouldBe("aof-every-1-second");
        database.At("replication").GetBoolean().ShouldBeTrue();
        database.Str("security.password").ShouldMatch("^[A-Za-z0-9]{32}$");
        SandboxServer.KnownSecrets.ShouldContain(database.Str("security.password"));
        database.Str("publicEndpoint").ShouldContain($"c{subscriptionId}.us-east-1");
        var listed = list.At("subscription").Items("databases").ShouldHaveSingleItem();
        list.Int("subscription.numberOfDatabases").ShouldBe(1);
        listed.Int("databaseId").ShouldBe(9000001);
        listed.At("security").Has("password").ShouldBeFalse();
        // Pro databases keep their own ids.
        (await sandbox.Client.GetAsync("/subscriptions/100001/databases/5000001")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(SmallPlan, """{"name":"1st"}""", 400, "DATABASE_INVALID_NAME")]
    [InlineData(SmallPlan, """{"dataPersistence":"none"}""", 400, "BAD_REQUEST")]
    [InlineData(SmallPlan, """{"name":"db","dataEvictionPolicy":"sometimes"}""", 400, "BAD_REQUEST")]
    [InlineData(SmallPlan, """{"name":"db","sourceIps":["not-an-ip"]}""", 400, "DATABASE_INVALID_SOURCE_IP")]
    [InlineData(SmallPlan, """{"name":"db","redisVersion":"5.0"}""", 400, "DATABASE_REDIS_VERSION_INVALID_VALUE")]
    [InlineData(SmallPlan, """{"name":"db","replication":true}""", 422, "DATABASE_FEATURE_NOT_SUPPORTED_BY_PLAN")]
    [InlineData(SmallPlan, """{"name":"db","dataPersistence":"aof-every-write"}""", 422, "DATABASE_FEATURE_NOT_SUPPORTED_BY_PLAN")]
    [InlineData(FreePlan, """{"name":"db","periodicBackupPath":"s3://b/p"}""", 422, "DATABASE_FEATURE_NOT_SUPPORTED_BY_PLAN")]
    [InlineData(SmallPlan, """{"name":"db","datasetSizeInGb":1}""", 422, "DATABASE_FIELD_NOT_SUPPORTED_BY_PLAN")]
    [InlineData(SmallPlan, """{"name":"db","protocol":"redis"}""", 422, "DATABASE_PROTOCOL_NOT_SUPPORTED_BY_PLAN")]
    [InlineData(SmallPlan, """{"name":"db","sourceIps":["10.0.0.1/32","10.0.0.2/32","10.0.0.3/32","10.0.0.4/32","10.0.0.5/32"]}""", 422, "DATABASE_SOURCE_IP_LIMIT_EXCEEDED")]
    public async Task Create_refuses_malformed_settings_and_features_the_plan_lacks(int planId, string body, int status, string code)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var subscriptionId = await CreateSubscriptionAsync(sandbox.Client, planId);

        var response = await sandbox.Client.PostAsync($"/fixed/subscriptions/{subscriptionId}/databases", body);

        ((int)response.Status).ShouldBe(status);
        response.ErrorType.ShouldBe(code);
        (await sandbox.Client.GetAsync($"/fixed/subscriptions/{subscriptionId}/databases")).Json.Int("subscription.numberOfDatabases").ShouldBe(0);
    }

    [Fact]
    public async Task Create_needs_an_active_subscription_with_room_for_a_database()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        var pending = await sandbox.Client.PostAsync("/fixed/subscriptions", new { name = "slow", planId = SmallPlan });

        var whilePending = await sandbox.Client.PostAsync("/fixed/subscriptions/2000001/databases", new { name = "a" });
        clock.Advance(TimeSpan.FromSeconds(3));
        var first = await sandbox.Client.PostAsync("/fixed/subscriptions/2000001/databases", new { name = "a" });
        var second = await sandbox.Client.PostAsync("/fixed/subscriptions/2000001/databases", new { name = "b" });
        var unknown = await sandbox.Client.PostAsync("/fixed/subscriptions/999/databases", new { name = "a" });

        pending.Status.ShouldBe(HttpStatusCode.Accepted);
        whilePending.Status.ShouldBe(HttpStatusCode.Conflict);
        whilePending.ErrorType.ShouldBe("SUBSCRIPTION_NOT_ACTIVE");
        first.Status.ShouldBe(HttpStatusCode.OK);
        second.Status.ShouldBe(HttpStatusCode.Conflict);
        second.ErrorType.ShouldBe("DATABASE_LIMIT_REACHED");
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_is_pending_until_applied_and_refuses_a_second_change_meanwhile()
    {
        var clock = new ManualClock();
        await using var sandbox = await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock);
        var (subscriptionId, databaseId) = await ActiveDatabaseAsync(sandbox.Client, clock, LargePlan);
        var path = $"/fixed/subscriptions/{subscriptionId}/databases/{databaseId}";

        var update = await sandbox.Client.PutAsync(path, new { dataEvictionPolicy = "allkeys-lru", sourceIps = new[] { "10.1.0.0/16" }, password = "Essentials-Upd4te-Pass" });
        var during = (await sandbox.Client.GetAsync(path)).Json;
        var again = await sandbox.Client.PutAsync(path, new { name = "other" });
        clock.Advance(TimeSpan.FromSeconds(3));
        var after = (await sandbox.Client.GetAsync(path)).Json;
        var tooMany = await sandbox.Client.PutAsync(path, new { sourceIps = Enumerable.Range(1, 17).Select(i => $"10.0.0.{i}/32") });
        var unknown = await sandbox.Client.PutAsync($"/fixed/subscriptions/{subscriptionId}/databases/1", new { name = "x" });

        update.Status.ShouldBe(HttpStatusCode.OK);
        update.Json.Str("commandType").ShouldBe("fixedDatabaseUpdateRequest");
        during.Str("status").ShouldBe("pending");
        during.Str("dataEvictionPolicy").ShouldBe("volatile-lru");
        again.Status.ShouldBe(HttpStatusCode.Conflict);
        after.Str("status").ShouldBe("active");
        after.Str("dataEvictionPolicy").ShouldBe("allkeys-lru");
        after.Items("security.sourceIps").Select(i => i.GetString()).ShouldBe(["10.1.0.0/16"]);
        after.Str("security.password").ShouldBe("Essentials-Upd4te-Pass");
        SandboxServer.KnownSecrets.ShouldContain("Essentials-Upd4te-Pass");
        tooMany.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_goes_through_a_task_and_unknown_databases_are_404()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var subscriptionId = await CreateSubscriptionAsync(sandbox.Client, SmallPlan);
        var databaseId = await CreateDatabaseAsync(sandbox.Client, subscriptionId, new { name = "gone" });
        var path = $"/fixed/subscriptions/{subscriptionId}/databases/{databaseId}";

        var deleted = await sandbox.Client.DeleteAsync(path);
        var twice = await sandbox.Client.DeleteAsync(path);
        await sandbox.Client.WaitForTaskAsync(deleted.TaskId);

        deleted.Status.ShouldBe(HttpStatusCode.OK);
        deleted.Json.Str("commandType").ShouldBe("fixedDatabaseDeleteRequest");
        twice.Status.ShouldBeOneOf(HttpStatusCode.Conflict, HttpStatusCode.NotFound);
        (await sandbox.Client.GetAsync(path)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await sandbox.Client.DeleteAsync(path)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await sandbox.Client.GetAsync($"/fixed/subscriptions/{subscriptionId}/databases/5000001")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    // ---- Tags ----

    [Fact]
    public async Task Tags_are_added_listed_changed_replaced_and_removed()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var subscriptionId = await CreateSubscriptionAsync(sandbox.Client, SmallPlan);
        var databaseId = await CreateDatabaseAsync(sandbox.Client, subscriptionId, new { name = "tagged" });
        var tags = $"/fixed/subscriptions/{subscriptionId}/databases/{databaseId}/tags";

        var created = await sandbox.Client.PostAsync(tags, new { key = "env", value = "dev" });
        await sandbox.Client.PostAsync(tags, new { key = "team", value = "web" });
        var duplicate = await sandbox.Client.PostAsync(tags, new { key = "env", value = "prod" });
        var badKey = await sandbox.Client.PostAsync(tags, new { key = "no spaces", value = "x" });
        var changed = await sandbox.Client.PutAsync($"{tags}/env", new { value = "prod" });
        var replaced = await sandbox.Client.PutAsync(tags, new { tags = new[] { new { key = "env", value = "prod" }, new { key = "cost", value = "42" } } });
        var dupes = await sandbox.Client.PutAsync(tags, new { tags = new[] { new { key = "a", value = "1" }, new { key = "a", value = "2" } } });
        var deleted = await sandbox.Client.DeleteAsync($"{tags}/cost");
        var missing = await sandbox.Client.DeleteAsync($"{tags}/cost");
        var missingUpdate = await sandbox.Client.PutAsync($"{tags}/nope", new { value = "x" });
        var list = (await sandbox.Client.GetAsync(tags)).Json;

        created.Status.ShouldBe(HttpStatusCode.OK);
        created.Json.Str("key").ShouldBe("env");
        created.Json.Has("createdAt").ShouldBeTrue();
        duplicate.Status.ShouldBe(HttpStatusCode.Conflict);
        badKey.Status.ShouldBe(HttpStatusCode.BadRequest);
        changed.Json.Str("value").ShouldBe("prod");
        replaced.Json.Items("tags").Select(t => t.Str("key")).ShouldBe(["env", "cost"]);
        replaced.Json.Items("tags")[0].Str("createdAt").ShouldBe(created.Json.Str("createdAt"));
        dupes.Status.ShouldBe(HttpStatusCode.BadRequest);
        deleted.Status.ShouldBe(HttpStatusCode.OK);
        missing.Status.ShouldBe(HttpStatusCode.NotFound);
        missing.ErrorType.ShouldBe("TAG_NOT_FOUND");
        missingUpdate.Status.ShouldBe(HttpStatusCode.NotFound);
        list.Items("tags").Select(t => $"{t.Str("key")}={t.Str("value")}").ShouldBe(["env=prod"]);
        (await sandbox.Client.GetAsync($"/fixed/subscriptions/{subscriptionId}/databases/1/tags")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    // ---- Backup and import ----

    [Fact]
    public async Task Backups_need_a_plan_that_has_them_and_a_location_and_record_their_status()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var freeSub = await CreateSubscriptionAsync(sandbox.Client, FreePlan, "free");
        var freeDb = await CreateDatabaseAsync(sandbox.Client, freeSub, new { name = "free-db" });
        var paidSub = await CreateSubscriptionAsync(sandbox.Client, SmallPlan, "paid");
        var paidDb = await CreateDatabaseAsync(sandbox.Client, paidSub, new { name = "paid-db" });
        var backup = $"/fixed/subscriptions/{paidSub}/databases/{paidDb}/backup";

        var before = await sandbox.Client.GetAsync(backup);
        var onFree = await sandbox.Client.PostAsync($"/fixed/subscriptions/{freeSub}/databases/{freeDb}/backup");
        var nowhere = await sandbox.Client.RunTaskAsync(HttpMethod.Post, backup, new { });
        var failedStatus = await sandbox.Client.GetAsync(backup);
        var adhoc = await sandbox.Client.RunTaskAsync(HttpMethod.Post, backup, new { adhocBackupPath = "s3://backups/paid" });
        var status = await sandbox.Client.GetAsync(backup);

        before.Json.Str("status").ShouldBe("processing-completed");
        before.Json.Str("response.resource.status").ShouldBe("none");
        onFree.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        onFree.ErrorType.ShouldBe("DATABASE_BACKUP_NOT_SUPPORTED_BY_PLAN");
        nowhere.Str("status").ShouldBe("processing-error");
        nowhere.Str("response.error").ShouldBe("DATABASE_BACKUP_DISABLED");
        failedStatus.Json.Str("response.resource.status").ShouldBe("failed");
        adhoc.Str("status").ShouldBe("processing-completed");
        status.Json.Str("commandType").ShouldBe("databaseBackupStatusRequest");
        status.Json.Str("response.resource.status").ShouldBe("success");
        status.Json.Str("response.resource.backupPath").ShouldBe("s3://backups/paid");
    }

    [Fact]
    public async Task Import_reads_the_same_schemes_as_a_Pro_import()
    {
        // The spec gives the Essentials and the Pro import the same body, so both read the same sources.
        await using var sandbox = await TestSandbox.StartAsync();
        var subscriptionId = await CreateSubscriptionAsync(sandbox.Client, SmallPlan);
        var databaseId = await CreateDatabaseAsync(sandbox.Client, subscriptionId, new { name = "schemes" });
        var import = $"/fixed/subscriptions/{subscriptionId}/databases/{databaseId}/import";

        var sftp = await sandbox.Client.RunTaskAsync(HttpMethod.Post, import, new { sourceType = "ftp", importFromUri = new[] { "sftp://files.example.com/dump.rdb" } });
        var azureHttps = await sandbox.Client.RunTaskAsync(HttpMethod.Post, import,
            new { sourceType = "azure-blob-storage", importFromUri = new[] { "https://acct.blob.core.windows.net/c/dump.rdb" } });
        var notAScheme = await sandbox.Client.PostAsync(import, new { sourceType = "google-blob-storage", importFromUri = new[] { "gsx://b/dump.rdb" } });

        sftp.Str("status").ShouldBe("processing-completed");
        azureHttps.Str("status").ShouldBe("processing-completed");
        notAScheme.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        notAScheme.ErrorType.ShouldBe("DATABASE_IMPORT_INVALID_SOURCE");
    }

    [Fact]
    public async Task Import_replaces_the_data_and_its_status_never_shows_a_source_password()
    {
        const string sourcePassword = "Src-Pa55word-import";
        await using var sandbox = await TestSandbox.StartAsync();
        var subscriptionId = await CreateSubscriptionAsync(sandbox.Client, SmallPlan);
        var databaseId = await CreateDatabaseAsync(sandbox.Client, subscriptionId, new { name = "target" });
        var import = $"/fixed/subscriptions/{subscriptionId}/databases/{databaseId}/import";

        var wrongScheme = await sandbox.Client.PostAsync(import, new { sourceType = "aws-s3", importFromUri = new[] { "https://example.com/dump.rdb" } });
        var noType = await sandbox.Client.PostAsync(import, new { importFromUri = new[] { "s3://b/dump.rdb" } });
        var noUri = await sandbox.Client.PostAsync(import, new { sourceType = "http", importFromUri = Array.Empty<string>() });
        var done = await sandbox.Client.RunTaskAsync(HttpMethod.Post, import,
            new { sourceType = "redis", importFromUri = new[] { $"redis://default:{sourcePassword}@source.example.com:12000" } });
        var status = await sandbox.Client.GetAsync(import);
        var database = (await sandbox.Client.GetAsync($"/fixed/subscriptions/{subscriptionId}/databases/{databaseId}")).Json;

        wrongScheme.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        wrongScheme.ErrorType.ShouldBe("DATABASE_IMPORT_INVALID_SOURCE");
        noType.Status.ShouldBe(HttpStatusCode.BadRequest);
        noUri.Status.ShouldBe(HttpStatusCode.BadRequest);
        done.Str("status").ShouldBe("processing-completed");
        done.Str("commandType").ShouldBe("databaseImportRequest");
        status.Json.Str("response.resource.status").ShouldBe("success");
        status.Json.Str("response.resource.source").ShouldBe("redis redis://source.example.com:12000");
        status.Json.ToString().ShouldNotContain(sourcePassword);
        SandboxServer.KnownSecrets.ShouldContain(sourcePassword);
        database.Num("memoryUsedInMb").ShouldBeGreaterThan(1);
    }

    // ---- Upgrade, slow log, traffic ----

    [Fact]
    public async Task Upgrade_offers_later_versions_and_changes_the_version_through_a_task()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var subscriptionId = await CreateSubscriptionAsync(sandbox.Client, SmallPlan);
        var databaseId = await CreateDatabaseAsync(sandbox.Client, subscriptionId, new { name = "old" });
        var path = $"/fixed/subscriptions/{subscriptionId}/databases/{databaseId}";

        var targets = (await sandbox.Client.GetAsync($"{path}/available-target-versions")).Json.Items("targets").Select(t => t.Str("redisVersion"));
        var noneYet = await sandbox.Client.GetAsync($"{path}/upgrade");
        var downgrade = await sandbox.Client.PostAsync($"{path}/upgrade", new { targetRedisVersion = "7.2" });
        var missing = await sandbox.Client.PostAsync($"{path}/upgrade", new { });
        var started = await sandbox.Client.PostAsync($"{path}/upgrade", new { targetRedisVersion = "8.0" });
        var during = (await sandbox.Client.GetAsync($"{path}/upgrade")).Json;
        await sandbox.Client.WaitForTaskAsync(started.TaskId);
        var after = (await sandbox.Client.GetAsync($"{path}/upgrade")).Json;
        var database = (await sandbox.Client.GetAsync(path)).Json;
        var left = (await sandbox.Client.GetAsync($"{path}/available-target-versions")).Json.Items("targets").Select(t => t.Str("redisVersion"));

        targets.ShouldBe(["8.0", "8.2"]);
        noneYet.Status.ShouldBe(HttpStatusCode.NotFound);
        downgrade.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        downgrade.ErrorDescription.ShouldContain("8.0, 8.2");
        missing.Status.ShouldBe(HttpStatusCode.BadRequest);
        started.Status.ShouldBe(HttpStatusCode.OK);
        during.Str("targetRedisVersion").ShouldBe("8.0");
        during.Str("upgradeStatus").ShouldBeOneOf("in-progress", "done");
        after.Str("upgradeStatus").ShouldBe("done");
        after.Num("progress").ShouldBe(100);
        database.Str("redisVersion").ShouldBe("8.0");
        database.Str("status").ShouldBe("active");
        left.ShouldBe(["8.2"]);
    }

    [Fact]
    public async Task The_slow_log_lists_entries_and_traffic_is_404_for_a_database_never_redirected()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var subscriptionId = await CreateSubscriptionAsync(sandbox.Client, SmallPlan);
        var databaseId = await CreateDatabaseAsync(sandbox.Client, subscriptionId, new { name = "busy" });
        var path = $"/fixed/subscriptions/{subscriptionId}/databases/{databaseId}";

        var slowLog = (await sandbox.Client.GetAsync($"{path}/slow-log")).Json.Items("entries");
        var traffic = await sandbox.Client.GetAsync($"{path}/traffic");
        var resume = await sandbox.Client.PostAsync($"{path}/traffic/resume");

        slowLog.ShouldNotBeEmpty();
        slowLog.ShouldAllBe(e => e.Int("duration") > 0 && e.Str("arguments").Length > 0 && e.Has("startTime"));
        traffic.Status.ShouldBe(HttpStatusCode.NotFound);
        traffic.ErrorType.ShouldBe("DATABASE_TRAFFIC_NOT_FOUND");
        resume.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public void Stopped_traffic_reports_when_it_can_resume()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var subscription = new EssentialsSubscription { Id = 2000001, Name = "s", Plan = EssentialsCatalog.FindPlan(SmallPlan)!, CreationDate = now };
        var database = new EssentialsDatabase
        {
            Id = 9000001, Subscription = subscription, Name = "d", Protocol = "stack", Port = 10001, RedisVersion = "7.4", LastModified = now,
        };
        var state = new EssentialsState();
        subscription.Databases.Add(database);
        state.Add(subscription);

        EssentialsState.StopTraffic(state.FindDatabase(9000001)!, now, resumeEligibleAt: now.AddMinutes(5));
        var early = database.Traffic!.ToView(database.Id, now);
        var later = database.Traffic.ToView(database.Id, now.AddMinutes(6));
        database.Traffic.Status = "active";
        var resumed = database.Traffic.ToView(database.Id, now.AddMinutes(6));

        early["trafficStatus"]!.GetValue<string>().ShouldBe("stopped");
        early["canResume"]!.GetValue<bool>().ShouldBeFalse();
        early["stopReason"]!.GetValue<string>().ShouldBe("endpoint-redirection");
        later["canResume"]!.GetValue<bool>().ShouldBeTrue();
        resumed["trafficStatus"]!.GetValue<string>().ShouldBe("active");
        resumed["canResume"]!.GetValue<bool>().ShouldBeFalse();
        state.FindDatabase(5000001).ShouldBeNull();
    }

    // ---- Helpers ----

    private static async Task<int> CreateSubscriptionAsync(ApiClient client, int planId, string? name = null)
    {
        var task = await client.RunTaskAsync(HttpMethod.Post, "/fixed/subscriptions", new { name = name ?? $"sub-{planId}", planId });
        task.Str("status").ShouldBe("processing-completed", task.ToString());
        return task.Int("response.resourceId");
    }

    private static async Task<int> CreateDatabaseAsync(ApiClient client, int subscriptionId, object body)
    {
        var task = await client.RunTaskAsync(HttpMethod.Post, $"/fixed/subscriptions/{subscriptionId}/databases", body);
        task.Str("status").ShouldBe("processing-completed", task.ToString());
        return task.Int("response.resourceId");
    }

    private static async Task<(int SubscriptionId, int DatabaseId)> ActiveDatabaseAsync(ApiClient client, ManualClock clock, int planId)
    {
        var subscription = await client.PostAsync("/fixed/subscriptions", new { name = "manual", planId });
        clock.Advance(TimeSpan.FromSeconds(3));
        var subscriptionId = (await client.GetAsync($"/tasks/{subscription.TaskId}")).Json.Int("response.resourceId");
        var database = await client.PostAsync($"/fixed/subscriptions/{subscriptionId}/databases", new { name = "manual-db" });
        clock.Advance(TimeSpan.FromSeconds(3));
        var databaseId = (await client.GetAsync($"/tasks/{database.TaskId}")).Json.Int("response.resourceId");
        return (subscriptionId, databaseId);
    }
}
