using System.Diagnostics;
using RcMcp.Server.Cli;
using RcMcp.Server.Hosting;
using RcMcp.Server.Pipeline;

namespace RcMcp.Server.Tests;

/// <summary>
/// Another local user cannot turn RcMcp's state files against their owner: links, planted or loose files and open
/// folders are refused (nothing is written through them), damaged stores are moved aside, keys files others can read
/// get a warning and an apiUrl others can change is refused. The tests run as root, so the attacker is a second
/// user: nobody (65534), through setpriv, or files chowned to it when setpriv is missing.
/// </summary>
public sealed class StateFilesTests : IDisposable
{
    private const int Nobody = 65534;
    private static readonly ManualTime Time = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly string _root = Directory.CreateTempSubdirectory("rcmcp-statefiles-").FullName;

    // The attacker (nobody) must reach the folders under the root, as under a home folder.
    public StateFilesTests() => File.SetUnixFileMode(_root, (UnixFileMode)0x1ED); // 0755

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A state folder as RcMcp makes it (0700).</summary>
    private string StateFolder() => StateFiles.EnsurePrivateFolder(Path.Combine(_root, "state"));

    /// <summary>A file of the person's that an attacker would like overwritten (their ~/.bashrc).</summary>
    private string Victim()
    {
        var home = Directory.CreateDirectory(Path.Combine(_root, "home")).FullName;
        var bashrc = Path.Combine(home, ".bashrc");
        File.WriteAllText(bashrc, "export PATH=$HOME/bin:$PATH\n");
        return bashrc;
    }

    private static UnixFileMode Mode(string path) => File.GetUnixFileMode(path);

    [Fact]
    public void The_state_folder_is_created_0700_and_the_store_and_its_lock_0600()
    {
        var folder = StateFolder();
        Mode(folder).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var store = GateStore.InFile(Path.Combine(folder, "gate.json"));
        new DryRunLedger(Time, TimeSpan.FromMinutes(10), store).Record("h", new JsonDryRun(null));
        Mode(Path.Combine(folder, "gate.json")).ShouldBe(StateFiles.PrivateFile);
        Mode(Path.Combine(folder, "gate.json.lock")).ShouldBe(StateFiles.PrivateFile);
    }

    [Fact]
    public void A_symlinked_store_is_refused_and_its_target_is_untouched()
    {
        var folder = StateFolder();
        var bashrc = Victim();
        var before = File.ReadAllText(bashrc);
        var gate = Path.Combine(folder, "gate.json");
        File.CreateSymbolicLink(gate, bashrc);
        var store = GateStore.InFile(gate);

        Should.Throw<UnsafeStateFileException>(store.Check).Message.ShouldContain("symbolic link");
        Should.Throw<UnsafeStateFileException>(() => new DryRunLedger(Time, TimeSpan.FromMinutes(10), store).Record("h", new JsonDryRun(null)));
        Should.Throw<UnsafeStateFileException>(() => new ConfirmationTokens(Time, TimeSpan.FromMinutes(5), store).Issue("delete_database", "h"));
        File.ReadAllText(bashrc).ShouldBe(before);
        File.ResolveLinkTarget(gate, returnFinalTarget: false)!.FullName.ShouldBe(bashrc);
    }

    [Fact]
    public void A_hard_link_to_another_file_of_the_person_is_refused()
    {
        var folder = StateFolder();
        var bashrc = Victim();
        var before = File.ReadAllText(bashrc);
        Run("ln", bashrc, Path.Combine(folder, "gate.json"));
        Should.Throw<UnsafeStateFileException>(GateStore.InFile(Path.Combine(folder, "gate.json")).Check).Message.ShouldContain("hard links");
        File.ReadAllText(bashrc).ShouldBe(before);
    }

    [Fact]
    public void A_planted_0666_store_is_refused_and_not_rewritten()
    {
        var folder = StateFolder();
        var gate = Path.Combine(folder, "gate.json");
        const string planted = """{"dryRuns":{},"tokens":{"rcmcp-confirm-planted":{"tool":"delete_database","hash":"h","expires":99999999999999,"used":false}}}""";
        File.WriteAllText(gate, planted);
        File.SetUnixFileMode(gate, (UnixFileMode)0x1B6); // 0666

        var error = Should.Throw<UnsafeStateFileException>(GateStore.InFile(gate).Check);
        error.Message.ShouldContain(gate);
        error.Message.ShouldContain("0666");
        error.Message.ShouldContain($"rm '{gate}'");
        File.ReadAllText(gate).ShouldBe(planted);
        Mode(gate).ShouldBe((UnixFileMode)0x1B6);
    }

    [Fact]
    public void A_store_owned_by_another_user_is_refused()
    {
        var folder = StateFolder();
        var gate = Path.Combine(folder, "gate.json");
        File.WriteAllText(gate, """{"dryRuns":{},"tokens":{}}""");
        File.SetUnixFileMode(gate, StateFiles.PrivateFile);
        Run("chown", $"{Nobody}:{Nobody}", gate);
        Should.Throw<UnsafeStateFileException>(GateStore.InFile(gate).Check).Message.ShouldContain("belongs to another user");
    }

    [Fact]
    public void A_world_writable_state_folder_is_refused_by_name_and_a_link_planted_there_by_another_user_is_never_followed()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "shared")).FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0x1FF); // 0777, no sticky bit
        var bashrc = Victim();
        var before = File.ReadAllText(bashrc);
        var gate = Path.Combine(folder, "gate.json");
        Attacker($"ln -s '{bashrc}' '{gate}'", gate);
        File.GetAttributes(gate).HasFlag(FileAttributes.ReparsePoint).ShouldBeTrue();

        var error = Should.Throw<UnsafeStateFileException>(() => StateFiles.EnsurePrivateFolder(folder));
        error.Message.ShouldContain(folder);
        error.Message.ShouldContain("chmod 700");
        Should.Throw<UnsafeStateFileException>(GateStore.InFile(gate).Check).Message.ShouldContain(folder);
        Should.Throw<UnsafeStateFileException>(() => new DryRunLedger(Time, TimeSpan.FromMinutes(10), GateStore.InFile(gate)).Record("h", new JsonDryRun(null)));
        File.ReadAllText(bashrc).ShouldBe(before);
        Startup.Check(new ServerOptions { StateDir = folder, Sandbox = true })!.ShouldContain(folder);
    }

    [Fact]
    public void A_state_folder_of_another_user_is_refused_by_name()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "theirs")).FullName;
        File.SetUnixFileMode(folder, (UnixFileMode)0x1C0); // 0700
        Run("chown", $"{Nobody}:{Nobody}", folder);
        var error = Should.Throw<UnsafeStateFileException>(() => StateFiles.EnsurePrivateFolder(folder));
        error.Message.ShouldContain(folder);
        error.Message.ShouldContain("another user");
    }

    [Theory]
    [InlineData("not json {", "not valid JSON")]
    [InlineData("[1, 2]", "does not hold a JSON object")]
    [InlineData("""{"dryRuns": 5, "tokens": {}}""", "\"dryRuns\" is not an object")]
    [InlineData("""{"dryRuns": {}, "tokens": []}""", "\"tokens\" is not an object")]
    [InlineData("""{"dryRuns": {"h": {"at": "soon"}}, "tokens": {}}""", "the dry run h")]
    [InlineData("""{"dryRuns": {"h": 5}, "tokens": {}}""", "the dry run h")]
    [InlineData("""{"dryRuns": {"h": {"at": 1, "reservedBy": 7, "reservedAt": 1}}, "tokens": {}}""", "the dry run h")]
    [InlineData("""{"dryRuns": {}, "tokens": {"t": {"tool": 1, "hash": "h", "expires": 1, "used": false}}}""", "the token t")]
    [InlineData("""{"dryRuns": {}, "tokens": {"t": {"tool": "x", "hash": "h", "expires": 1, "used": "no"}}}""", "the token t")]
    public void A_damaged_or_wrong_typed_store_is_moved_aside_with_a_timestamp_and_a_fresh_one_used(string content, string why)
    {
        var folder = StateFolder();
        var gate = Path.Combine(folder, "gate.json");
        File.WriteAllText(gate, content);
        File.SetUnixFileMode(gate, StateFiles.PrivateFile);
        var store = GateStore.InFile(gate, Time);

        store.Check();
        var notice = store.TakeNotice();
        notice.ShouldNotBeNull();
        notice.ShouldContain(why);
        var aside = gate + ".damaged-20261122T120000Z";
        notice.ShouldContain(aside);
        File.ReadAllText(aside).ShouldBe(content);
        store.TakeNotice().ShouldBeNull("the person is told once");

        var ledger = new DryRunLedger(Time, TimeSpan.FromMinutes(10), store);
        ledger.Record("h", new JsonDryRun(null));
        ledger.TryReserve("h").ShouldBe(DryRunClaim.Reserved);
        new ConfirmationTokens(Time, TimeSpan.FromMinutes(5), store).Issue("delete_database", "c").Token.ShouldStartWith("rcmcp-confirm-");
        store.TakeNotice().ShouldBeNull();

        // A second damage in the same second keeps the first copy.
        File.WriteAllText(gate, "{");
        store.Check();
        store.TakeNotice()!.ShouldContain(aside + "-1");
        File.ReadAllText(aside).ShouldBe(content);
    }

    [Fact]
    public void An_oversized_store_is_moved_aside_unread()
    {
        var folder = StateFolder();
        var gate = Path.Combine(folder, "gate.json");
        using (var file = new FileStream(gate, FileMode.CreateNew)) file.SetLength(GateStore.MaxBytes + 1);
        File.SetUnixFileMode(gate, StateFiles.PrivateFile);
        var store = GateStore.InFile(gate, Time);

        store.Check();
        store.TakeNotice()!.ShouldContain("over the 16 MB");
        new FileInfo(gate + ".damaged-20261122T120000Z").Length.ShouldBe(GateStore.MaxBytes + 1);
        new DryRunLedger(Time, TimeSpan.FromMinutes(10), store).Record("h", new JsonDryRun(null));
        new FileInfo(gate).Length.ShouldBeLessThan(1000);
    }

    [Fact]
    public void Two_stores_on_one_file_reserve_one_dry_run_once()
    {
        var gate = Path.Combine(StateFolder(), "gate.json");
        var ledgers = new[] { GateStore.InFile(gate), GateStore.InFile(gate) }.Select(s => new DryRunLedger(TimeProvider.System, TimeSpan.FromMinutes(10), s)).ToArray();
        ledgers[0].Record("h", new JsonDryRun(null));
        var claims = new System.Collections.Concurrent.ConcurrentBag<DryRunClaim>();
        Parallel.For(0, 32, i => claims.Add(ledgers[i % 2].TryReserve("h")));
        claims.Count(c => c == DryRunClaim.Reserved).ShouldBe(1);
    }

    [Fact]
    public void Private_files_are_created_0600_and_an_older_loose_one_of_ours_is_tightened_with_a_notice()
    {
        var folder = StateFolder();
        var audit = Path.Combine(folder, "audit.jsonl");
        using (var file = StateFiles.OpenPrivate(audit, append: true, LoosePermissions.Tighten)) file.Write("{}\n"u8);
        Mode(audit).ShouldBe(StateFiles.PrivateFile);

        File.SetUnixFileMode(audit, (UnixFileMode)0x1A4); // 0644, as earlier versions created it
        var notices = new List<string>();
        using (var file = StateFiles.OpenPrivate(audit, append: true, LoosePermissions.Tighten, notices.Add)) file.Write("{}\n"u8);
        Mode(audit).ShouldBe(StateFiles.PrivateFile);
        notices.ShouldHaveSingleItem().ShouldContain("0644");
        File.ReadAllText(audit).ShouldBe("{}\n{}\n");

        var bashrc = Victim();
        File.CreateSymbolicLink(Path.Combine(folder, "linked.jsonl"), bashrc);
        Should.Throw<UnsafeStateFileException>(() => StateFiles.OpenPrivate(Path.Combine(folder, "linked.jsonl"), append: true, LoosePermissions.Tighten));
        File.ReadAllText(bashrc).ShouldBe("export PATH=$HOME/bin:$PATH\n");
    }

    [Fact]
    public async Task A_cost_report_is_saved_0600_and_never_through_a_link()
    {
        var folder = Path.Combine(StateFolder(), "reports");
        var path = await Tools.Logs.CostReportFile.SaveAsync(folder, "r-1", "csv", "a\n", CancellationToken.None, privateFolder: true);
        Mode(path).ShouldBe(StateFiles.PrivateFile);
        Mode(folder).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var bashrc = Victim();
        File.CreateSymbolicLink(Path.Combine(folder, "r-2.csv"), bashrc);
        await Tools.Logs.CostReportFile.SaveAsync(folder, "r-2", "csv", "b\n", CancellationToken.None, privateFolder: true);
        File.ReadAllText(bashrc).ShouldBe("export PATH=$HOME/bin:$PATH\n");
        File.ReadAllText(Path.Combine(folder, "r-2.csv")).ShouldBe("b\n");
    }

    [Fact]
    public void A_keys_file_others_can_read_gets_a_warning_and_a_private_one_none()
    {
        var keys = Path.Combine(_root, "keys.json");
        File.WriteAllText(keys, """{"apikey": "k", "secretkey": "s"}""");
        File.SetUnixFileMode(keys, (UnixFileMode)0x1A4); // 0644
        var warnings = new List<string>();
        CliKeys.Apply(new ServerOptions(), keys, null, null, false, false, warnings.Add).ShouldBeNull();
        warnings.ShouldHaveSingleItem().ShouldContain("UNPROTECTED KEYS FILE");
        warnings[0].ShouldContain($"chmod 600 '{keys}'");

        File.SetUnixFileMode(keys, StateFiles.PrivateFile);
        warnings.Clear();
        var options = new ServerOptions();
        CliKeys.Apply(options, keys, null, null, false, false, warnings.Add).ShouldBeNull();
        warnings.ShouldBeEmpty();
        options.ApiKey.ShouldBe("k");
    }

    [Theory]
    [InlineData(0x1B4, 0x1C0)] // file 0664 (group-writable) in a private folder
    [InlineData(0x180, 0x1FF)] // file 0600 in a folder anyone can write in (no sticky bit)
    public void An_apiUrl_from_a_file_others_can_change_is_refused(int fileMode, int folderMode)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "config")).FullName;
        var config = Path.Combine(folder, "config.json");
        File.WriteAllText(config, """{"profiles": {"staging": {"apiKey": "k", "secretKey": "s", "apiUrl": "https://evil.example/v1"}}}""");
        File.SetUnixFileMode(config, (UnixFileMode)fileMode);
        File.SetUnixFileMode(folder, (UnixFileMode)folderMode);
        var options = new ServerOptions();
        var problem = CliKeys.Apply(options, null, "staging", config, false, false, _ => { });
        problem.ShouldNotBeNull();
        problem.ShouldContain("refusing the apiUrl");
        problem.ShouldContain(config);
        options.ApiUrl.ShouldBe(RcMcp.Cloud.RedisCloudOptions.DefaultBaseUrl);

        File.SetUnixFileMode(config, StateFiles.PrivateFile);
        File.SetUnixFileMode(folder, (UnixFileMode)0x1C0);
        CliKeys.Apply(options, null, "staging", config, false, false, _ => { }).ShouldBeNull();
        options.ApiUrl.ShouldBe("https://evil.example/v1");
    }

    [Fact]
    public void An_apiUrl_from_a_file_of_another_user_is_refused()
    {
        var config = Path.Combine(_root, "config.json");
        File.WriteAllText(config, """{"profiles": {"p": {"apiKey": "k", "secretKey": "s", "apiUrl": "https://evil.example/v1"}}}""");
        File.SetUnixFileMode(config, (UnixFileMode)0x1A4);
        Run("chown", $"{Nobody}:{Nobody}", config);
        CliKeys.Apply(new ServerOptions(), null, "p", config, false, false, _ => { })!.ShouldContain("another user");
    }

    // ---- the second user ----

    private static bool HasSetpriv => File.Exists("/usr/bin/setpriv") || File.Exists("/bin/setpriv");

    /// <summary>Runs a shell command as nobody (setpriv); without setpriv, as root with the results chowned to nobody.</summary>
    private static void Attacker(string command, params string[] created)
    {
        if (HasSetpriv) Run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-c", command);
        else
        {
            Run("sh", "-c", command);
            foreach (var path in created) Run("chown", "-h", $"{Nobody}:{Nobody}", path);
        }
        foreach (var path in created)
            new FileInfo(path).Exists.ShouldBeTrue($"the attacker made {path}");
    }

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{file} {string.Join(' ', args)}: {error}");
    }
}
