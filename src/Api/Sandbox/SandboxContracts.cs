namespace Vimercate.Api.Sandbox;

/// <summary>One message the sandbox "sent", as <c>GET /sandbox/outbox</c> lists it.</summary>
/// <param name="To">The recipient, E.164 digits.</param>
/// <param name="Type">text, image, document or template.</param>
/// <param name="Text">Body, caption or template parameter.</param>
/// <param name="Template">The template's name, when one was used.</param>
/// <param name="CampaignId">The campaign, for broadcasts.</param>
/// <param name="At">When the sandbox recorded it.</param>
public sealed record SandboxOutboxItem(string To, string Type, string Text, string? Template, string? CampaignId, DateTimeOffset At);

/// <summary>The body of <c>POST /sandbox/inbound</c>: a citizen writing to the business number.</summary>
/// <param name="From">The citizen's number, e.g. 393331234567 (a leading + or 00 is accepted).</param>
/// <param name="Text">What the citizen wrote, 1 to 4096 characters.</param>
public sealed record SandboxInboundRequest(string? From, string? Text);

/// <summary>What handling the sandbox message did.</summary>
/// <param name="Outcome">The outcome in camelCase, e.g. subscribed, alreadySubscribed, autoReplied.</param>
public sealed record SandboxInboundResponse(string Outcome);
