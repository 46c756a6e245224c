using RcMcp.Server.Pipeline;
using Serilog.Core;
using Serilog.Events;

namespace RcMcp.Server.Hosting;

/// <summary>
/// Runs every value of every log event, at every level and from every component (the MCP SDK's message traces
/// included), through the <see cref="Redactor"/> before any sink sees it: no log line can carry a password, a secret
/// key or a password inside a URI, whatever was logged.
/// </summary>
public sealed class RedactingEnricher(Redactor redactor) : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? replaced = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var clean = Clean(value);
            if (!ReferenceEquals(clean, value)) (replaced ??= []).Add(new LogEventProperty(name, clean));
        }
        if (replaced is null) return;
        foreach (var property in replaced) logEvent.AddOrUpdateProperty(property);
    }

    /// <summary>Text, and JSON inside text (a logged message, whose strings may hold escaped JSON in turn).</summary>
    private string RedactText(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length > 0 && trimmed[0] is '{' or '[')
        {
            try
            {
                var node = System.Text.Json.Nodes.JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 256 });
                return ServerJson.Serialize(redactor.Redact(node));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
            {
                // Not JSON after all: the text rules apply.
            }
        }
        return redactor.Redact(text);
    }

    private LogEventPropertyValue Clean(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: null or bool or int or long or double or decimal or DateTimeOffset or DateTime or TimeSpan or Enum }:
                return value;
            case ScalarValue scalar:
            {
                var text = scalar.Value is string s ? s : Convert.ToString(scalar.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                var redacted = RedactText(text);
                return scalar.Value is string && ReferenceEquals(redacted, text) ? value : new ScalarValue(redacted);
            }
            case SequenceValue sequence:
                return new SequenceValue(sequence.Elements.Select(Clean));
            case StructureValue structure:
                return new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name,
                    Redactor.IsSecretField(p.Name) ? new ScalarValue(Redactor.Mask) : Clean(p.Value))), structure.TypeTag);
            case DictionaryValue dictionary:
                return new DictionaryValue(dictionary.Elements.Select(kv => new KeyValuePair<ScalarValue, LogEventPropertyValue>(kv.Key,
                    kv.Key.Value is string k && Redactor.IsSecretField(k) ? new ScalarValue(Redactor.Mask) : Clean(kv.Value))));
            default:
                return value;
        }
    }
}

/// <summary>
/// Wraps the sinks so an event's exception is written redacted too: an enricher can change properties but not the
/// exception, whose message and stack text may carry what an API or a URI said (a key, a password inside a URI).
/// </summary>
public sealed class RedactingSink(ILogEventSink inner, Redactor redactor) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        if (logEvent.Exception is null or RedactedException)
        {
            inner.Emit(logEvent);
            return;
        }
        var clean = new RedactedException(redactor.Redact(logEvent.Exception.ToString()), logEvent.Exception.GetType().FullName ?? "Exception");
        inner.Emit(new LogEvent(logEvent.Timestamp, logEvent.Level, clean, logEvent.MessageTemplate,
            logEvent.Properties.Select(p => new LogEventProperty(p.Key, p.Value)), logEvent.TraceId ?? default, logEvent.SpanId ?? default));
    }
}

/// <summary>An exception as a log line shows it, already redacted (its type name and its whole text).</summary>
public sealed class RedactedException(string text, string type) : Exception(type)
{
    public override string ToString() => text;

    public override string? StackTrace => null;
}
