namespace RcMcp.IntegrationTests;

/// <summary>
/// Secrets sent in arguments never come back: not in results, not in the Verbose log or the log file, not in the
/// audit log (misspelt fields included). The scan itself runs when each server is disposed (<see cref="SecretScan"/>).
/// </summary>
public class SecretTests
{
    [Fact]
    [Trait("Category", "Native")]
    public async Task Passwords_in_arguments_appear_nowhere_at_verbose_level()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var password = SecretScan.Remember("Db-Pass-" + Guid.NewGuid().ToString("N")[..12]);
        var uriPassword = SecretScan.Remember("Uri-Pass-" + Guid.NewGuid().ToString("N")[..12]);
        var misspelt = SecretScan.Remember("Typo-Pass-" + Guid.NewGuid().ToString("N")[..12]);
        await using (var server = await sandbox.StartServerAsync("--dangerously-skip-confirmation"))
        {
            var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);
            var update = new Dictionary<string, object?>
            {
                ["subscriptionId"] = subscriptionId, ["databaseId"] = databaseId, ["password"] = password,
                ["replica"] = new Dictionary<string, object?> { ["syncSources"] = new[] { new Dictionary<string, object?> { ["endpoint"] = $"redis://admin:{uriPassword}@10.0.0.9:12000" } } },
            };
            (await server.CallAsync("update_database", new Dictionary<string, object?>(update) { ["dryRun"] = true })).Ok();
            (await server.CallAsync("update_database", update)).Ok();
            (await server.CallAsync("get_database", new { subscriptionId, databaseId })).Ok();

            var typo = await server.CallAsync("update_database", new Dictionary<string, object?> { ["subscriptionId"] = subscriptionId, ["databaseId"] = databaseId, ["passwrd"] = misspelt });
            typo.IsError.ShouldBe(true);
            typo.Text().ShouldContain("passwrd");
            var audit = string.Join("\n", server.AuditLines().Select(a => a.GetRawText()));
            audit.ShouldContain("passwrd");
            audit.ShouldContain("not a field of this tool");

            // The sandbox received them (the change was made) ...
            sandbox.Sandbox.Requests.ShouldContain(r => r.Body != null && r.Body.Contains(password));
            // ... and the server wrote its Verbose log; the scan at dispose looks for all three everywhere.
            (await File.ReadAllTextAsync(server.LogPath)).ShouldContain("tools/call");
        }
    }
}
