using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Cloud;
using RcMcp.Server.Schema;
using RcMcp.Server.Tools.Subscriptions;
using static RcMcp.Server.Tools.StandardArguments;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.ToolTexts;
using static RcMcp.Server.Tools.DatabaseArguments;

namespace RcMcp.Server.Tools.Essentials;

/// <summary>Essentials (fixed-plan) plans, versions and subscriptions (the spec's "Subscriptions - Essentials").</summary>
public static class EssentialsSubscriptionTools
{
    public static readonly Toolset Toolset = Toolset.Essentials;
    private static readonly string[] PathParams = ["subscriptionId"];

    private static JsonObject PlanId(string description) => JsonSchema.Int(description, 1);

    private static JsonObject PaymentMethod() => JsonSchema.Enum("credit-card needs paymentMethodId.", "credit-card", "marketplace");

    private static ApiRequest ReadSubscription(ToolArgs a) => ToolReads.Bind("getSubscriptionById_1", a);

    public static IEnumerable<ToolSpec> All() =>
    [
        ListEssentialsPlans,
        GetEssentialsPlan,
        ListEssentialsPlansForSubscription,
        ListEssentialsRedisVersions,
        ListEssentialsSubscriptions,
        CreateEssentialsSubscription,
        GetEssentialsSubscription,
        UpdateEssentialsSubscription,
        DeleteEssentialsSubscription,
    ];

    public static ToolSpec ListEssentialsPlans { get; } = new()
    {
        Name = "list_essentials_plans",
        Title = "List Essentials plans",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Plans: id, size, cloud, region, monthly price (0: free); for create_essentials_subscription.",
        InputSchema = JsonSchema.Object()
            .Prop("provider", JsonSchema.Enum("Only this cloud.", "AWS", "GCP", "AZURE"))
            .Prop("redisFlex", JsonSchema.Bool("true: Flex plans only."))
            .Build(),
        Operation = "getAllFixedSubscriptionsPlans",
    };

    public static ToolSpec GetEssentialsPlan { get; } = new()
    {
        Name = "get_essentials_plan",
        Title = "Get Essentials plan",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Size, cloud, region, monthly price, limits, and the features its databases may use.",
        InputSchema = JsonSchema.Object().Prop("planId", PlanId("From list_essentials_plans."), required: true).Build(),
        Operation = "getFixedSubscriptionsPlanById",
    };

    public static ToolSpec ListEssentialsPlansForSubscription { get; } = new()
    {
        Name = "list_essentials_plans_for_subscription",
        Title = "List plans for Essentials subscription",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Plans it can move to (same cloud, region), with prices; for update_essentials_subscription.",
        InputSchema = JsonSchema.Object().Prop("subscriptionId", Id(), required: true).Build(),
        Operation = "getFixedSubscriptionsPlansBySubscriptionId",
    };

    public static ToolSpec ListEssentialsRedisVersions { get; } = new()
    {
        Name = "list_essentials_redis_versions",
        Title = "List Essentials Redis versions",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Versions it offers (default, preview, end of life), for create_essentials_database.",
        InputSchema = JsonSchema.Object().Prop("subscriptionId", Id(), required: true).Build(),
        Operation = "getRedisVersions_1",
    };

    public static ToolSpec ListEssentialsSubscriptions { get; } = new()
    {
        Name = "list_essentials_subscriptions",
        Title = "List Essentials subscriptions",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "Each: id, name, status, plan, size, cloud, region, price. Pro ones: list_subscriptions.",
        InputSchema = JsonSchema.Object().Build(),
        Operation = "getAllSubscriptions_1",
        SubscriptionList = ("subscriptions", "id"),
    };

    public static ToolSpec CreateEssentialsSubscription { get; } = new()
    {
        Name = "create_essentials_subscription",
        Title = "Create Essentials subscription",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = false,
        CreatesSubscription = true,
        Description = "On a plan (planId); a paid plan is confirmed with its price. Task: wait_for_task.",
        InputSchema = JsonSchema.Object()
            .Prop("name", JsonSchema.Str("e.g. team-cache", 1, 100), required: true)
            .Prop("planId", PlanId("From list_essentials_plans."), required: true)
            .Prop("paymentMethod", PaymentMethod())
            .Prop("paymentMethodId", Id()).Build(),
        ArgumentRules = PaymentRules,
        Operation = "createSubscription_1",
        TargetState = a => ToolReads.Bind("getFixedSubscriptionsPlanById", a),
        Confirm = Confirmation.WhenTarget((_, plan) => Number(plan, "price") > 0),
        DescribeImpact = (a, plan) => $"Create the Essentials subscription \"{a.String("name")}\" on {DescribePlan(a.Int("planId"), plan)}.",
    };

    public static ToolSpec GetEssentialsSubscription { get; } = new()
    {
        Name = "get_essentials_subscription",
        Title = "Get Essentials subscription",
        Toolset = Toolset,
        Kind = ToolKind.Read,
        Idempotent = true,
        Description = "One subscription: status, plan (size, price, limits, features), cloud, region, payment.",
        InputSchema = JsonSchema.Object().Prop("subscriptionId", Id(), required: true).Build(),
        Operation = "getSubscriptionById_1",
    };

    public static ToolSpec UpdateEssentialsSubscription { get; } = new()
    {
        Name = "update_essentials_subscription",
        Title = "Update Essentials subscription",
        Toolset = Toolset,
        Kind = ToolKind.Write,
        Idempotent = true,
        Description = "Rename, change payment, or move to another plan (size, price; confirmed). Task: wait_for_task.",
        InputSchema = JsonSchema.Object()
            .Prop("subscriptionId", Id(), required: true)
            .Prop("name", JsonSchema.Str("Renames it.", 1, 100))
            .Prop("planId", PlanId("From list_essentials_plans_for_subscription."))
            .Prop("paymentMethod", PaymentMethod())
            .Prop("paymentMethodId", Id()).Build(),
        ArgumentRules = a => PaymentRules(a).Concat(ChangesSomething(a.Body(PathParams, keepDryRun: false).Count > 0, "give at least one of name, planId, paymentMethod, paymentMethodId")),
        Confirm = Confirmation.When(a => a.Has("planId")),
        Operation = "updateSubscription_1",
        TargetState = ReadSubscription,
        DescribeImpact = DescribeUpdate,
        Preflight = PlanIsCompatibleAsync,
    };

    public static ToolSpec DeleteEssentialsSubscription { get; } = new()
    {
        Name = "delete_essentials_subscription",
        Title = "Delete Essentials subscription",
        Toolset = Toolset,
        Kind = ToolKind.Destructive,
        Idempotent = true,
        Confirm = Confirmation.Always,
        Description = "Ends it and its billing, for good; delete its databases first. Task: wait_for_task.",
        InputSchema = JsonSchema.Object().Prop("subscriptionId", Id(), required: true).Build(),
        Operation = "deleteSubscriptionById_1",
        TargetState = ReadSubscription,
        DescribeImpact = (a, state) => $"Delete the Essentials subscription {Describe(a, state)}{PlanOf(state)}. Its billing ends; this cannot be undone.",
        Preflight = StillHasDatabasesAsync,
    };

    private static IEnumerable<ArgumentError> PaymentRules(ToolArgs a)
    {
        if (a.StringOrNull("paymentMethod") == "credit-card" && !a.Has("paymentMethodId"))
            yield return new ArgumentError("paymentMethodId", "is required with paymentMethod credit-card", "add \"paymentMethodId\": 12345, an id from list_payment_methods");
    }

    internal static string Describe(ToolArgs a, JsonElement? state) => DescribeTarget(a.Int("subscriptionId"), state);

    private static string DescribeUpdate(ToolArgs a, JsonElement? state)
    {
        var changes = string.Join(", ", a.Body(PathParams, keepDryRun: false).Where(p => p.Key != "planId").Select(p => $"{p.Key} = {p.Value?.ToJsonString()}"));
        var text = $"Update the Essentials subscription {Describe(a, state)}";
        if (a.IntOrNull("planId") is { } planId)
            text += $": move it from{PlanOf(state)} to plan {planId}, whose size and monthly price then apply (get_essentials_plan shows them)" + (changes.Length > 0 ? "; " : "");
        else
            text += ": ";
        return text + changes + ".";
    }

    /// <summary>"plan \"Standard 250MB\" (id 34858, AWS us-east-1, 250 MB) at 5 USD per Month" from a plan's state.</summary>
    internal static string DescribePlan(int planId, JsonElement? plan)
    {
        var price = Number(plan, "price");
        var size = Number(plan, "size") is { } n ? $", {n.ToString(CultureInfo.InvariantCulture)} {plan.String("sizeMeasurementUnit")}" : "";
        var where = plan.String("provider") is { } provider ? $", {provider} {plan.String("region")}" : "";
        var name = plan.String("name") is { } planName ? $"plan \"{planName}\"" : "plan";
        var cost = price switch
        {
            null => "",
            0 => ", free",
            _ => $" at {price.Value.ToString(CultureInfo.InvariantCulture)} {plan.String("priceCurrency") ?? "USD"} per {plan.String("pricePeriod") ?? "Month"}, billed to the account",
        };
        return $"{name} (id {planId}{where}{size}){cost}";
    }

    /// <summary>" on plan \"Standard 250MB\" (5 USD per Month)" from a subscription's state.</summary>
    private static string PlanOf(JsonElement? state)
    {
        if (state is not { } s || !s.TryGetProperty("planName", out var name) || name.ValueKind != JsonValueKind.String) return "";
        var price = Number(state, "price") is { } p
            ? $" ({p.ToString(CultureInfo.InvariantCulture)} {(s.TryGetProperty("priceCurrency", out var c) ? c.GetString() : "USD")} per {(s.TryGetProperty("pricePeriod", out var per) ? per.GetString() : "Month")})"
            : "";
        return $" plan \"{name.GetString()}\"{price}";
    }

    internal static double? Number(JsonElement? state, string name) =>
        state is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>A plan the subscription cannot move to would be refused: say so first, naming the ones it can.</summary>
    private static async Task<ToolRefusal?> PlanIsCompatibleAsync(ToolArgs a, JsonElement state, IRedisCloudClient client, CancellationToken ct)
    {
        if (a.IntOrNull("planId") is not { } planId) return null;
        if (Number(state, "planId") is { } current && (int)current == planId) return null;
        JsonElement list;
        try
        {
            list = await client.SendAsync(ToolReads.Bind("getFixedSubscriptionsPlansBySubscriptionId", a), ct).ConfigureAwait(false);
        }
        catch (RedisCloudApiException)
        {
            return null; // the API decides
        }
        if (!list.TryGetProperty("plans", out var plans) || plans.ValueKind != JsonValueKind.Array) return null;
        var ids = plans.EnumerateArray().Select(p => Number(p, "id")).OfType<double>().Select(id => (int)id).ToList();
        if (ids.Contains(planId)) return null;
        var choices = ids.Count > 0 ? string.Join(", ", ids) : "none";
        return new ToolRefusal(ErrorCodes.WillFail,
            $"update_essentials_subscription would fail: plan {planId} is not one the subscription {a.Int("subscriptionId")} can move to (compatible plans: {choices}). " +
            "Nothing was asked or sent. Pick a planId from list_essentials_plans_for_subscription.",
            "choose a planId from list_essentials_plans_for_subscription", "planId");
    }

    /// <summary>A subscription with databases cannot be deleted: refuse before asking, naming the databases.</summary>
    private static async Task<ToolRefusal?> StillHasDatabasesAsync(ToolArgs a, JsonElement state, IRedisCloudClient client, CancellationToken ct)
    {
        JsonElement list;
        try
        {
            list = await client.SendAsync(ToolReads.Bind("getFixedSubscriptionDatabases", a), ct).ConfigureAwait(false);
        }
        catch (RedisCloudApiException)
        {
            return null; // the API refuses a subscription that still has databases anyway
        }
        var names = EssentialsDatabaseTools.Databases(list)
            .Select(db => $"\"{(db.TryGetProperty("name", out var n) ? n.GetString() : "?")}\" (id {(db.TryGetProperty("databaseId", out var i) ? i.GetRawText() : "?")})")
            .ToList();
        if (names.Count == 0) return null;
        return new ToolRefusal(ErrorCodes.WillFail,
            $"delete_essentials_subscription would fail: the Essentials subscription {a.Int("subscriptionId")} still has {string.Join(", ", names)}. " +
            "Nothing was asked or sent. Delete them first (delete_essentials_database for each, then wait_for_task), then call delete_essentials_subscription again.",
            "delete_essentials_database for each database first");
    }
}
