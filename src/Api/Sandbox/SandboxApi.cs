using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Api.Console;
using Vimercate.Api.Operations;
using Vimercate.Api.Privacy;
using Vimercate.Api.Security;
using Vimercate.Api.Webhook;
using Vimercate.Hosting;
using Vimercate.Messaging;

namespace Vimercate.Api.Sandbox;

/// <summary>Try the service without WhatsApp: read what it "sent", write to it as a citizen would (Sandbox mode only).</summary>
public static class SandboxApi
{
    /// <summary>The longest text WhatsApp carries.</summary>
    public const int MaxTextLength = 4096;

    private const string NationalExample = "333 123 4567";

    /// <summary>
    /// <c>GET /sandbox/outbox</c>, its stream <c>GET /sandbox/outbox/events</c> and <c>POST /sandbox/inbound</c>, mapped only when
    /// <c>WhatsApp:Mode</c> is Sandbox; outside the Development environment they need a press office key with the admin role,
    /// because they list and act for any number.
    /// </summary>
    public static IEndpointRouteBuilder MapSandbox(this IEndpointRouteBuilder endpoints)
    {
        var configuration = endpoints.ServiceProvider.GetRequiredService<IConfiguration>();
        if (configuration.GetValue($"{WhatsAppOptions.Section}:Mode", WhatsAppMode.Sandbox) != WhatsAppMode.Sandbox)
        {
            return endpoints;
        }

        var group = endpoints.MapGroup("/sandbox").WithTags("Sandbox");
        if (!endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            group.RequireAuthorization(PressOfficeRoles.Admin)
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status403Forbidden);
        }

        group.MapGet("/outbox", GetOutbox);
        group.MapGet("/outbox/events", StreamOutbox)
            .WithName("StreamSandboxOutbox")
            .WithSummary("Server-sent events: a message event for everything the sandbox sent to one number, the earlier ones first");
        group.MapPost("/inbound", PostInboundAsync);
        return endpoints;
    }

    private static Results<Ok<SandboxOutboxItem[]>, ValidationProblem> GetOutbox(string? to, SandboxOutbox outbox, TypedNumbers numbers)
    {
        string? number = null;
        if (to is not null && (number = numbers.Parse(to)) is null)
        {
            return Invalid("to", NotANumber("to"));
        }

        var items = outbox.List(number)
            .Select(m => new SandboxOutboxItem(m.To, m.Type, m.Text, m.Template, m.CampaignId, m.At))
            .ToArray();
        return TypedResults.Ok(items);
    }

    private static Results<ServerSentEventsResult<string>, ValidationProblem> StreamOutbox(string? to, TypedNumbers numbers, LiveUpdates live, CancellationToken cancellationToken) =>
        numbers.Parse(to) is { } number
            ? TypedResults.ServerSentEvents(live.SandboxAsync(number, cancellationToken))
            : Invalid("to", NotANumber("to"));

    private static async Task<Results<Ok<SandboxInboundResponse>, ValidationProblem, ProblemHttpResult>> PostInboundAsync(
        HttpRequest request,
        InboundProcessor processor,
        TypedNumbers numbers,
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

        if (numbers.Parse(body.From) is not { } from)
        {
            return Invalid("from", NotANumber("from"));
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

    private static string NotANumber(string field) =>
        $"{field} must be a phone number: with its country code (+39 333 123 4567, 0039..., 393331234567) or national ({NationalExample}).";

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
