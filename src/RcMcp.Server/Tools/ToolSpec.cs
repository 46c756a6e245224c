using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using RcMcp.Cloud;
using RcMcp.Cloud.Operations;
using RcMcp.Server.Schema;

namespace RcMcp.Server.Tools;

/// <summary>What an operation does to the account; the safety gate acts on this.</summary>
public enum ToolKind
{
    /// <summary>GET only, no side effect.</summary>
    Read,
    /// <summary>Creates or changes something that another call can undo.</summary>
    Write,
    /// <summary>Deletes data, access or connectivity, or cannot be undone.</summary>
    Destructive,
}

/// <summary>
/// Everything a tool declares. Tools are data: the pipeline (read-only policy, validation, dry-run-first,
/// confirmation, redaction, audit) acts on these declarations; a tool itself only maps its arguments to one API call.
/// </summary>
public sealed class ToolSpec
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    /// <summary>The area this tool belongs to (used by --toolsets).</summary>
    public required Toolset Toolset { get; init; }

    /// <summary>In the small default toolset (everyday tools), listed when --toolsets is not given.</summary>
    public bool Default { get; init; }

    /// <summary>One of the catalog tools (search, describe, call): listed in every mode unless --no-catalog.</summary>
    public bool IsCatalog { get; init; }
    public required ToolKind Kind { get; init; }
    public required bool Idempotent { get; init; }
    /// <summary>
    /// A tool writes only its own arguments here. Read back, it is the full input schema: RcMcp's standard arguments
    /// follow them, each added from this spec's own facts (<see cref="Gates"/>, <see cref="ReturnsTask"/>), never
    /// declared a second time: revealSecrets (<see cref="CanRevealSecrets"/>), dryRun (the API's or a preview),
    /// confirmationToken (whenever a call may need a person's confirmation) and waitForCompletion (a task).
    /// </summary>
    public required JsonObject InputSchema
    {
        get => _inputSchema ??= WithStandardArguments(_ownArguments);
        init => _ownArguments = value;
    }

    private readonly JsonObject _ownArguments = null!;
    private JsonObject? _inputSchema;

    private JsonObject WithStandardArguments(JsonObject own)
    {
        if (IsCatalog) return own; // read_operation and call_operation pass arguments on to the tool they name
        var schema = (JsonObject)own.DeepClone();
        var properties = (JsonObject)schema["properties"]!;
        var gates = Gates;
        Add(StandardArguments.RevealSecretsName, CanRevealSecrets ? StandardArguments.RevealSecrets() : null);
        Add(StandardArguments.DryRunName, gates.DryRun switch
        {
            DryRunRule.ApiFirst => StandardArguments.ApiDryRun(),
            DryRunRule.Preview => StandardArguments.PreviewDryRun(),
            _ => null,
        });
        Add(StandardArguments.ConfirmationTokenName, gates.Confirmation != ConfirmationRule.Never ? StandardArguments.ConfirmationToken() : null);
        Add(StandardArguments.WaitForCompletionName, ReturnsTask ? StandardArguments.WaitForCompletion() : null);
        return schema;

        // In this order, after the tool's own arguments; a tool that words one of them itself (create_cost_report's
        // waitForCompletion) keeps its wording, in the same place.
        void Add(string name, JsonObject? standard)
        {
            if (properties.TryGetPropertyValue(name, out var worded))
            {
                properties.Remove(name);
                properties[name] = worded;
            }
            else if (standard is not null) properties[name] = standard;
        }
    }

    /// <summary>
    /// The spec's operationId this tool runs. Its request is bound from the canonical arguments by name (path, query,
    /// the rest as the body; <see cref="ApiOperations.Bind"/>), and whether it takes the API's dry run and answers with a
    /// task come from the operations file (spec/redis-cloud-operations.json). Null for tools whose request the spec's
    /// facts cannot build (they set <see cref="Request"/> and say why) and for tools that are not one API call.
    /// </summary>
    public string? Operation { get; init; }

    /// <summary>Builds the one API request this tool sends: the generic binding of <see cref="Operation"/>, or a
    /// hand-written builder where the spec cannot say (tests/RcMcp.Server.Tests/GenericBindingTests.cs lists them and
    /// why). Null for tools that are not a single API call (wait_for_task).</summary>
    public Func<ToolArgs, ApiRequest>? Request
    {
        get => _request ??= Operation is null ? null : Bind;
        init => _request = value;
    }

    private Func<ToolArgs, ApiRequest>? _request;

    private ApiRequest Bind(ToolArgs args) => ApiOperations.Bind(Operation!, args.Json, ApiDryRun ? ToolArgs.OwnArguments : ToolArgs.OwnAndDryRun);

    private ApiOperation? Op => Operation is null ? null : ApiOperations.Get(Operation);

    /// <summary>Custom rules the schema cannot express (mutually exclusive fields, ...).</summary>
    public Func<ToolArgs, IEnumerable<ArgumentError>>? ArgumentRules { get; init; }

    /// <summary>The GET that shows the current state of the target, for previews and confirmation messages.</summary>
    public Func<ToolArgs, ApiRequest>? TargetState { get; init; }

    /// <summary>One sentence for a person: what will be lost or bought. Gets the arguments and the target state (if any).</summary>
    public Func<ToolArgs, JsonElement?, string>? DescribeImpact { get; init; }

    /// <summary>The API accepts dryRun in the body: a real call needs a successful dry run with the same arguments first.</summary>
    public bool ApiDryRun { get => _apiDryRun ?? Op?.AcceptsDryRun ?? false; init => _apiDryRun = value; }

    private bool? _apiDryRun;

    /// <summary>When the call needs a person's confirmation: never (the default), always, or for some arguments or
    /// target states (<see cref="Confirmation"/>).</summary>
    public Confirmation Confirm { get; init; } = Confirmation.Never;

    public bool NeedsConfirmation(ToolArgs args) => Confirm.Needed(args);

    /// <summary>Whether the call needs confirmation, once the target is known (null when it is not needed to decide).</summary>
    public bool NeedsConfirmation(ToolArgs args, JsonElement? target) => Confirm.Needed(args, target);

    /// <summary>
    /// Which calls of an API-dry-run tool change the price (e.g. update_database: memory, throughput, replication);
    /// the dry run and the approval show a price only for those. Null: every call (a creation, a region).
    /// </summary>
    public Func<ToolArgs, bool>? PriceChangesWhen { get; init; }

    /// <summary>Whether this call changes what is billed, so its dry-run price is worth showing.</summary>
    public bool ChangesPrice(ToolArgs args) => PriceChangesWhen?.Invoke(args) ?? true;

    /// <summary>The read that shows this change's result when the API accepts it without a task (204 No Content).</summary>
    public string? FollowWith { get; init; }

    /// <summary>The API answers this change with an asynchronous task.</summary>
    public bool ReturnsTask { get => _returnsTask ?? (IsMutating && Op?.ReturnsTask == true); init => _returnsTask = value; }

    private bool? _returnsTask;

    /// <summary>Custom handler for tools that are not one API call (wait_for_task).</summary>
    public Func<ToolInvocation, Task<CallToolResult>>? Handler { get; init; }

    /// <summary>Optional reshaping of a read tool's API response (e.g. to summarise a list).</summary>
    public Func<JsonElement, ToolArgs, JsonNode?>? ShapeResponse { get; init; }

    /// <summary>The answer lists subscriptions: the array property and the id property, for --allow-subscriptions,
    /// which leaves the others out.</summary>
    public (string Array, string Id)? SubscriptionList { get; init; }

    /// <summary>The answer lists tasks in this array property: under --allow-subscriptions the tasks of other
    /// subscriptions are left out.</summary>
    public string? TaskList { get; init; }

    /// <summary>The answer is one task (get_task, wait_for_task): under --allow-subscriptions a task of another
    /// subscription, or one whose resource is not known yet and that this server did not start, is not shown.</summary>
    public bool AnswersOneTask { get; init; }

    /// <summary>The answer holds secrets (a database password) that a person may ask to see: the tool takes
    /// revealSecrets, which needs their confirmation like a destructive call.</summary>
    public bool CanRevealSecrets { get; init; }

    /// <summary>
    /// Predicts from the target's current state that the call would certainly fail, before anyone is asked: returns
    /// the refusal (what is wrong and the fix), or null when the call may go ahead.
    /// </summary>
    public Func<ToolArgs, JsonElement, IRedisCloudClient, CancellationToken, Task<ToolRefusal?>>? Preflight { get; init; }

    /// <summary>The API answers this read with a task: the tool waits for it (within the wait_for_task limits, with
    /// progress) and returns the data the task carries.</summary>
    public bool ReadsThroughTask { get => _readsThroughTask ?? (!IsMutating && Op?.ReturnsTask == true); init => _readsThroughTask = value; }

    private bool? _readsThroughTask;

    /// <summary>Arguments that RcMcp uses itself and never sends (e.g. list_tasks' limit): besides dryRun,
    /// confirmationToken, waitForCompletion and revealSecrets.</summary>
    public IReadOnlyList<string> LocalArguments { get; init; } = [];

    /// <summary>Where this tool's id-like arguments mean something other than the catalog-wide meaning of their name
    /// (see <see cref="Pipeline.References"/>): e.g. list_system_logs' resourceId is a subscription or a database.</summary>
    public IReadOnlyList<Pipeline.ArgumentReference> References { get; init; } = [];

    /// <summary>The array argument that limits an account-wide operation to some subscriptions (create_cost_report's
    /// subscriptionIds): under --allow-subscriptions it must be given, since without it the call covers them all.</summary>
    public string? AccountWideUnless { get; init; }

    /// <summary>Creates a new subscription (refused under --allow-subscriptions, which names the only ones allowed).</summary>
    public bool CreatesSubscription { get; init; }

    /// <summary>A sentence added to the next step of a successful change's result, e.g. that a password just set is
    /// never shown again, so the person must keep it; null for none.</summary>
    public Func<ToolArgs, string?>? ResultNote { get; init; }

    public bool IsMutating => Kind != ToolKind.Read;

    /// <summary>This tool's gates, stated once for every place that shows them.</summary>
    public GateSummary Gates => _gates ??= GateSummary.Of(this);

    private GateSummary? _gates;
}

/// <summary>Why a call is refused before anything is asked or sent, and how to fix it.</summary>
public sealed record ToolRefusal(string Code, string Message, string? Next = null, string? Field = null);
