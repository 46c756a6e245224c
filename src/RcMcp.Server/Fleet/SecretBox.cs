using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace RcMcp.Server.Fleet;

/// <summary>
/// Seals the secrets a person typed on the approval page (a new password, say) for the short time between their
/// decision and the call that takes the approval, possibly on another instance: AES-256-GCM under a key derived
/// (HKDF-SHA256) from RCMCP_STATE_KEY, which every instance of a fleet shares, bound to the approval's id. Redis only
/// ever holds the sealed bytes, and only until the approval is taken (the take removes them) or its entry expires.
/// </summary>
public sealed class SecretBox
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public SecretBox(byte[] stateKey)
    {
        if (stateKey.Length < 32) throw new ArgumentException("The state key needs at least 256 bits.", nameof(stateKey));
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, stateKey, 32, salt: [], info: Encoding.ASCII.GetBytes("rcmcp approval typed secrets v1"));
    }

    public string Seal(string approvalId, IReadOnlyDictionary<string, string> secrets)
    {
        var json = new JsonObject();
        foreach (var (name, value) in secrets) json[name] = value;
        var plain = Encoding.UTF8.GetBytes(json.ToJsonString());
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_key, TagSize))
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(approvalId));
        CryptographicOperations.ZeroMemory(plain);
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The secrets, or null when the bytes were not sealed for this approval under this key.</summary>
    public Dictionary<string, string>? Open(string approvalId, string sealedText)
    {
        var sealedBytes = new byte[sealedText.Length];
        if (!Convert.TryFromBase64String(sealedText, sealedBytes, out var length) || length < NonceSize + TagSize) return null;
        var plain = new byte[length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize, plain.Length), sealedBytes.AsSpan(NonceSize, TagSize), plain,
                Encoding.UTF8.GetBytes(approvalId));
            if (JsonNode.Parse(plain) is not JsonObject json) return null;
            var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in json)
                if (value is JsonValue v && v.TryGetValue(out string? text)) secrets[name] = text;
            return secrets;
        }
        catch (Exception e) when (e is CryptographicException or System.Text.Json.JsonException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
