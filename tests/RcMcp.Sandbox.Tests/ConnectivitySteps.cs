using System.Net;
using System.Text.Json;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

/// <summary>Steps shared by the VPC peering, Transit Gateway, PrivateLink and Private Service Connect tests.</summary>
internal static class ConnectivitySteps
{
    /// <summary>Waits for a task and returns it; the task must have finished as expected.</summary>
    internal static async Task<JsonElement> Finished(ApiClient client, ResponseShape started, string status = "processing-completed")
    {
        var task = await client.WaitForTaskAsync(started.TaskId);
        task.Str("status").ShouldBe(status, task.ToString());
        return task;
    }

    internal static async Task<JsonElement> Resource(ApiClient client, string path) =>
        (await Finished(client, await client.GetAsync(path))).At("response.resource");

    internal static class Eventually
    {
        public static async Task Until(Func<Task<bool>> condition)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!await condition())
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("the condition did not hold within 30 s");
                await Task.Delay(10);
            }
        }
    }

    internal static readonly TimeSpan TaskTime = TimeSpan.FromSeconds(3);

    /// <summary>A sandbox whose tasks take 3 s of a clock that moves only when told to.</summary>
    internal sealed class Fixture(TestSandbox sandbox, ManualClock clock) : IAsyncDisposable
    {
        public ApiClient Client => sandbox.Client;

        public static async Task<Fixture> StartAsync()
        {
            var clock = new ManualClock();
            return new Fixture(await TestSandbox.StartAsync(o => o.TaskStepDelay = TimeSpan.FromSeconds(1), clock), clock);
        }

        /// <summary>Moves the clock by one task time.</summary>
        public void Advance() => clock.Advance(TaskTime);

        /// <summary>Sends a request that starts a task (202), lets the task finish and returns its final state.</summary>
        public async Task<JsonElement> FinishAsync(HttpMethod method, string path, object? body = null)
        {
            var started = await Client.SendAsync(method, path, body);
            started.Status.ShouldBe(HttpStatusCode.Accepted, started.Json.ToString());
            started.Json.Str("status").ShouldBe("received");
            Advance();
            var task = await Client.GetAsync($"/tasks/{started.TaskId}");
            task.Json.Str("status").ShouldBeOneOf("processing-completed", "processing-error");
            return task.Json;
        }

        /// <summary>The resource a read-through-task GET carries, once its task has finished successfully.</summary>
        public async Task<JsonElement> ReadAsync(string path)
        {
            var task = await FinishAsync(HttpMethod.Get, path);
            task.Str("status").ShouldBe("processing-completed", task.ToString());
            return task.At("response.resource");
        }

        /// <summary>A new active GCP subscription (single-region, or Active-Active over two regions); returns its id.</summary>
        public async Task<int> GcpSubscriptionAsync(bool activeActive)
        {
            var task = await FinishAsync(HttpMethod.Post, "/subscriptions", new
            {
                name = activeActive ? "gcp-global" : "gcp-pro",
                deploymentType = activeActive ? "active-active" : "single-region",
                paymentMethodId = 1234,
                cloudProviders = new[]
                {
                    new { provider = "GCP", regions = (activeActive ? new[] { "us-central1", "europe-west1" } : ["us-central1"]).Select(r => new { region = r }) },
                },
                databases = new[] { new { name = "gcp-db", protocol = "redis", datasetSizeInGb = 1 } },
            });
            task.Str("status").ShouldBe("processing-completed");
            return task.Int("response.resourceId");
        }

        public ValueTask DisposeAsync() => sandbox.DisposeAsync();
    }
}
