using System.Globalization;
using System.Runtime.InteropServices;
using RcMcp.Sandbox;

var options = new SandboxOptions();
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
        ? number
        : (int?)null;
    switch (args[i])
    {
        case "--port" when value is { } port:
            options.Port = port;
            break;
        case "--step-ms" when value is { } milliseconds:
            options.TaskStepDelay = TimeSpan.FromMilliseconds(milliseconds);
            break;
        default:
            Console.Error.WriteLine("Usage: RcMcp.Sandbox [--port N] [--step-ms N]");
            return 2;
    }
    i++;
}

using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext signal)
{
    signal.Cancel = true;
    stop.Cancel();
}
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

await using var server = await SandboxServer.StartAsync(options);
Console.WriteLine($"Redis Cloud API sandbox listening on {server.BaseUrl}");
foreach (var account in options.Accounts)
    Console.WriteLine($"  account {account.AccountId}: x-api-key: {account.ApiKey}  x-api-secret-key: {account.SecretKey}");
Console.WriteLine("Press Ctrl+C to stop.");

await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
return 0;
