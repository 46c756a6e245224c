using System.Text.Json;

namespace RcMcp.IntegrationTests;

/// <summary>
/// Credentials inside import sources and backup locations (issue 16, part 4): S3 and abs:// keys holding '/', an
/// Azure SAS signature, a presigned S3 URL, an FTP password holding '@', a redis:// password. Through the real server
/// at Verbose, previews, confirmed calls, the confirmation prompts and an API error that echoes a URI; none of their
/// secrets may appear in a tool result (text or structuredContent), a prompt, the log file, stderr, the audit log or
/// any file of the state folder, while where the data goes (scheme, bucket, host, path) stays visible.
/// </summary>
public class UriSecretTests
{
    /// <summary>A unique alphanumeric piece of a secret: every piece is searched for on its own, so a half-masked
    /// secret (the part after a '/' or an '@') is caught, and no escaping (JSON \u002B, %2F) can hide a leak.</summary>
    private static string Piece(string tag) => SecretScan.Remember(tag + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    [Trait("Category", "Native")]
    public async Task Credentials_inside_locations_appear_nowhere_and_the_destination_stays_visible()
    {
        string[] s3Key = [Piece("AKIA"), Piece("S3a"), Piece("S3b"), Piece("S3c")];
        string[] absKey = [Piece("AbsAcct"), Piece("AbsA"), Piece("AbsB")];
        string[] sas = [Piece("SigA"), Piece("SigB")];
        string[] amz = [Piece("CredA"), Piece("AmzSig")];
        string[] ftp = [Piece("FtpA"), Piece("FtpB")];
        var redisPassword = Piece("RedisPw");
        string[] echoed = [Piece("EchoA"), Piece("EchoB")];
        string[] secrets = [.. s3Key, .. absKey, .. sas, .. amz, .. ftp, redisPassword, .. echoed];

        var s3 = $"s3://{s3Key[0]}:{s3Key[1]}/{s3Key[2]}+{s3Key[3]}@rcmcp-redact-bucket/imports/dump.rdb";
        var abs = $"abs://{absKey[0]}:{absKey[1]}/with/{absKey[2]}==@redact-container/backups/daily";
        var sasUrl = $"https://redactacct.blob.core.windows.net/c/dump.rdb?sv=2022-11-02&sig={sas[0]}%2F{sas[1]}%3D&se=2030-01-01&sp=r";
        var presigned = $"https://presigned-bucket.s3.amazonaws.com/dump.rdb?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
                        $"&X-Amz-Credential={amz[0]}%2F20240101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Expires=3600&X-Amz-Signature={amz[1]}";
        var ftpUri = $"ftp://backup:{ftp[0]}@{ftp[1]}@ftp.redact.example.com/dumps/dump.rdb";
        var redisUri = $"redis://default:{redisPassword}@source.redact.example.com:12000";
        var echoedUri = $"abs://acct:{echoed[0]}/{echoed[1]}==@echo-container/blob.rdb";

        await using var sandbox = await TestSandbox.StartAsync();
        var stateDir = Path.Combine(Path.GetTempPath(), $"rcmcp-state-{Guid.NewGuid():N}");
        var prompts = new List<string>();
        try
        {
            await using (var server = await sandbox.StartServerAsync(_ => ServerProcess.Accept(), "--toolsets", "all", "--state-dir", stateDir))
            {
                var (subscriptionId, databaseId) = await sandbox.SeededAsync(server);

                // Previews (dryRun: true): the request and the impact name the destination, without its secrets.
                async Task<string> Preview(string sourceType, string[] uris, params string[] visible)
                {
                    var result = await server.CallAsync("import_database",
                        new { subscriptionId, databaseId, sourceType, importFromUri = uris, dryRun = true });
                    var preview = result.Ok();
                    var body = preview.GetProperty("request").GetProperty("body").GetProperty("importFromUri");
                    foreach (var part in visible)
                    {
                        preview.GetProperty("impact").GetString().ShouldContain(part);
                        body.GetRawText().ShouldContain(part);
                    }
                    return result.Text();
                }
                (await Preview("aws-s3", [s3], "s3://", "@rcmcp-redact-bucket/imports/dump.rdb")).ShouldContain("***redacted***");
                await Preview("azure-blob-storage", [abs], "abs://", "@redact-container/backups/daily");
                await Preview("http", [sasUrl, presigned], "https://redactacct.blob.core.windows.net/c/dump.rdb?sv=2022-11-02", "sp=r",
                    "https://presigned-bucket.s3.amazonaws.com/dump.rdb?X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Expires=3600");
                await Preview("ftp", [ftpUri], "ftp://backup:", "@ftp.redact.example.com/dumps/dump.rdb");
                await Preview("redis", [redisUri], "redis://default:", "@source.redact.example.com:12000");
                sandbox.Mutations.ShouldBeEmpty("a preview sends nothing");

                // The real import (signed URLs: the sandbox, like .NET's Uri, takes no '/' in a user-info): the person is
                // asked, the prompt names where the data comes from, and the API gets the real URIs.
                (await server.CallAsync("import_database",
                    new { subscriptionId, databaseId, sourceType = "http", importFromUri = new[] { sasUrl, presigned }, waitForCompletion = true })).Ok();
                var prompt = server.Elicitations.ShouldHaveSingleItem().Message;
                prompt.ShouldContain("https://redactacct.blob.core.windows.net/c/dump.rdb?sv=2022-11-02");
                prompt.ShouldContain("https://presigned-bucket.s3.amazonaws.com/dump.rdb?X-Amz-Algorithm=AWS4-HMAC-SHA256");
                sandbox.Sandbox.Requests.ShouldContain(r => r.Method == "POST" && r.Body != null && r.Body.Contains(sas[1]) && r.Body.Contains(amz[1]),
                    "the API got the real URIs");

                // A backup to a location with a key: previewed, then run.
                var backupPreview = (await server.CallAsync("backup_database", new { subscriptionId, databaseId, adhocBackupPath = abs, dryRun = true })).Ok();
                backupPreview.GetProperty("impact").GetString().ShouldContain("@redact-container/backups/daily");
                backupPreview.GetProperty("request").GetProperty("body").GetProperty("adhocBackupPath").GetString()
                    .ShouldBe("abs://***redacted***@redact-container/backups/daily");
                (await server.CallAsync("backup_database", new { subscriptionId, databaseId, adhocBackupPath = abs, waitForCompletion = true })).Ok();

                // A remote backup location in an update (an API dry run).
                await server.CallAsync("update_database", new
                {
                    subscriptionId, databaseId, dryRun = true,
                    remoteBackup = new { active = true, interval = "every-24-hours", storageType = "ftp", storagePath = ftpUri },
                });

                // An API error that echoes the URI it refused (the sandbox's Essentials import does, key included).
                var plans = (await server.CallAsync("list_essentials_plans", new { provider = "AWS" })).Ok().GetProperty("plans").EnumerateArray();
                var free = plans.First(p => p.GetProperty("price").GetInt32() == 0);
                var sub = (await server.CallAsync("create_essentials_subscription",
                    new { name = "redact-free", planId = free.GetProperty("id").GetInt32(), waitForCompletion = true })).Ok();
                var essentialsSub = sub.GetProperty("resourceId").GetInt32();
                var db = (await server.CallAsync("create_essentials_database",
                    new { subscriptionId = essentialsSub, name = "redact-cache", waitForCompletion = true })).Ok();
                var essentialsDb = db.GetProperty("resourceId").GetInt32();
                // The Essentials import takes the S3 key with '/': the prompt shows the bucket, the status read back too.
                (await server.CallAsync("import_essentials_database",
                    new { subscriptionId = essentialsSub, databaseId = essentialsDb, sourceType = "aws-s3", importFromUri = new[] { s3 }, waitForCompletion = true })).Ok();
                server.Elicitations.Last().Message.ShouldContain("s3://***redacted***@rcmcp-redact-bucket/imports/dump.rdb");
                sandbox.Sandbox.Requests.ShouldContain(r => r.Method == "POST" && r.Body != null && r.Body.Contains(s3Key[2]), "the API got the real key");
                (await server.CallAsync("get_essentials_database_import_status", new { subscriptionId = essentialsSub, databaseId = essentialsDb })).Ok();
                var refused = await server.CallAsync("import_essentials_database",
                    new { subscriptionId = essentialsSub, databaseId = essentialsDb, sourceType = "aws-s3", importFromUri = new[] { echoedUri } });
                refused.IsError.ShouldBe(true, refused.Text());
                refused.Text().ShouldContain("abs://***redacted***@echo-container/blob.rdb");

                prompts.AddRange(server.Elicitations.Select(e => JsonSerializer.Serialize(e)));
                var outputs = new List<(string, string)>
                {
                    ("tool results", string.Join("\n", server.Results)),
                    ("confirmation prompts", string.Join("\n", prompts)),
                    ("log file", await File.ReadAllTextAsync(server.LogPath)),
                    ("audit log", await File.ReadAllTextAsync(server.AuditPath)),
                    ("stderr", string.Join("\n", server.StandardError)),
                };
                NoneOf(secrets, outputs);
                outputs[2].Item2.ShouldContain("tools/call", customMessage: "the Verbose log holds the calls");
                // (The Verbose trace names a call's arguments, not their values; the API error is logged whole.)
                outputs[2].Item2.ShouldContain("abs://***redacted***@echo-container/blob.rdb");
                var audited = server.AuditLines().Select(a => a.GetProperty("tool").GetString()).ToList();
                audited.ShouldContain("import_database");
                audited.ShouldContain("backup_database");
                outputs[3].Item2.ShouldContain("presigned-bucket.s3.amazonaws.com/dump.rdb");
                outputs[3].Item2.ShouldContain("@redact-container/backups/daily");
            }
            // After the server ended (everything flushed): every file of the state folder.
            var stateFiles = Directory.EnumerateFiles(stateDir, "*", SearchOption.AllDirectories).ToList();
            stateFiles.ShouldNotBeEmpty();
            NoneOf(secrets, stateFiles.Select(f => ($"state file {Path.GetFileName(f)}", File.ReadAllText(f))).ToList());
        }
        finally
        {
            try { Directory.Delete(stateDir, recursive: true); } catch (IOException) { }
        }
    }

    private static void NoneOf(string[] secrets, IReadOnlyList<(string Where, string Text)> outputs)
    {
        var hits = (from s in secrets from o in outputs where o.Text.Contains(s, StringComparison.Ordinal) select $"{o.Where} contains {s}").ToList();
        hits.ShouldBeEmpty();
    }
}
