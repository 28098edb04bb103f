namespace Vimercate.Abstractions;

/// <summary>One message a citizen sent to the business number, as parsed from a webhook or the sandbox.</summary>
/// <param name="Wamid">Meta's message id; handled once however often it arrives.</param>
/// <param name="From">The sender's number, E.164 digits.</param>
/// <param name="Timestamp">When the citizen sent it (Meta's timestamp); the later one wins.</param>
/// <param name="Type">Meta's message type: text, button, interactive, reaction, system, image, ...</param>
/// <param name="Texts">The words to match against the keywords: text body, button text and payload, reply title.</param>
/// <param name="SystemType">For system messages, e.g. user_changed_number.</param>
/// <param name="NewWaId">For user_changed_number, the citizen's new number.</param>
[GenerateSerializer, Immutable, Alias("vimercate.InboundMessage")]
public sealed record InboundMessage(
    [property: Id(0)] string Wamid,
    [property: Id(1)] string From,
    [property: Id(2)] DateTimeOffset Timestamp,
    [property: Id(3)] string Type,
    [property: Id(4)] string[] Texts,
    [property: Id(5)] string? SystemType = null,
    [property: Id(6)] string? NewWaId = null);
