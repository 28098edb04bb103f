using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Api.Operations;
using Vimercate.Api.Webhook;
using Vimercate.Hosting;
using Vimercate.Messaging;

namespace Vimercate.Api.Sandbox;

/// <summary>Try the service without WhatsApp: read what it "sent", write to it as a citizen would (Sandbox mode only).</summary>
public static class SandboxApi
{
    /// <summary>The longest text WhatsApp carries.</summary>
    public const int MaxTextLength = 4096;

    /// <summary><c>GET /sandbox/outbox</c> and <c>POST /sandbox/inbound</c>, mapped only when <c>WhatsApp:Mode</c> is Sandbox.</summary>
    public static IEndpointRouteBuilder MapSandbox(this IEndpointRouteBuilder endpoints)
    {
        var configuration = endpoints.ServiceProvider.GetRequiredService<IConfiguration>();
        if (configuration.GetValue($"{WhatsAppOptions.Section}:Mode", WhatsAppMode.Sandbox) != WhatsAppMode.Sandbox)
        {
            return endpoints;
        }

        var group = endpoints.MapGroup("/sandbox").WithTags("Sandbox");
        group.MapGet("/outbox", GetOutbox);
        group.MapPost("/inbound", PostInboundAsync);
        return endpoints;
    }

    private static Results<Ok<SandboxOutboxItem[]>, ValidationProblem> GetOutbox(string? to, SandboxOutbox outbox)
    {
        string? number = null;
        if (to is not null && (number = PhoneNumbers.Normalize(to)) is null)
        {
            return Invalid("to", "to must be a WhatsApp number with its country code, e.g. 393331234567.");
        }

        var items = outbox.List(number)
            .Select(m => new SandboxOutboxItem(m.To, m.Type, m.Text, m.Template, m.CampaignId, m.At))
            .ToArray();
        return TypedResults.Ok(items);
    }

    private static async Task<Results<Ok<SandboxInboundResponse>, ValidationProblem, ProblemHttpResult>> PostInboundAsync(
        HttpRequest request,
        InboundProcessor processor,
        TimeProvider time,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        SandboxInboundRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<SandboxInboundRequest>(request.Body, json.Value.SerializerOptions, request.HttpContext.RequestAborted);
        }
        catch (JsonException exception)
        {
            var field = FieldOf(exception.Path);
            return field == "body"
                ? Invalid(field, "The body must be a JSON object like { \"from\": \"393331234567\", \"text\": \"Vimercate Info\" }.")
                : Invalid(field, $"{field} must be a string.");
        }

        if (string.IsNullOrWhiteSpace(body?.From))
        {
            return Invalid("from", "from is required: the citizen's number with its country code, e.g. 393331234567.");
        }

        if (PhoneNumbers.Normalize(body.From) is not { } from)
        {
            return Invalid("from", "from must be a WhatsApp number: 6 to 15 digits with the country code, e.g. 393331234567.");
        }

        if (string.IsNullOrWhiteSpace(body.Text))
        {
            return Invalid("text", "text is required and must not be blank.");
        }

        if (body.Text.Length > MaxTextLength)
        {
            return Invalid("text", $"text must be at most {MaxTextLength} characters.");
        }

        var message = new InboundMessage($"wamid.sandbox.{Guid.NewGuid():N}", from, time.GetUtcNow(), "text", [body.Text]);
        try
        {
            var outcomes = await processor.ProcessAsync([message]);
            return TypedResults.Ok(new SandboxInboundResponse(JsonNamingPolicy.CamelCase.ConvertName(outcomes[0].ToString())));
        }
        catch (InboundProcessingException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The message could not be handled now.",
                detail: "Try again.",
                type: ProblemTypes.Unavailable);
        }
    }

    /// <summary>"$.from" names the field from; a broken document names the body.</summary>
    private static string FieldOf(string? path) =>
        path is not null && path.StartsWith("$.", StringComparison.Ordinal) && path.Length > 2 ? JsonNamingPolicy.CamelCase.ConvertName(path[2..]) : "body";

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [message] },
            detail: message,
            title: "The sandbox request is not valid.",
            type: ProblemTypes.ValidationFailed);
}
