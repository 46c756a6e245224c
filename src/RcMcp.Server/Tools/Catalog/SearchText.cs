using System.Text;

namespace RcMcp.Server.Tools.Catalog;

/// <summary>
/// How search_operations reads text, the operations' and a request's alike: camelCase and snake_case split, lower
/// case, numbers and stop words left out, and a light stemming (plurals, -ing, -ed, a final e) so that "peerings",
/// "peering" and "peer", or "created" and "create", meet.
/// </summary>
public static class SearchText
{
    /// <summary>Words that say nothing about which operation is meant.</summary>
    public static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "to", "for", "in", "into", "on", "onto", "at", "by", "from", "with", "without", "and", "or",
        "but", "not", "no", "so", "as", "if", "than", "then", "also", "too", "just", "only", "very", "really", "please",
        "i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours", "he", "she", "they", "them", "their",
        "it", "its", "it's", "this", "that", "these", "those", "there", "here", "someone", "something", "anything",
        "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "doing", "have", "has", "had",
        "can", "could", "would", "should", "will", "shall", "may", "might", "must", "let", "lets", "let's",
        "want", "wants", "need", "needs", "like", "i'm", "we're", "don't", "doesn't", "isn't", "what's", "how's",
        "how", "what", "which", "who", "whom", "when", "where", "why", "whether", "all", "any", "some", "each", "every",
        "about", "again", "up", "out", "off", "over", "under", "via", "per", "yet", "now", "still", "already",
        "hey", "hi", "thanks", "ok", "okay", "one", "ones", "thing", "things", "stuff", "called", "named", "actually", "existing", "current", "currently",
    };

    /// <summary>The words of a text, stemmed, stop words left out.</summary>
    public static List<string> Terms(string text) => Tokens(text).Where(t => !StopWords.Contains(t)).Select(Stem).ToList();

    /// <summary>The words of a text in order, lower case, not stemmed, stop words kept (for phrases); numbers left out.</summary>
    public static List<string> Tokens(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 1 && !current.ToString().All(char.IsDigit)) words.Add(current.ToString());
            current.Clear();
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c) && c != '\'') { Flush(); continue; }
            if (c == '\'')
            {
                // An apostrophe inside a word (don't, app's) keeps the word whole for the stop list; "app's" is "app".
                if (current.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]))
                {
                    if (text[i + 1] is 's' or 'S' && (i + 2 >= text.Length || !char.IsLetter(text[i + 2]))) { Flush(); i++; continue; }
                    current.Append(c);
                }
                else Flush();
                continue;
            }
            if (current.Length > 0)
            {
                var previous = text[i - 1];
                // camelCase and PascalCase: sourceIp, PrivateLink, PSCService; letters and digits: 5GB, europe-west1.
                var boundary = (char.IsLower(previous) && char.IsUpper(c))
                               || (char.IsUpper(previous) && char.IsUpper(c) && i + 1 < text.Length && char.IsLower(text[i + 1]))
                               || (char.IsDigit(previous) != char.IsDigit(c));
                if (boundary) Flush();
            }
            current.Append(char.ToLowerInvariant(c));
        }
        Flush();
        return words;
    }

    /// <summary>A light stemmer: plurals, -ing, -ed, then a final e (create, created, creating: creat).</summary>
    public static string Stem(string word)
    {
        var w = word;
        if (w.Length <= 3) return w;
        if (Exceptions.TryGetValue(w, out var kept)) return kept;
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4) w = w[..^3] + "y";
        else if (w.EndsWith("sses", StringComparison.Ordinal)) w = w[..^2];
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal))
            w = w[..^1];

        if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length - 3 >= 3) w = Undouble(w[..^3]);
        else if (w.EndsWith("ed", StringComparison.Ordinal) && w.Length - 2 >= 3) w = Undouble(w[..^2]);

        if (w.EndsWith('e') && w.Length - 1 >= 3) w = w[..^1];
        return w;
    }

    /// <summary>Words the rules would merge with another word (settings is not set).</summary>
    private static readonly Dictionary<string, string> Exceptions = new(StringComparer.Ordinal)
    {
        ["setting"] = "setting", ["settings"] = "setting", ["string"] = "string", ["strings"] = "string",
    };

    /// <summary>logg(ed) is log, stopp(ed) is stop; but not ll, ss, zz (called, passed) nor below three letters (add).</summary>
    private static string Undouble(string w) =>
        w.Length >= 4 && w[^1] == w[^2] && w[^1] is not ('l' or 's' or 'z') && !"aeiou".Contains(w[^1]) ? w[..^1] : w;
}
