using System.Text.RegularExpressions;
using RcMcp.Sandbox.Hosting;

namespace RcMcp.Sandbox.Requests;

/// <summary>Stateless checks of database requests. <c>prefix</c> locates the database inside a larger request.</summary>
internal static partial class DatabaseRequestValidator
{
    public static void ValidateCreate(DatabaseCreateRequest request, string prefix = "", bool protocolRequired = false)
    {
        ValidateName(Check.Present(request.Name, $"{prefix}name", "DATABASE_INVALID_NAME"), prefix);
        if (protocolRequired)
            Check.Present(request.Protocol, $"{prefix}protocol");
        Check.OneOf(request.Protocol, Catalog.Protocols, $"{prefix}protocol");
        if (request.Port is < 10000 or > 19999)
            throw ApiException.BadRequest("DATABASE_PORT_INVALID_VALUE", $"'{prefix}port' must be between 10000 and 19999.");
        if (request.Quantity is < 1)
            throw ApiException.BadRequest("DATABASE_INVALID_QUANTITY", $"'{prefix}quantity' must be at least 1.");
        foreach (var module in request.Modules ?? [])
        {
            if (module?.Name is not { } name || !Catalog.Modules.ContainsKey(name))
            {
                throw ApiException.BadRequest("DATABASE_INVALID_MODULE",
                    $"'{prefix}modules' may only name: {string.Join(", ", Catalog.Modules.Keys)}.");
            }
        }
        ValidateSettings(request, prefix);
    }

    public static void ValidateUpdate(DatabaseUpdateRequest request)
    {
        if (request.Name is { } name)
            ValidateName(name, "");
        ValidateSettings(request, "");
    }

    private static void ValidateName(string name, string prefix)
    {
        if (name.Length > 40)
            throw ApiException.BadRequest("DATABASE_NAME_TOO_LONG", $"'{prefix}name' must be at most 40 characters long.");
        if (!NamePattern().IsMatch(name))
        {
            throw ApiException.BadRequest("DATABASE_INVALID_NAME",
                $"'{prefix}name' may contain only letters, digits and hyphens, must start with a letter and end with a letter or digit (got '{name}').");
        }
    }

    private static void ValidateSettings(DatabaseSettingsRequest request, string prefix)
    {
        if (request is { DatasetSizeInGb: not null, MemoryLimitInGb: not null })
        {
            throw ApiException.Unprocessable("DATABASE_SIZE_LIMIT_INVALID_TOO_MANY_MEMORY_SPECIFICATIONS",
                $"Set either '{prefix}datasetSizeInGb' or '{prefix}memoryLimitInGb', not both.");
        }
        if ((request.DatasetSizeInGb ?? request.MemoryLimitInGb) is < 0.1)
            throw ApiException.Unprocessable("DATABASE_SIZE_TOO_SMALL", $"'{prefix}datasetSizeInGb' / '{prefix}memoryLimitInGb' must be at least 0.1.");

        Check.OneOf(request.RespVersion, Catalog.RespVersions, $"{prefix}respVersion");
        Check.OneOf(request.DataPersistence, Catalog.DataPersistence, $"{prefix}dataPersistence");
        Check.OneOf(request.DataEvictionPolicy, Catalog.EvictionPolicies, $"{prefix}dataEvictionPolicy");

        if (request.ThroughputMeasurement is { } throughput)
        {
            Check.Present(throughput.By, $"{prefix}throughputMeasurement.by");
            Check.OneOf(throughput.By, Catalog.ThroughputMeasurements, $"{prefix}throughputMeasurement.by");
            if (throughput.Value is not > 0)
                throw ApiException.BadRequest("BAD_REQUEST", $"'{prefix}throughputMeasurement.value' must be a positive number.");
        }

        if (request.RamPercentage is { } ram && (ram is < 10 or > 50 || ram % 10 != 0))
            throw ApiException.BadRequest("DATABASE_RAM_PERCENTAGE_IS_INVALID", $"'{prefix}ramPercentage' must be 10, 20, 30, 40 or 50.");

        foreach (var alert in request.Alerts ?? [])
        {
            if (alert is not { Name: not null, Value: not null })
                throw ApiException.BadRequest("DATABASE_INVALID_ALERTS", $"Each item of '{prefix}alerts' needs a 'name' and a 'value'.");
            Check.OneOf(alert.Name, Catalog.AlertNames, $"{prefix}alerts.name", "DATABASE_INVALID_ALERTS");
        }
    }

    [GeneratedRegex("^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$")]
    private static partial Regex NamePattern();
}
