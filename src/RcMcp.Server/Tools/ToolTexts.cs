using RcMcp.Cloud;
using System.Text.Json.Nodes;
using RcMcp.Server.Schema;
using static RcMcp.Server.Tools.IdArguments;
using static RcMcp.Server.Tools.StandardArguments;

namespace RcMcp.Server.Tools;

/// <summary>Texts several tools share: the refusal of an update that changes nothing, and how a target is named.</summary>
public static class ToolTexts
{
    /// <summary>
    /// The one refusal of an update that names nothing to change, before anything is sent: empty when
    /// <paramref name="changes"/>, else an error on "(arguments)" whose fix says what to give.
    /// </summary>
    public static ArgumentError[] ChangesSomething(bool changes, string fix) =>
        changes ? [] : [new ArgumentError("(arguments)", "nothing to change", fix)];

    /// <summary>"\"name\" (id 12, active)" from a resource's current state, for impact texts.</summary>
    public static string DescribeTarget(int id, System.Text.Json.JsonElement? state)
    {
        var name = state.String("name") is { } n ? $"\"{n}\" " : "";
        var status = state.String("status") is { } st ? $", {st}" : "";
        return $"{name}(id {id}{status})";
    }
}
