using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace RcMcp.Server.Approvals;

/// <summary>
/// One change waiting for a person's approval. <see cref="Id"/> names it in URLs and may be shown to the model;
/// <see cref="Secret"/> is the key that goes only into the URL the server opens for the person (never to the model,
/// never to a log, never serialised: it is <see cref="JsonIgnoreAttribute">ignored</see> by JSON).
/// <see cref="Principal"/>, <see cref="CallDigest"/> and <see cref="PolicyKey"/> are opaque to this component: the
/// safety gate compares them when it takes the approval, so that it authorises only the call it was asked for.
/// </summary>
public sealed record ApprovalRequest(
    string Id,
    [property: JsonIgnore] string Secret,
    string Tool,
    string Title,
    string Principal,
    string CallDigest,
    string PolicyKey,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    ApprovalPreview Preview)
{
    /// <summary>A new approval with a fresh random id and secret, expiring <paramref name="lifetime"/> from now.</summary>
    public static ApprovalRequest Create(string tool, string title, string principal, string callDigest, string policyKey,
        ApprovalPreview preview, TimeProvider time, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        return new ApprovalRequest(NewKey(), NewKey(), tool, title, principal, callDigest, policyKey, now, now + lifetime, preview);
    }

    /// <summary>
    /// The SHA-256 digest of <see cref="Secret"/>: where an approval is kept in a shared store (Redis), only the digest
    /// is stored, and a request read back from it carries the digest and an empty <see cref="Secret"/>.
    /// </summary>
    [JsonIgnore]
    public byte[] SecretDigest { get; init; } = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Secret));

    /// <summary>Whether <paramref name="presented"/> is the link's secret (constant time, on SHA-256 digests, so the
    /// length of the secret does not leak either).</summary>
    public bool SecretMatches(string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(presented ?? "")), SecretDigest);

    /// <summary>128 random bits from the system's CSPRNG, base64url without padding (22 characters).</summary>
    public static string NewKey() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    // The record's generated ToString would print the secret: keep it out of any accidental log line.
    public override string ToString() => $"ApprovalRequest {{ Id = {Id}, Tool = {Tool}, ExpiresAt = {ExpiresAt:O} }}";
}

/// <summary>What the person sees before deciding. Every text is shown HTML-encoded; the gate redacts it first.</summary>
/// <param name="Target">The resource the call acts on, as fetched before the call (may be null for a create).</param>
/// <param name="Changes">One entry per field that changes: before → after, or entries added and removed for lists.</param>
/// <param name="Lost">What is lost for good (data, access, connectivity), or null.</param>
/// <param name="Price">What it costs (from the dry run), or null.</param>
/// <param name="Request">The exact request that will be sent, with its body redacted.</param>
/// <param name="SecretInputs">Argument names (e.g. <c>password</c>) the person may type on the page instead of
/// giving them to the model; the typed values come back from <see cref="IApprovalBook.TakeApproved"/>.</param>
public sealed record ApprovalPreview(
    ApprovalTarget? Target,
    IReadOnlyList<FieldChange> Changes,
    string? Lost,
    string? Price,
    PreviewRequest Request,
    IReadOnlyList<string> SecretInputs);

/// <summary>The target's name, id and state; any may be null.</summary>
public sealed record ApprovalTarget(string? Name, string? Id, string? State);

/// <summary>
/// One changing field: <see cref="Before"/> → <see cref="After"/> (null: not set / removed), and for a list that is
/// replaced, the entries <see cref="Added"/> and <see cref="Removed"/>.
/// </summary>
public sealed record FieldChange(string Field, string? Before, string? After,
    IReadOnlyList<string>? Added = null, IReadOnlyList<string>? Removed = null);

/// <summary>The HTTP request the call will send: method, URL and the redacted JSON body (or null).</summary>
public sealed record PreviewRequest(string Method, string Url, string? Body);
