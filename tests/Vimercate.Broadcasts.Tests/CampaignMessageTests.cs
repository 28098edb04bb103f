using Vimercate.Abstractions;
using Vimercate.Hosting;
using Vimercate.Messaging;
using Vimercate.Throughput;

namespace Vimercate.Broadcasts.Tests;

public sealed class CampaignMessageTests
{
    private static CampaignDraft Draft(CampaignCategory category, CampaignMedia? media = null, string text = "Allerta meteo: temporali forti.") =>
        new("Titolo", text, category, media, null, category == CampaignCategory.Emergency ? "Alluvione" : null, "editor");

    [Fact]
    public void CategoryWithATemplateSendsTheTemplateWithTheTextAsBodyAndTheMediaAsHeader()
    {
        var options = new WhatsAppOptions { Templates = { Weather = new TemplateOptions { Name = "allerta_meteo", Language = "it", Header = TemplateHeader.Image } } };
        var media = new CampaignMedia(MediaKind.Image, "https://example.org/radar.png", null);

        var message = CampaignMessage.For("c-1", Draft(CampaignCategory.Weather, media, "Allerta\nmeteo:\tfiume      in piena"), options).To(393331234567, SendPriority.Emergency);

        Assert.Equal(OutboundKind.Template, message.Kind);
        Assert.Equal(new TemplateRef("allerta_meteo", "it"), message.Template);
        Assert.Equal("Allerta meteo: fiume    in piena", message.Text);
        Assert.Equal("https://example.org/radar.png", message.MediaUrl);
        Assert.Equal(MediaKind.Image, message.TemplateMedia);
        Assert.Equal("393331234567", message.To);
        Assert.Equal("c-1", message.CampaignId);
    }

    [Fact]
    public void ADocumentFillsADocumentHeaderEvenWithoutAFileName()
    {
        var options = new WhatsAppOptions { Templates = { Emergency = new TemplateOptions { Name = "ordinanza", Header = TemplateHeader.Document } } };
        var media = new CampaignMedia(MediaKind.Document, "https://example.org/ordinanza", null);

        var message = CampaignMessage.For("c-5", Draft(CampaignCategory.Emergency, media), options).To(393331234567, SendPriority.Broadcast);

        Assert.Equal((OutboundKind.Template, "https://example.org/ordinanza", MediaKind.Document), (message.Kind, message.MediaUrl, message.TemplateMedia));
    }

    [Fact]
    public void ATemplateWithoutAHeaderCarriesTheTextOnly()
    {
        var options = new WhatsAppOptions { Templates = { News = new TemplateOptions { Name = "notizia" } } };

        var message = CampaignMessage.For("c-6", Draft(CampaignCategory.News), options).To(393331234567, SendPriority.Broadcast);

        Assert.Equal((OutboundKind.Template, (string?)null, (MediaKind?)null), (message.Kind, message.MediaUrl, message.TemplateMedia));
        Assert.Equal(new TemplateRef("notizia", "it"), message.Template);
    }

    [Fact]
    public void CategoryWithoutATemplateSendsFreeFormTextImageOrDocumentWithTheTextAsCaption()
    {
        var options = new WhatsAppOptions { Templates = { Weather = new TemplateOptions { Name = "allerta_meteo" } } };

        var text = CampaignMessage.For("c-2", Draft(CampaignCategory.News), options);
        var image = CampaignMessage.For("c-3", Draft(CampaignCategory.News, new CampaignMedia(MediaKind.Image, "https://example.org/a.jpg", null)), options);
        var document = CampaignMessage.For("c-4", Draft(CampaignCategory.Emergency, new CampaignMedia(MediaKind.Document, "https://example.org/o.pdf", "ordinanza.pdf")), options);

        Assert.Equal((OutboundKind.Text, "Allerta meteo: temporali forti.", (string?)null, (TemplateRef?)null, "c-2"), (text.Kind, text.Text, text.MediaUrl, text.Template, text.CampaignId));
        Assert.Equal((OutboundKind.Image, "https://example.org/a.jpg", "c-3"), (image.Kind, image.MediaUrl, image.CampaignId));
        Assert.Equal((OutboundKind.Document, "ordinanza.pdf", "Allerta meteo: temporali forti.", "c-4"), (document.Kind, document.MediaFilename, document.Text, document.CampaignId));
    }

    [Theory]
    [InlineData(0, null, 0)]
    [InlineData(180, null, 1)]
    [InlineData(1000, 1000, 6)]
    public void EstimateComesFromAudienceAndRate(int audience, int? dailyLimit, int seconds)
    {
        var start = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(start.AddSeconds(seconds), CampaignEstimate.CompletionAt(start, audience, 180, dailyLimit));
    }

    [Fact]
    public void CampaignLargerThanTheDailyLimitWaitsForTheWindow()
    {
        var start = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

        var done = CampaignEstimate.CompletionAt(start, 2500, 100, 1000);

        Assert.Equal(start.AddDays(2).AddSeconds(5), done);
    }
}
