using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace RcMcp.Sandbox.Tests.Infrastructure;

/// <summary>Plain HTTP access to the sandbox with one account's keys.</summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient http = new();
    private readonly string baseUrl;

    public ApiClient(Uri baseUrl, string? apiKey, string? secretKey)
    {
        this.baseUrl = baseUrl.ToString();
        if (apiKey is not null)
            http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        if (secretKey is not null)
            http.DefaultRequestHeaders.Add("x-api-secret-key", secretKey);
    }

    public Task<ResponseShape> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ResponseShape> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);

    public Task<ResponseShape> PutAsync(string path, object? body = null) => SendAsync(HttpMethod.Put, path, body);

    public Task<ResponseShape> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>Sends <paramref name="body"/> as JSON; a string is sent as it is.</summary>
    public async Task<ResponseShape> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, baseUrl + path);
        if (body is not null)
        {
            var text = body as string ?? JsonSerializer.Serialize(body);
            request.Content = new StringContent(text, Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        var json = content.Length == 0 ? default : JsonDocument.Parse(content).RootElement.Clone();
        return new ResponseShape(response.StatusCode, json, response.Headers);
    }

    /// <summary>Polls a task until it is processing-completed or processing-error.</summary>
    public async Task<JsonElement> WaitForTaskAsync(string taskId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var task = await GetAsync($"/tasks/{taskId}");
            task.Status.ShouldBe(HttpStatusCode.OK);
            if (task.Json.Str("status") is "processing-completed" or "processing-error")
                return task.Json;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Task {taskId} did not finish: {task.Json}");
            await Task.Delay(10);
        }
    }

    /// <summary>Sends a request that starts a task and waits for the task to finish.</summary>
    public async Task<JsonElement> RunTaskAsync(HttpMethod method, string path, object? body = null)
    {
        var started = await SendAsync(method, path, body);
        started.Status.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Accepted);
        return await WaitForTaskAsync(started.TaskId);
    }

    public void Dispose() => http.Dispose();
}

internal sealed record ResponseShape(HttpStatusCode Status, JsonElement Json, HttpResponseHeaders Headers)
{
    public string TaskId => Json.Str("taskId");

    public string ErrorType => Json.Str("error.type");

    public string ErrorDescription => Json.Str("error.description");
}
