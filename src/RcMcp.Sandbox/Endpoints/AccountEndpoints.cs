using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RcMcp.Sandbox.Hosting;
using RcMcp.Sandbox.State;

namespace RcMcp.Sandbox.Endpoints;

internal static class AccountEndpoints
{
    private const string Created = "2024-01-15T09:00:00.000Z";

    public static void Map(IEndpointRouteBuilder v1)
    {
        v1.MapGet("/", GetAccount);
        v1.MapGet("/payment-methods", GetPaymentMethods);
    }

    private static IResult GetAccount(ApiCall call) => SandboxJson.Result(new JsonObject
    {
        ["account"] = new JsonObject
        {
            ["id"] = call.Account.Id,
            ["name"] = call.Account.Name,
            ["createdTimestamp"] = Created,
            ["updatedTimestamp"] = Created,
            ["key"] = new JsonObject
            {
                ["name"] = "sandbox-key",
                ["accountId"] = call.Account.Id,
                ["accountName"] = call.Account.Name,
                ["allowedSourceIps"] = new JsonArray("0.0.0.0/0"),
                ["createdTimestamp"] = Created,
                ["owner"] = new JsonObject { ["name"] = "Sandbox Owner", ["email"] = "owner@sandbox.example.com" },
            },
        },
    });

    private static IResult GetPaymentMethods(ApiCall call) => SandboxJson.Result(new JsonObject
    {
        ["accountId"] = call.Account.Id,
        ["paymentMethods"] = new JsonArray(new JsonObject
        {
            ["id"] = Subscription.DefaultPaymentMethodId,
            ["type"] = "Visa",
            ["creditCardEndsWith"] = 4242,
            ["nameOnCard"] = "Sandbox Owner",
            ["expirationMonth"] = 12,
            ["expirationYear"] = 2030,
            ["links"] = new JsonArray(),
        }),
        ["links"] = new JsonArray(),
    });
}
