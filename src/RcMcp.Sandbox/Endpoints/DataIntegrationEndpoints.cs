using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

/// <summary>
/// Data Integration: the list of workspaces and the workspace proxy, which the API forwards to the RDI service as is
/// (here: a document store per workspace).
/// </summary>
internal static class DataIntegrationEndpoints
{
    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapGet("/data-integration-workspaces", List);
        foreach (var route in new[] { "/subscriptions/{subscriptionId:int}/data-integration-workspace", "/subscriptions/{subscriptionId:int}/data-integration-workspace/{**path}" })
        {
            v1.MapGet(route, Get);
            v1.MapPost(route, Post);
            v1.MapPut(route, Put);
            v1.MapPatch(route, Patch);
            v1.MapDelete(route, Delete);
        }
    }

    private static IResult List(ApiCall call) => call.Run(_ => SandboxJson.Result(new JsonObject
    {
        ["accountId"] = call.Account.Id,
        ["workspaces"] = call.Account.Subscriptions
            .Select(s => (JsonNode?)DataIntegrationState.Summary(s, call.Account.DataIntegration.Workspace(s.Id)))
            .ToJsonArray(),
    }));

    private static IResult Get(ApiCall call, int subscriptionId, string? path) => call.Run(_ =>
    {
        var (subscription, documents, key) = Open(call, subscriptionId, path);
        if (documents.TryGetValue(key, out var document)) return SandboxJson.Result(document.DeepClone());
        if (key.Length == 0) return SandboxJson.Result(DataIntegrationState.Summary(subscription, documents));
        throw NotFound(subscriptionId, key);
    });

    private static IResult Post(ApiCall call, int subscriptionId, string? path)
    {
        var body = Body(call);
        return call.Run(_ =>
        {
            var (_, documents, key) = Open(call, subscriptionId, path);
            if (documents.ContainsKey(key))
                throw ApiException.Conflict("CONFLICT_ERROR", $"'{Shown(key)}' already exists in the workspace of subscription {subscriptionId}; replace it with PUT or change it with PATCH.");
            documents[key] = body;
            return SandboxJson.Result(body.DeepClone());
        });
    }

    private static IResult Put(ApiCall call, int subscriptionId, string? path)
    {
        var body = Body(call);
        return call.Run(_ =>
        {
            var (_, documents, key) = Open(call, subscriptionId, path);
            documents[key] = body;
            return SandboxJson.Result(body.DeepClone());
        });
    }

    private static IResult Patch(ApiCall call, int subscriptionId, string? path)
    {
        var body = Body(call);
        return call.Run(_ =>
        {
            var (_, documents, key) = Open(call, subscriptionId, path);
            if (!documents.TryGetValue(key, out var document)) throw NotFound(subscriptionId, key);
            documents[key] = DataIntegrationState.Merge(document, body);
            return SandboxJson.Result(documents[key].DeepClone());
        });
    }

    /// <summary>Removes the path and everything under it. The spec lets a DELETE carry a JSON body for the RDI service;
    /// the sandbox checks that it is a JSON object or array and keeps no more of it than its secrets' values.</summary>
    private static IResult Delete(ApiCall call, int subscriptionId, string? path)
    {
        DataIntegrationState.RecordSecrets(call.ReadOptionalJsonDocument());
        return call.Run(_ => Remove(call, subscriptionId, path));
    }

    private static IResult Remove(ApiCall call, int subscriptionId, string? path)
    {
        var (_, documents, key) = Open(call, subscriptionId, path);
        var removed = documents.Keys.Where(k => key.Length == 0 || k == key || k.StartsWith(key + "/", StringComparison.Ordinal)).ToList();
        if (removed.Count == 0 && key.Length > 0) throw NotFound(subscriptionId, key);
        foreach (var k in removed) documents.Remove(k);
        return SandboxJson.Result(new JsonObject
        {
            ["deleted"] = removed.Select(k => Shown(k)).ToJsonArray(),
        });
    }

    /// <summary>The subscription (404 when unknown), its workspace, and the document key of the path.</summary>
    private static (Subscription Subscription, SortedDictionary<string, JsonNode> Documents, string Key) Open(ApiCall call, int subscriptionId, string? path)
    {
        var subscription = call.Account.GetSubscription(subscriptionId);
        var key = (path ?? "").Trim('/');
        if (key.Split('/').Any(s => s is "." or "..") || key.Contains("//", StringComparison.Ordinal) || key.Contains('\\'))
            throw ApiException.BadRequest("BAD_REQUEST", "The workspace path must not contain '.', '..' or empty segments, nor backslashes.");
        return (subscription, call.Account.DataIntegration.Workspace(subscriptionId), key);
    }

    /// <summary>The body as the document to store: a JSON object or array (an absent body stores an empty object).</summary>
    private static JsonNode Body(ApiCall call)
    {
        var body = call.ReadOptionalJsonDocument() ?? new JsonObject();
        DataIntegrationState.RecordSecrets(body);
        return body.DeepClone();
    }

    private static ApiException NotFound(int subscriptionId, string key) =>
        ApiException.NotFound("ENTITY_NOT_FOUND", $"Nothing is stored at '{Shown(key)}' in the Data Integration workspace of subscription {subscriptionId}.");

    private static string Shown(string key) => key.Length == 0 ? "(the workspace)" : key;
}
