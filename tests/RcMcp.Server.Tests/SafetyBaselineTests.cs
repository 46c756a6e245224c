using RcMcp.Server.Tools;

namespace RcMcp.Server.Tests;

/// <summary>
/// A committed baseline of every tool's kind and gates (tests/RcMcp.Server.Tests/safety-baseline/&lt;toolset&gt;.txt):
/// the test fails when a tool is less guarded than its line says. Loosening a tool on purpose means editing its line
/// in the same commit; a new tool needs its line (UPDATE_SNAPSHOTS=1 writes the lines of new tools only, never
/// changes an existing one).
/// </summary>
public class SafetyBaselineTests
{
    private static readonly ToolCatalog Catalog = new();
    private static string Folder => Path.Combine(Repo.Root, "tests", "RcMcp.Server.Tests", "safety-baseline");

    /// <summary>One tool's guards: higher numbers guard more.</summary>
    private sealed record Guards(int Kind, int DryRun, int Confirmation)
    {
        public static Guards Of(ToolSpec s) => new(
            s.Kind switch { ToolKind.Read => 0, ToolKind.Write => 1, _ => 2 },
            (int)s.Gates.DryRun,
            s.Gates.Confirmation switch { ConfirmationRule.Always => 2, ConfirmationRule.Never => 0, _ => 1 });

        public static Guards Parse(string line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return new(Array.IndexOf(KindNames, parts[1]), Array.IndexOf(DryRunNames, Value(parts[2])), Array.IndexOf(ConfirmNames, Value(parts[3])));
        }

        private static string Value(string part) => part[(part.IndexOf('=') + 1)..];

        public string Line(string name) => $"{name} {KindNames[Kind]} dry-run={DryRunNames[DryRun]} confirm={ConfirmNames[Confirmation]}";

        private static readonly string[] KindNames = ["read", "write", "destructive"];
        private static readonly string[] DryRunNames = ["none", "preview", "api-first"];
        private static readonly string[] ConfirmNames = ["no", "when", "always"];
    }

    [Fact]
    public void No_tool_is_less_guarded_than_its_baseline()
    {
        var problems = new List<string>();
        foreach (var group in Catalog.Specs.Where(s => !s.IsCatalog).GroupBy(s => s.Toolset))
        {
            var path = Path.Combine(Folder, group.Key + ".txt");
            var lines = File.Exists(path)
                ? File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToDictionary(l => l.Split(' ')[0])
                : new Dictionary<string, string>();
            var added = new List<string>();
            foreach (var spec in group)
            {
                var now = Guards.Of(spec);
                if (!lines.TryGetValue(spec.Name, out var line))
                {
                    if (Repo.UpdateSnapshots) added.Add(now.Line(spec.Name));
                    else problems.Add($"{spec.Name} has no line in safety-baseline/{group.Key}.txt: add \"{now.Line(spec.Name)}\"");
                    continue;
                }
                var was = Guards.Parse(line);
                if (now.Kind < was.Kind || now.DryRun < was.DryRun || now.Confirmation < was.Confirmation)
                    problems.Add($"{spec.Name} is less guarded than its baseline: now \"{now.Line(spec.Name)}\", baseline \"{line}\"");
            }
            if (added.Count > 0)
            {
                Directory.CreateDirectory(Folder);
                File.AppendAllLines(path, File.Exists(path) ? added : ["# tool kind dry-run confirm (see SafetyBaselineTests)", .. added]);
            }
        }
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void Every_baseline_line_names_an_existing_tool()
    {
        if (!Directory.Exists(Folder)) return;
        foreach (var file in Directory.GetFiles(Folder, "*.txt"))
            foreach (var line in File.ReadAllLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')))
                Catalog.Find(line.Split(' ')[0]).ShouldNotBeNull($"{Path.GetFileName(file)}: {line}");
    }
}
