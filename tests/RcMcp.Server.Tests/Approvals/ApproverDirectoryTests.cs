using RcMcp.Server.Approvals;

namespace RcMcp.Server.Tests.Approvals;

public class ApproverDirectoryTests
{
    private static readonly string AliceHash = ApproverDirectory.HashSecret("correct horse battery staple", ApproverDirectory.MinimumIterations);

    [Fact]
    public void The_right_secret_verifies_and_wrong_ones_do_not()
    {
        var directory = ApproverDirectory.FromEntries([("alice", AliceHash)]);
        directory.Verify("alice", "correct horse battery staple").ShouldBeTrue();
        directory.Verify(" alice ", "correct horse battery staple").ShouldBeTrue();
        directory.Verify("alice", "correct horse battery stapler").ShouldBeFalse();
        directory.Verify("alice", "").ShouldBeFalse();
        directory.Verify("alice", null).ShouldBeFalse();
        directory.Verify("bob", "correct horse battery staple").ShouldBeFalse();
        directory.Verify(null, "correct horse battery staple").ShouldBeFalse();
    }

    [Fact]
    public void A_hash_has_the_documented_format_and_a_fresh_salt()
    {
        var parts = AliceHash.Split('$');
        parts.Length.ShouldBe(4);
        parts[0].ShouldBe("pbkdf2-sha256");
        int.Parse(parts[1]).ShouldBeGreaterThanOrEqualTo(100_000);
        Convert.FromBase64String(parts[2]).Length.ShouldBe(16);
        Convert.FromBase64String(parts[3]).Length.ShouldBe(32);
        ApproverDirectory.HashSecret("correct horse battery staple", ApproverDirectory.MinimumIterations).ShouldNotBe(AliceHash);
        ApproverDirectory.HashSecret("x").Split('$')[1].ShouldBe(ApproverDirectory.DefaultIterations.ToString());
    }

    [Fact]
    public void A_hash_matches_the_standard_pbkdf2_sha256()
    {
        // The stored hash is plain PBKDF2-HMAC-SHA256 of the UTF-8 secret with the stored salt and count (32 bytes), so
        // other tools (Python's hashlib.pbkdf2_hmac, OpenSSL) can make entries for the file too.
        var parts = AliceHash.Split('$');
        var expected = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2("correct horse battery staple"u8,
            Convert.FromBase64String(parts[2]), int.Parse(parts[1]), System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
        Convert.ToBase64String(expected).ShouldBe(parts[3]);
    }

    [Theory]
    [InlineData("sha256$100000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$100000$not base64$aGFzaGhhc2hoYXNoaGFzaA==")]
    [InlineData("pbkdf2-sha256$100000$c2FsdHNhbHQ=")]
    public void Weak_or_malformed_hashes_are_refused(string hash) =>
        Should.Throw<FormatException>(() => ApproverDirectory.FromEntries([("alice", hash)]));

    [Fact]
    public void The_file_loads_when_private_to_its_owner_and_is_refused_when_others_can_read_it()
    {
        if (OperatingSystem.IsWindows()) return;
        var path = Path.Combine(Path.GetTempPath(), $"rcmcp-approvers-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, $$"""{"approvers":[{"name":"alice","secretHash":"{{AliceHash}}"}]}""");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            ApproverDirectory.Load(path).Verify("alice", "correct horse battery staple").ShouldBeTrue();

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var refused = Should.Throw<ApproverFileException>(() => ApproverDirectory.Load(path));
            refused.Message.ShouldContain("chmod 600");
            refused.Message.ShouldContain("644");

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.WriteAllText(path, """{"approvers":[{"name":"alice"}]}""");
            Should.Throw<ApproverFileException>(() => ApproverDirectory.Load(path)).Message.ShouldContain("secretHash");
        }
        finally
        {
            File.Delete(path);
        }
        Should.Throw<ApproverFileException>(() => ApproverDirectory.Load(path)).Message.ShouldContain("does not exist");
    }
}
