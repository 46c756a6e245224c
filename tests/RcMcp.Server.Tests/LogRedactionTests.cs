using Microsoft.Extensions.Logging;
using RcMcp.Server.Hosting;
using Serilog.Extensions.Logging;

namespace RcMcp.Server.Tests;

/// <summary>An exception's text reaches the log file redacted, like every property of every event.</summary>
public class LogRedactionTests
{
    [Fact]
    public void An_exception_with_a_key_and_a_uri_password_is_written_redacted()
    {
        var file = Path.Combine(Path.GetTempPath(), $"rcmcp-log-{Guid.NewGuid():N}.log");
        const string apiKey = "AKEY-0123456789abcdef";
        try
        {
            var options = new ServerOptions { ApiKey = apiKey, ApiSecretKey = "SKEY-fedcba9876543210", LogFile = file, LogLevel = "Verbose", LogLevelGiven = true };
            var (serilog, _) = Startup.CreateLogger(options);
            using (serilog)
            {
                var log = new SerilogLoggerFactory(serilog).CreateLogger("test");
                var inner = new InvalidOperationException($"import from s3://AKIAXYZ:wJalr/Secret+Key@bucket/dump.rdb failed for key {apiKey}");
                log.LogError(new Exception("outer", inner), "Import failed");
            }
            var text = File.ReadAllText(file);
            text.ShouldContain("Import failed");
            text.ShouldContain("bucket/dump.rdb");
            text.ShouldContain("InvalidOperationException");
            text.ShouldNotContain("wJalr");
            text.ShouldNotContain("Secret+Key");
            text.ShouldNotContain(apiKey);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
