using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vimercate.Abstractions;

namespace Vimercate.Api.Tests;

/// <summary>Captions read like text; other media, calls and types nobody knows get the auto-reply rules, never a 5xx.</summary>
[Collection(ApiCollection.Name)]
public sealed class WebhookMediaAndCallsTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private IGrainFactory Grains => factory.Services.GetRequiredService<IGrainFactory>();

    [Theory]
    [InlineData("393472000101", "image", """{ "caption": "Vimercate Info", "mime_type": "image/jpeg", "sha256": "x", "id": "1" }""")]
    [InlineData("393472000102", "video", """{ "caption": "vimercate info per favore", "mime_type": "video/mp4", "id": "2" }""")]
    [InlineData("393472000103", "document", """{ "caption": "Vimercate Info", "filename": "modulo.pdf", "mime_type": "application/pdf", "id": "3" }""")]
    public async Task ACaptionWithTheSubscribePhraseSubscribes(string from, string type, string media)
    {
        var response = await PostAsync(Message(from, $"wamid.CAPTION-{from}", type, media));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await Grains.GetGrain<ISubscriberGrain>(from).GetAsync()).IsSubscribed);
        await Eventually.UntilAsync(
            () => factory.Outbox.List(from).Any(m => m.Text!.Contains("Ti diamo il benvenuto", StringComparison.Ordinal)),
            "the welcome after a captioned subscription");
    }

    [Fact]
    public async Task ACaptionThatSaysStopUnsubscribes()
    {
        const string from = "393472000111";
        await PostAsync(Message(from, "wamid.CAPTION-STOP-1", "text", """{ "body": "Vimercate Info" }""", 1764403200));

        var response = await PostAsync(Message(from, "wamid.CAPTION-STOP-2", "image", """{ "caption": "Stop grazie", "id": "4" }""", 1764403260));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await Grains.GetGrain<ISubscriberGrain>(from).GetAsync()).IsSubscribed);
        await Eventually.UntilAsync(
            () => factory.Outbox.List(from).Any(m => m.Text!.Contains("La tua iscrizione è stata cancellata", StringComparison.Ordinal)),
            "the confirmation of the opt-out");
    }

    [Theory]
    [InlineData("393472000121", "image", """{ "caption": "Buca in via Milano, guardate", "id": "5" }""")]
    [InlineData("393472000122", "sticker", """{ "mime_type": "image/webp", "animated": false, "id": "6" }""")]
    [InlineData("393472000123", "audio", """{ "mime_type": "audio/ogg", "voice": true, "id": "7" }""")]
    [InlineData("393472000124", "location", """{ "latitude": 45.61, "longitude": 9.37, "name": "Municipio" }""")]
    [InlineData("393472000125", "contacts", """[ { "name": { "formatted_name": "Mario" }, "phones": [ { "phone": "+39 333 000" } ] } ]""")]
    [InlineData("393472000126", "unsupported", """{ "type": "poll" }""")]
    [InlineData("393472000127", "a_type_meta_invents_tomorrow", """{ "anything": [ 1, { "deep": true } ] }""")]
    public async Task OtherMediaAndUnknownTypesGetOneAutoReply(string from, string type, string content)
    {
        var first = await PostAsync(Message(from, $"wamid.OTHER-{from}-1", type, content, 1764403200));
        var second = await PostAsync(Message(from, $"wamid.OTHER-{from}-2", type, content, 1764403230));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await Eventually.UntilAsync(() => factory.Outbox.List(from).Count == 1, "one auto-reply");
        Assert.Contains("non legge i messaggi e non risponde alle chiamate", factory.Outbox.List(from).Single().Text, StringComparison.Ordinal);
        Assert.False((await Grains.GetGrain<ISubscriberGrain>(from).GetAsync()).IsSubscribed);
    }

    [Fact]
    public async Task ACitizensCallGetsTheAutoReplyOnceForItsConnectAndTerminateEvents()
    {
        const string from = "393472000131";
        var connect = await PostAsync(Call(from, "wacid.CALL-0001", "connect", "USER_INITIATED"));
        var terminate = await PostAsync(Call(from, "wacid.CALL-0001", "terminate", "USER_INITIATED"));

        Assert.Equal(HttpStatusCode.OK, connect.StatusCode);
        Assert.Equal(HttpStatusCode.OK, terminate.StatusCode);
        await Eventually.UntilAsync(() => factory.Outbox.List(from).Count == 1, "the auto-reply to the call");
        Assert.Contains("non risponde alle chiamate", factory.Outbox.List(from).Single().Text, StringComparison.Ordinal);
        var view = await Grains.GetGrain<ISubscriberGrain>(from).GetAsync();
        Assert.NotNull(view.LastAutoReplyAt);
        Assert.False(view.IsSubscribed);
    }

    [Fact]
    public async Task ACallTheBusinessPlacedIsPassedOver()
    {
        const string citizen = "393472000141";

        var response = await PostAsync(Call("393384942809", "wacid.CALL-0002", "connect", "BUSINESS_INITIATED", to: citizen));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await Grains.GetGrain<ISubscriberGrain>("393384942809").GetAsync()).LastInboundAt);
        Assert.Empty(factory.Outbox.List(citizen));
    }

    private Task<HttpResponseMessage> PostAsync(string json) => _client.SendAsync(Webhooks.Post(json));

    private static string Message(string from, string wamid, string type, string content, long timestamp = 1764403200) =>
        Webhooks.Envelope($$"""
            "contacts": [ { "profile": { "name": "Giulia" }, "wa_id": "{{from}}" } ],
            "messages": [ { "from": "{{from}}", "id": "{{wamid}}", "timestamp": "{{timestamp}}", "type": "{{type}}", "{{type}}": {{content}} } ]
            """);

    // Meta's shape of a calling webhook: field "calls", the call in value.calls[].
    private static string Call(string from, string callId, string @event, string direction, string to = "393384942809") => $$"""
        {
          "object": "whatsapp_business_account",
          "entry": [ { "id": "730000000000001", "changes": [ { "field": "calls", "value": {
            "messaging_product": "whatsapp",
            "metadata": { "display_phone_number": "393384942809", "phone_number_id": "610000000000001" },
            "contacts": [ { "profile": { "name": "Giulia" }, "wa_id": "{{from}}" } ],
            "calls": [ { "id": "{{callId}}", "from": "{{from}}", "to": "{{to}}", "event": "{{@event}}", "timestamp": "1764403200",
                         "direction": "{{direction}}", "session": { "sdp_type": "offer", "sdp": "v=0" } } ]
          } } ] } ]
        }
        """;
}
