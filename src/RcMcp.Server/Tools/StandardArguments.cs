using RcMcp.Cloud;
using System.Text.Json.Nodes;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.IdArguments;

namespace RcMcp.Server.Tools;

/// <summary>The arguments the pipeline reads on every tool that takes them (dryRun, confirmationToken, waitForCompletion,
/// revealSecrets): their names and schemas, added by <see cref="ToolSpec"/> from its facts, and the task id.</summary>
public static class StandardArguments
{
    public const string DryRunName = "dryRun";

    public const string ConfirmationTokenName = "confirmationToken";

    public const string WaitForCompletionName = "waitForCompletion";

    public const string RevealSecretsName = "revealSecrets";

    public const string TaskIdPattern = "^[A-Za-z0-9][A-Za-z0-9-]{0,99}$";

    public static JsonObject TaskId() => JsonSchema.Str("From a change, or list_tasks.", 1, 100, TaskIdPattern);

    // RcMcp's own arguments: the rules behind them are in the server instructions, once. ToolSpec.InputSchema adds
    // them to a tool's schema from its facts; no tool declares them.
    /// <summary>dryRun for tools whose API supports it (the API validates and prices the request).</summary>
    public static JsonObject ApiDryRun() => JsonSchema.Bool(ApiDryRunText);

    /// <summary>The words that mark a dry run the server requires (the instructions refer to them).</summary>
    public const string ApiDryRunText = "Required first: validate and price only.";

    /// <summary>dryRun for tools whose API has none: RcMcp previews instead.</summary>
    public static JsonObject PreviewDryRun() => JsonSchema.Bool(null);

    /// <summary>revealSecrets, for read tools whose answer holds a password.</summary>
    public static JsonObject RevealSecrets() => JsonSchema.Bool("Show passwords (the person must confirm).");

    public static JsonObject ConfirmationToken() => JsonSchema.Str(null, 1, 200);

    public static JsonObject WaitForCompletion() => JsonSchema.Bool(null);
}
