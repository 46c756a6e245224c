using System.Globalization;
using System.Net;
using System.Text.Json;

namespace RcMcp.Sandbox.Tests.Infrastructure;

/// <summary>A plain HttpClient signed in as the sandbox's default account, for answers that are not JSON.</summary>
internal static class RawClient
{
    /// <summary>A raw client (the report is a file, not JSON) for the default account, optionally with a user agent.</summary>
    internal static HttpClient Http(TestSandbox sandbox, string? userAgent = null)
    {
        var account = sandbox.Server.Options.Accounts[0];
        var http = new HttpClient { BaseAddress = new Uri(sandbox.Server.BaseUrl + "/") };
        http.DefaultRequestHeaders.Add("x-api-key", account.ApiKey);
        http.DefaultRequestHeaders.Add("x-api-secret-key", account.SecretKey);
        if (userAgent is not null) http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return http;
    }
}
