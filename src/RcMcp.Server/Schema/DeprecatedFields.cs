using System.Text.Json.Nodes;

namespace RcMcp.Server.Schema;

/// <summary>
/// The spec's deprecated request fields that our tools answer with their replacement instead of "is not a known
/// field". Each was decided on its own (the spec marks all of them <c>deprecated: true</c>):
/// <list type="bullet">
/// <item><c>memoryLimitInGb</c> → <c>datasetSizeInGb</c>: the same body takes both but refuses the two together, and
/// the replacement is the one the sizing, previews and prices speak of; one way to say a size keeps them right.</item>
/// <item><c>replicaOf</c> → <c>replica</c>: every URI of the list is one <c>syncSources</c> endpoint of the
/// replacement, which also takes the TLS settings of each source.</item>
/// <item><c>clientSslCertificate</c> → <c>clientTlsCertificates</c>: one certificate, against a list of them.</item>
/// <item><c>periodicBackupPath</c> → <c>remoteBackup</c> (Pro databases; for Essentials it is current and
/// accepted): the replacement says the interval and storage type along with the path.</item>
/// <item>create_subscription's top-level <c>redisVersion</c> → each database's <c>redisVersion</c>, as the spec's
/// description of the field says.</item>
/// </list>
/// Deprecated fields without a replacement are accepted and sent, since the API still takes them:
/// <c>averageItemSizeInBytes</c> (create_database, create_subscription's databases) and <c>respVersion</c> of
/// add_active_active_region. An answer applies only where the replacement is a field of the same object, so a tool
/// for which the name is current never gets it.
/// </summary>
public static class DeprecatedFields
{
    /// <param name="Field">The deprecated field.</param>
    /// <param name="Instead">The replacement, as a path from the object that holds <paramref name="Field"/>:
    /// "datasetSizeInGb", or "databases[].redisVersion" for a field of each item of an array.</param>
    /// <param name="Note">How a value of the old field maps to the new one.</param>
    public sealed record Replacement(string Field, string Instead, string Note);

    private static readonly Dictionary<string, Replacement> ByField = new[]
    {
        new Replacement("memoryLimitInGb", "datasetSizeInGb",
            "the data size before replication: with replication on, half of the memory limit"),
        new Replacement("replicaOf", "replica", "each URI becomes one syncSources endpoint"),
        new Replacement("clientSslCertificate", "clientTlsCertificates", "a list: one entry per PEM certificate"),
        new Replacement("periodicBackupPath", "remoteBackup", "storagePath is the backup location"),
        new Replacement("redisVersion", "databases[].redisVersion", "set on each database"),
    }.ToDictionary(r => r.Field, StringComparer.Ordinal);

    /// <summary>The replacement of <paramref name="field"/> in an object of <paramref name="objectSchema"/>, with the
    /// replacement's schema; null when the field is not a deprecated one that this object replaces.</summary>
    public static (Replacement Replacement, JsonObject Schema)? Find(JsonObject objectSchema, string field)
    {
        if (!ByField.TryGetValue(field, out var replacement)) return null;
        JsonObject? schema = objectSchema;
        foreach (var segment in replacement.Instead.Split('.'))
        {
            var array = segment.EndsWith("[]", StringComparison.Ordinal);
            schema = schema?["properties"]?[array ? segment[..^2] : segment] as JsonObject;
            if (array) schema = schema?["items"] as JsonObject;
        }
        return schema is null ? null : (replacement, schema);
    }

    /// <summary>The refusal of a deprecated field: what to send instead, with a value that validates.</summary>
    public static ArgumentError Error(string path, Replacement replacement, JsonObject schema)
    {
        var name = replacement.Instead[(replacement.Instead.LastIndexOf('.') + 1)..];
        var example = SchemaExamples.For(schema, name) is { } value ? $"\"{name}\": {ServerJson.Serialize(value)}" : $"\"{name}\"";
        var where = replacement.Instead.Contains('.') ? $" in each item of {replacement.Instead[..replacement.Instead.IndexOf("[]", StringComparison.Ordinal)]}" : "";
        return new ArgumentError(path, $"is deprecated; use {replacement.Instead} instead",
            $"replace \"{replacement.Field}\" with {example}{where} ({replacement.Note})");
    }
}
