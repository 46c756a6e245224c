using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RcMcp.Server.Tools.Catalog;

/// <summary>
/// Ranks operations against a request with BM25F: each operation is a document of weighted fields (its name, title,
/// description, parameter names, toolset, and the spec's tag, operationId and path), the request's words are
/// searched as they are and, weighted lower, as the words they stand for in <see cref="SearchLexicon"/>. In process,
/// deterministic (ties keep catalog order), built once per catalog on first use.
/// </summary>
public sealed partial class OperationSearch
{
    private const double K1 = 1.2;
    private const int MaxQuery = 1000;

    /// <summary>What a request's word counts as itself when the lexicon stands it for other words: a word alone,
    /// or a word of a phrase ("set" of "set up"). A word the lexicon says means itself too counts fully (or with the
    /// lexicon's lower weight below 0.5, for words as common as "redis").</summary>
    private const double KnownWord = 0.4, PhraseWord = 0.2;

    /// <summary>Added for the share of the operation's name that the request covers: "delete database" is
    /// delete_database more than delete_database_tag, and a request that does not say Essentials or Active-Active
    /// means the plain operation.</summary>
    private const double NameCoverage = 4.0;

    /// <summary>Added for each word of the name the request writes in the very same form.</summary>
    private const double SurfaceMatch = 0.5;

    /// <summary>A request without an action (create, delete, flush, ...) asks to see something, and a question even
    /// more: reads come first.</summary>
    private const double ReadPrior = 1.0, QuestionPrior = 2.0;

    /// <summary>A marker among a request's terms: it asks a question ("what versions can I upgrade to", "is the import
    /// finished"), so it wants to see something even when it names an action.</summary>
    private const string Question = "?question";

    private static readonly HashSet<string> QuestionWords = ["what", "what's", "which", "who", "whom", "when", "where", "is", "are", "was", "were", "does", "did", "do", "has", "have", "any", "how's"];

    /// <summary>Resources that a request names in the plural when it wants a list of them.</summary>
    private static readonly HashSet<string> Listable = new(
        "database subscription user role rule region tag peering endpoint gateway invitation account plan version task log module method workspace principal connection option factor window report service attachment"
            .Split(' ').Select(SearchText.Stem), StringComparer.Ordinal);

    /// <summary>The fields of an operation and their weights.</summary>
    private enum Field { Name, Title, Description, Parameters, Values, Toolset, Tag, OperationId, Path }

    private static readonly double[] Weights = [3.0, 2.0, 0.7, 0.8, 0.5, 1.0, 0.5, 0.8, 0.5];

    /// <summary>BM25's length normalisation per field: a long list of parameter names is no sign of a weak match.</summary>
    private static readonly double[] Normalisation = [0.75, 0.75, 0.75, 0.3, 0.3, 0.5, 0.5, 0.5, 0.5];

    /// <summary>The words of requests that ask for a change; without one, a request asks to see something.</summary>
    private static readonly HashSet<string> Actions = new(
        "create add update delete remove flush import backup upgrade reject accept revert replace patch disassociate attach resume rename redirect"
            .Split(' ').Select(SearchText.Stem), StringComparer.Ordinal);

    /// <summary>Our own arguments (every change takes them): they say nothing about what an operation does.</summary>
    private static readonly HashSet<string> OwnArguments = ["dryRun", "confirmationToken", "waitForCompletion", "revealSecrets"];

    private static readonly ConditionalWeakTable<ToolCatalog, OperationSearch> Indexes = new();
    private static readonly Lazy<List<Entry>> Lexicon = new(CompileLexicon);

    private readonly List<ToolSpec> _specs;
    private readonly Dictionary<string, int> _order;
    private readonly List<Dictionary<string, double>> _tf = [];
    private readonly List<string[]> _names = [];
    private readonly List<string[]> _surface = [];
    private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);

    private OperationSearch(ToolCatalog catalog, IReadOnlyDictionary<string, IReadOnlyList<OperationFact>> facts)
    {
        _specs = catalog.Specs.Where(s => !s.IsCatalog).ToList();
        _order = _specs.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);

        var fields = _specs.Select(s => Fields(s, facts.GetValueOrDefault(s.Name) ?? [])).ToList();
        var fieldCount = Weights.Length;
        var average = Enumerable.Range(0, fieldCount).Select(f => Math.Max(1.0, fields.Average(d => (double)d[f].Count))).ToArray();

        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var document in fields)
        {
            // Each field's term counts, normalised by the field's length and weighted (BM25F's pseudo term frequency).
            var tf = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var f = 0; f < fieldCount; f++)
            {
                var norm = 1 - Normalisation[f] + Normalisation[f] * document[f].Count / average[f];
                foreach (var term in document[f])
                    tf[term] = tf.GetValueOrDefault(term) + Weights[f] / norm;
            }
            _tf.Add(tf);
            _names.Add(document[(int)Field.Name].Distinct().ToArray());
            _surface.Add(SearchText.Tokens(_specs[_surface.Count].Name).Distinct().ToArray());
            foreach (var term in tf.Keys) df[term] = df.GetValueOrDefault(term) + 1;
        }
        var n = _specs.Count;
        foreach (var (term, count) in df)
            _idf[term] = Math.Log(1 + (n - count + 0.5) / (count + 0.5));
    }

    /// <summary>The index of a catalog, built on first use and kept as long as the catalog.</summary>
    public static OperationSearch For(ToolCatalog catalog) => Indexes.GetValue(catalog, c => new OperationSearch(c, OperationFacts.From(c)));

    /// <summary>The eligible operations that match the request, best first, at most <paramref name="limit"/>. A request
    /// without any searchable word lists the eligible operations in catalog order.</summary>
    public IReadOnlyList<ToolSpec> Rank(string query, Func<ToolSpec, bool> eligible, int limit)
    {
        var (terms, surface) = Read(query);
        if (!terms.Values.Any(w => w > 0)) return _specs.Where(eligible).Take(limit).ToList();
        return _specs
            .Select((spec, i) => (Spec: spec, Score: Score(i, terms, surface)))
            .Where(m => m.Score > 0 && eligible(m.Spec))
            .OrderByDescending(m => m.Score)
            .ThenBy(m => _order[m.Spec.Name])
            .Take(limit)
            .Select(m => m.Spec)
            .ToList();
    }

    /// <summary>The score of each operation for a request, for diagnostics and tests.</summary>
    public double Score(string name, string query)
    {
        if (!_order.TryGetValue(name, out var i)) return 0;
        var (terms, surface) = Read(query);
        return Score(i, terms, surface);
    }

    private double Score(int document, Dictionary<string, double> terms, HashSet<string> surface)
    {
        var tf = _tf[document];
        var score = 0.0;
        foreach (var (term, weight) in terms)
        {
            if (!tf.TryGetValue(term, out var f)) continue;
            score += weight * _idf[term] * f * (K1 + 1) / (f + K1);
        }
        if (score <= 0) return 0;
        // The very form of a word of the name (tag, not tags; databases, not database).
        score += SurfaceMatch * _surface[document].Count(surface.Contains);
        var name = _names[document];
        var covered = name.Sum(term => Math.Min(1, terms.GetValueOrDefault(term)));
        score += NameCoverage * covered / Math.Max(1, name.Length);
        if (_specs[document].Kind == ToolKind.Read)
            score += terms.ContainsKey(Question) ? QuestionPrior : terms.Any(t => t.Value >= 0.5 && Actions.Contains(t.Key)) ? 0 : ReadPrior;
        return score;
    }

    /// <summary>A request's searchable words with their weights: its own words 1, the lexicon's expansions lower.</summary>
    public static Dictionary<string, double> Analyze(string query) => Read(query).Terms;

    /// <summary>The weighted terms of a request, and its words as written that kept their own meaning.</summary>
    private static (Dictionary<string, double> Terms, HashSet<string> Surface) Read(string query)
    {
        // search_operations takes at most 200 characters; other callers get the same bound on the work.
        if (query.Length > MaxQuery) query = query[..MaxQuery];
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string term, double weight)
        {
            if (weight > terms.GetValueOrDefault(term)) terms[term] = weight;
        }

        // A tag written as key=value (team=payments): its words are a value, not a request.
        if (TagPattern().IsMatch(query))
        {
            query = TagPattern().Replace(query, " ");
            foreach (var term in SearchText.Terms("tag")) Add(term, 0.8);
        }
        // A name (the db called legacy-sessions, the sessions db, the billing service, bob@example.com) is not a request.
        query = NamePattern().Replace(query, " ");
        query = NamedThing().Replace(query, "$1 ");
        // A version written as a number (redis 8, 7.4) is about versions.
        if (VersionPattern().IsMatch(query)) Add(SearchText.Stem("version"), 0.8);
        var tokens = SearchText.Tokens(query);
        var stems = tokens.Select(SearchText.Stem).ToArray();
        // A question wants to see something, unless it asks how to do it ("how do I ...").
        if (tokens.Count > 0 && (QuestionWords.Contains(tokens[0]) || tokens[0] == "how" && tokens.Count > 1 && tokens[1] is not ("do" or "can" or "to" or "should" or "would")))
            terms[Question] = 0;

        var own = new double[stems.Length];
        for (var i = 0; i < stems.Length; i++) own[i] = SearchText.StopWords.Contains(tokens[i]) ? 0 : 1.0;
        var covered = new bool[stems.Length];

        // A word the lexicon knows counts as itself only a little ("drop" in a description is not what "drop the
        // database" means), unless the lexicon says it means itself too.
        void Known(int i, Entry entry)
        {
            covered[i] = true;
            var itself = entry.Means.Where(m => m.Term == stems[i]).Select(m => m.Weight).DefaultIfEmpty(0).Max();
            own[i] = Math.Min(own[i], itself >= 0.5 ? 1.0 : itself > 0 ? itself : entry.Words.Length > 1 ? PhraseWord : KnownWord);
        }

        foreach (var entry in Lexicon.Value)
        {
            if (entry.Anywhere)
            {
                // Words anywhere in the request ("upgrade" with "plan"): the pair means more than each word.
                var at = entry.Words.Select(w => Array.FindIndex(stems, (s) => s == w)).ToArray();
                if (at.Any(i => i < 0 || covered[i])) continue;
                foreach (var i in at) Known(i, entry);
                foreach (var (term, weight) in entry.Means) Add(term, weight);
                continue;
            }
            // A phrase, longest first; its words are not matched again alone.
            for (var start = 0; start + entry.Words.Length <= stems.Length; start++)
            {
                var match = true;
                for (var k = 0; k < entry.Words.Length && match; k++)
                    match = !covered[start + k] && stems[start + k] == entry.Words[k];
                if (!match) continue;
                for (var k = 0; k < entry.Words.Length; k++) Known(start + k, entry);
                foreach (var (term, weight) in entry.Means) Add(term, weight);
            }
        }
        for (var i = 0; i < stems.Length; i++)
            if (own[i] > 0) Add(stems[i], own[i]);
        // Resources in the plural (databases, peerings) are to be listed, and one named by its id (task 1f0c9a2e,
        // plan 34858) is to be read, when nothing is to be done to them.
        if (!terms.Any(t => t.Value >= 0.5 && Actions.Contains(t.Key)))
        {
            var plural = false;
            for (var i = 0; i < tokens.Count; i++)
                if (tokens[i].Length > 3 && tokens[i][^1] == 's' && !tokens[i].EndsWith("ss", StringComparison.Ordinal) && Listable.Contains(stems[i])
                    && SearchText.Stem(tokens[i][..^1]) == stems[i])
                    plural = true;
            if (plural) Add("list", 0.4);
            else if (IdPattern().IsMatch(query)) Add("get", 0.5);
        }
        // An address or a CIDR block (10.0.0.0/16) is about network access, mostly to change it.
        if (AddressPattern().IsMatch(query))
        {
            foreach (var term in SearchText.Terms("cidr allowlist source ip")) Add(term, 0.8);
            Add(SearchText.Stem("update"), 0.5);
        }
        // The words that kept their own meaning (not "create" of "commands to create").
        return (terms, tokens.Where((t, i) => own[i] >= 0.5).ToHashSet(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"\b[a-z]+(?:_[a-z0-9]+)+\b")]
    private static partial Regex ToolReference();

    [GeneratedRegex(@"[^.;:(),]*:\s*\b[a-z]+(?:_[a-z0-9]+)+\b")]
    private static partial Regex Pointer();

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex PathParameter();

    [GeneratedRegex(@"_\d+$")]
    private static partial Regex OperationIdSuffix();

    [GeneratedRegex(@"\b(?:called|named)\s+(?:""[^""]*""|'[^']*'|[\w.:/-]+)|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", RegexOptions.IgnoreCase)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\b(?:task|subscription|database|db|plan|user|role|rule|account|peering|endpoint|report|redirection|workspace)\s+#?(?=[0-9a-f-]*\d)[0-9a-f-]{2,}\b", RegexOptions.IgnoreCase)]
    private static partial Regex IdPattern();

    /// <summary>A word between a determiner and a resource is its name (the orders database), unless it is one of
    /// the words that choose the operation (the essentials database, the active-active db, the default user).</summary>
    [GeneratedRegex(@"\b(the|my|our|this|that|their|its)\s+(?!(?:essentials?|pro|active-active|active|crdb|geo|free|fixed|new|default|redis|single-region|multi-region|acl|database|db|cloud|account|console|team|aws|gcp|google|transit|private|psc|vpc|source|target|whole|entire|first|last|next|old)\b)[\w-]+\s+(?=(?:db|dbs|database|databases|cache|subscription|sub|service|app|application|user|role|rule|team|workspace|pipeline)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex NamedThing();

    [GeneratedRegex(@"\bredis\s*v?\d+(?:\.\d+)*\b|(?<![\d.])v?\d+\.\d+(?:\.\d+)?(?![\d.])", RegexOptions.IgnoreCase)]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"[\w.:/-]+=[\w.:/-]+")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\b\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?\b")]
    private static partial Regex AddressPattern();
}
