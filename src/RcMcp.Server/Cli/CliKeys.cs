using System.Text.Json;
using System.Text.Json.Nodes;
using RcMcp.Server.Hosting;

namespace RcMcp.Server.Cli;

/// <summary>
/// Keys from a file or a named profile, for people with several accounts. A keys file is the getting-started note's
/// <c>keys.json</c> (<c>{"apikey": …, "secretkey": …}</c>; apiKey/secretKey and the environment variable names work
/// too). Profiles live in <c>$XDG_CONFIG_HOME/rcmcp/config.json</c> (or --config):
/// <c>{"profiles": {"staging": {"apiKey": …, "secretKey": …, "apiUrl": …}}}</c>. Both win over the environment;
/// --api-key and --api-secret-key on the command line win over both.
/// Like ssh with an unprotected private key, a keys or config file that group or others can read gets a warning on
/// stderr; an apiUrl is taken only from a file that nobody else can change (no group or other write bit, owned by
/// the person or root, in a folder others cannot write in), because whoever sets it receives the keys.
/// </summary>
public static class CliKeys
{
    public static string DefaultConfigPath()
    {
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(config)) config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "rcmcp", "config.json");
    }

    /// <summary>Applies a keys file and/or a profile; returns the problem to report (exit 2), or null.</summary>
    public static string? Apply(ServerOptions options, string? keysFile, string? profile, string? configPath, bool explicitKey, bool explicitSecret,
        Action<string>? warning = null)
    {
        var warn = warning ?? Console.Error.WriteLine;
        if (profile is not null)
        {
            var path = configPath ?? DefaultConfigPath();
            if (!File.Exists(path)) return $"rcmcp: --profile {profile}: the config file {path} does not exist (it holds {{\"profiles\": {{\"{profile}\": {{\"apiKey\": …, \"secretKey\": …}}}}}}).";
            if (Read(path, out var config) is { } error) return error;
            if (config["profiles"]?[profile] is not JsonObject entry)
                return $"rcmcp: there is no profile \"{profile}\" in {path}; profiles there: {string.Join(", ", (config["profiles"] as JsonObject)?.Select(p => p.Key) ?? [])}.";
            var exposure = StateFiles.ExposureOf(path);
            Warn(path, exposure, warn);
            Use(options, entry, explicitKey, explicitSecret);
            if (Text(entry, "apiUrl", "api_url", "url") is { } url)
            {
                if (exposure is { WritableByOthers: true })
                    return $"rcmcp: --profile {profile}: refusing the apiUrl in {path}: other users can change that file ({exposure.Describe}), and whoever sets the " +
                           $"API URL receives your keys. Fix it: chmod 600 '{path}' and chmod go-w '{Path.GetDirectoryName(Path.GetFullPath(path))}' (or move the file into a folder of your own).";
                options.ApiUrl = url;
            }
        }
        if (keysFile is not null)
        {
            if (!File.Exists(keysFile)) return $"rcmcp: --keys-file: {keysFile} does not exist.";
            if (Read(keysFile, out var keys) is { } error) return error;
            Warn(keysFile, StateFiles.ExposureOf(keysFile), warn);
            Use(options, keys, explicitKey, explicitSecret);
        }
        return null;
    }

    /// <summary>The warning for a file of keys that others can read (as ssh does for an unprotected private key).</summary>
    private static void Warn(string path, StateFiles.Exposure? exposure, Action<string> warn)
    {
        if (exposure is not { ReadableByOthers: true }) return;
        warn($"rcmcp: WARNING: UNPROTECTED KEYS FILE: {path} is {exposure.Describe}. Anyone who can read it can use your Redis Cloud keys. " +
             $"Fix it: chmod 600 '{path}'.");
    }

    private static void Use(ServerOptions options, JsonObject keys, bool explicitKey, bool explicitSecret)
    {
        if (!explicitKey && Text(keys, "apikey", "apiKey", "api_key", "REDIS_CLOUD_API_KEY") is { } key) options.ApiKey = key;
        if (!explicitSecret && Text(keys, "secretkey", "secretKey", "secret_key", "apiSecretKey", "REDIS_CLOUD_API_SECRET_KEY") is { } secret) options.ApiSecretKey = secret;
    }

    private static string? Text(JsonObject o, params string[] names)
    {
        foreach (var name in names)
            if (o[name] is JsonValue v && v.TryGetValue(out string? s) && !string.IsNullOrWhiteSpace(s)) return s.Trim();
        return null;
    }

    private static string? Read(string path, out JsonObject result)
    {
        result = new JsonObject();
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is JsonObject o)
            {
                result = o;
                return null;
            }
            return $"rcmcp: {path} must hold a JSON object.";
        }
        catch (JsonException e)
        {
            return $"rcmcp: {path} is not valid JSON ({e.Message.Split('.')[0]}).";
        }
    }
}
