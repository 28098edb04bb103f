using Vimercate.Messaging;

namespace Vimercate.Grains.Tests;

public sealed class GraphSendResponseTests
{
    [Theory]
    [InlineData("""{ "messaging_product": "whatsapp", "contacts": [ { "input": "+393331234567", "wa_id": "393331234567" } ], "messages": [ { "id": "wamid.A" } ] }""", "wamid.A")]
    [InlineData("""{ "messages": [ { "message_status": "accepted", "id": "wamid.B" }, { "id": "wamid.SECOND" } ] }""", "wamid.B")]
    [InlineData("""{ "error": { "messages": [ { "id": "nested" } ] }, "messages": [ { "id": "wamid.C" } ] }""", "wamid.C")]
    [InlineData("""{ "messages": [] }""", null)]
    [InlineData("""{ "messages": [ { "id": 42 } ] }""", null)]
    [InlineData("""{ "messages": { "id": "not-an-array" } }""", null)]
    [InlineData("""{ "contacts": [] }""", null)]
    [InlineData("""[ { "id": "wamid.D" } ]""", null)]
    [InlineData("""{ "messages": [ { "id": "wamid.E" """, "wamid.E")]
    [InlineData("""{ "messages": [ """, null)]
    [InlineData("<html>bad gateway</html>", null)]
    [InlineData("", null)]
    public void TheWamidIsTheIdOfTheFirstAcceptedMessage(string json, string? expected) =>
        Assert.Equal(expected, GraphSendResponse.WamidOf(System.Text.Encoding.UTF8.GetBytes(json)));
}
