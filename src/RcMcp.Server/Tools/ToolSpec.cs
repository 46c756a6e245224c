using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using RcMcp.Cloud;
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
    public required string Toolset { get; init; }
    public required ToolKind Kind { get; init; }
    public required bool Idempotent { get; init; }
    /// <summary>The full input schema (including our own additions such as confirmationToken).</summary>
    public required JsonObject InputSchema { get; init; }

    /// <summary>Builds the one API request this tool sends. Null for tools that are not a single API call (wait_for_task).</summary>
    public Func<ToolArgs, ApiRequest>? Request { get; init; }

    /// <summary>Custom rules the schema cannot express (mutually exclusive fields, ...).</summary>
    public Func<ToolArgs, IEnumerable<ArgumentError>>? ExtraValidation { get; init; }

    /// <summary>The GET that shows the current state of the target, for previews and confirmation messages.</summary>
    public Func<ToolArgs, ApiRequest>? TargetState { get; init; }

    /// <summary>One sentence for a person: what will be lost or bought. Gets the arguments and the target state (if any).</summary>
    public Func<ToolArgs, JsonElement?, string>? DescribeImpact { get; init; }

    /// <summary>The API accepts dryRun in the body: a real call needs a successful dry run with the same arguments first.</summary>
    public bool ApiDryRun { get; init; }

    /// <summary>The call needs a person's confirmation (destructive, or costs money).</summary>
    public bool RequiresConfirmation { get; init; }

    /// <summary>Asks for confirmation only for some argument values (e.g. when an update removes access).</summary>
    public Func<ToolArgs, bool>? ConfirmWhen { get; init; }

    public bool NeedsConfirmation(ToolArgs args) => RequiresConfirmation || ConfirmWhen?.Invoke(args) == true;

    /// <summary>The API answers with an asynchronous task.</summary>
    public bool ReturnsTask { get; init; }

    /// <summary>Custom handler for tools that are not one API call (wait_for_task).</summary>
    public Func<ToolInvocation, Task<CallToolResult>>? Handler { get; init; }

    /// <summary>Optional reshaping of a read tool's API response (e.g. to summarise a list).</summary>
    public Func<JsonElement, ToolArgs, JsonNode?>? ShapeResponse { get; init; }

    public bool IsMutating => Kind != ToolKind.Read;
}
