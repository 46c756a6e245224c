using Microsoft.Playwright;

namespace RcMcp.BrowserTests;

/// <summary>
/// One headless Chromium for all the browser tests: Debian's /usr/bin/chromium (or RCMCP_CHROMIUM), launched by the
/// Playwright driver that ships inside the Microsoft.Playwright package. Nothing is downloaded: Playwright's own
/// browser builds are never installed (.ci/run installs Debian's chromium when it is missing).
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("RCMCP_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"The browser tests need Chromium at {ExecutablePath}: install it with `apt-get install -y chromium` " +
                                                "(.ci/run does), or point RCMCP_CHROMIUM at a Chromium executable.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "chromium";
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}
