using System.Reflection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace RcMcp.Server.Hosting;

/// <summary>
/// Serves the playbooks in prompts/*.md (embedded at build time) as MCP prompts. A file's first line "# Title" is the
/// title, its second line the description, the rest the prompt text; the file name is the prompt name.
/// </summary>
public sealed class FilePrompt(string name, string title, string description, string text) : McpServerPrompt
{
    public override Prompt ProtocolPrompt { get; } = new() { Name = name, Title = title, Description = description };

    public override IReadOnlyList<object> Metadata { get; } = [];

    public override ValueTask<GetPromptResult> GetAsync(RequestContext<GetPromptRequestParams> request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new GetPromptResult
        {
            Description = description,
            Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = text } }],
        });

    public static IReadOnlyList<FilePrompt> LoadEmbedded()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prompts = new List<FilePrompt>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("prompts/", StringComparison.Ordinal)).Order())
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            var title = reader.ReadLine()?.TrimStart('#', ' ') ?? "";
            var description = reader.ReadLine() ?? "";
            var text = reader.ReadToEnd().Trim();
            prompts.Add(new FilePrompt(Path.GetFileNameWithoutExtension(resource), title, description, text));
        }
        return prompts;
    }
}
