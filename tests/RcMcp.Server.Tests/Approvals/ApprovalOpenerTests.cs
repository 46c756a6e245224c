using Microsoft.Extensions.Logging;
using RcMcp.Server.Approvals;

namespace RcMcp.Server.Tests.Approvals;

public class ApprovalOpenerTests
{
    private static readonly Uri Link = new("http://127.0.0.1:41234/approvals/AbCdEfGhIjKlMnOpQrStUv?k=s3cr3t-LINK-key_0123456");

    [Fact]
    public void Linux_opens_with_xdg_open_only_when_there_is_a_display()
    {
        if (!OperatingSystem.IsLinux()) return;
        new ApprovalOpener(environment: _ => null).CommandFor(Link).ShouldBeNull();
        var x11 = new ApprovalOpener(environment: name => name == "DISPLAY" ? ":0" : null).CommandFor(Link).ShouldNotBeNull();
        x11.Program.ShouldBe("xdg-open");
        x11.Arguments.ShouldBe([Link.AbsoluteUri]);
        new ApprovalOpener(environment: name => name == "WAYLAND_DISPLAY" ? "wayland-0" : null).CommandFor(Link).ShouldNotBeNull();
        var custom = new ApprovalOpener("/opt/browser", environment: _ => null).CommandFor(Link).ShouldNotBeNull();
        custom.Program.ShouldBe("/opt/browser");
        custom.Arguments.ShouldBe([Link.AbsoluteUri]);
    }

    [Fact]
    public async Task The_opener_gets_the_URL_as_one_argument_and_the_log_never_gets_its_secret()
    {
        if (OperatingSystem.IsWindows()) return;
        var dir = Directory.CreateTempSubdirectory("rcmcp-opener-");
        try
        {
            var script = Path.Combine(dir.FullName, "opener");
            var output = Path.Combine(dir.FullName, "got");
            File.WriteAllText(script, $"#!/bin/sh\necho \"noise on stdout\"\nprintf '%s|%s' \"$#\" \"$1\" > '{output}'\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var logs = new CapturingLoggerProvider();

            (await new ApprovalOpener(script, logs.CreateLogger("opener")).OpenAsync(Link)).ShouldBeTrue();
            File.ReadAllText(output).ShouldBe("1|" + Link.AbsoluteUri);

            (await new ApprovalOpener("/bin/false", logs.CreateLogger("opener")).OpenAsync(Link)).ShouldBeFalse();
            (await new ApprovalOpener(Path.Combine(dir.FullName, "missing"), logs.CreateLogger("opener")).OpenAsync(Link)).ShouldBeFalse();
            (await new ApprovalOpener(environment: _ => null, log: logs.CreateLogger("opener")).OpenAsync(Link)).ShouldBe(!OperatingSystem.IsLinux());

            logs.Lines.Count.ShouldBeGreaterThanOrEqualTo(4);
            logs.Lines.ShouldAllBe(l => !l.Contains("s3cr3t-LINK-key"));
            logs.Lines.ShouldContain(l => l.Contains("http://127.0.0.1:41234/approvals/AbCdEfGhIjKlMnOpQrStUv"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
