using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Vimercate.Api.Tests.Campaigns;

/// <summary>The API on embedded defaults with one key per role and free silo ports; a fresh, empty cluster per instance.</summary>
public class PressOfficeApiFactory : WebApplicationFactory<Program>
{
    /// <summary>Key holding only editor.</summary>
    public static readonly TestKey Editor = new("news-desk", "editor-key-0123456789", ["editor"]);

    /// <summary>Key holding editor and emergency.</summary>
    public static readonly TestKey EmergencyEditor = new("civil-protection", "emergency-editor-key-0123456789", ["editor", "emergency"]);

    /// <summary>Key holding only emergency.</summary>
    public static readonly TestKey EmergencyOnly = new("duty-officer", "emergency-only-key-0123456789", ["emergency"]);

    /// <summary>Key holding only dpo.</summary>
    public static readonly TestKey Dpo = new("data-protection", "dpo-key-0123456789", ["dpo"]);

    /// <summary>Key holding admin.</summary>
    public static readonly TestKey Admin = new("it-admin", "admin-key-0123456789", ["admin"]);

    /// <summary>Every key the factory configures.</summary>
    public static IReadOnlyList<TestKey> Keys { get; } = [Editor, EmergencyEditor, EmergencyOnly, Dpo, Admin];

    /// <summary>JSON as the API writes it.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The host environment; "Testing" loads no appsettings.{Environment}.json.</summary>
    public string EnvironmentName { get; init; } = "Testing";

    /// <summary>Whether to configure <see cref="Keys"/>; without them only what the environment's settings hold is accepted.</summary>
    public bool ConfigureTestKeys { get; init; } = true;

    /// <summary>Extra settings for one test class.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The cluster's grains, to arrange what the API reads.</summary>
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>A client that sends <paramref name="key"/> in X-Api-Key.</summary>
    public HttpClient ClientFor(TestKey key) => ClientWithKey(key.Key);

    /// <summary>A client that sends any X-Api-Key value.</summary>
    public HttpClient ClientWithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("WhatsApp:Mode", "Sandbox");
        builder.UseSetting("WhatsApp:AppSecret", "press-office-tests-app-secret");
        builder.UseSetting("WhatsApp:VerifyToken", "press-office-tests-verify-token");
        builder.UseSetting("Orleans:ClusterId", $"press-office-tests-{Guid.NewGuid():N}");
        builder.UseFreeOrleansPorts();

        // Campaigns asked for now go now, whatever the hour the tests run at; the quiet hours' own tests turn them on.
        builder.UseSetting("Service:QuietHours", "");
        if (ConfigureTestKeys)
        {
            for (var i = 0; i < Keys.Count; i++)
            {
                builder.UseSetting($"PressOffice:ApiKeys:{i}:Name", Keys[i].Name);
                builder.UseSetting($"PressOffice:ApiKeys:{i}:Key", Keys[i].Key);
                for (var r = 0; r < Keys[i].Roles.Length; r++)
                {
                    builder.UseSetting($"PressOffice:ApiKeys:{i}:Roles:{r}", Keys[i].Roles[r]);
                }
            }
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>An API key the tests configure.</summary>
public sealed record TestKey(string Name, string Key, string[] Roles);

/// <summary>Requests and reads of the press office API.</summary>
public static class PressOfficeRequests
{
    /// <summary>The problem type URI of a slug.</summary>
    public static string ProblemType(string slug) => "urn:vimercate:problem:" + slug;

    /// <summary>A valid news request body, optionally scheduled.</summary>
    public static Dictionary<string, object?> News(string title = "Chiusura via Cavour", DateTimeOffset? scheduledAt = null) => new()
    {
        ["title"] = title,
        ["text"] = "Domani dalle 8 alle 18 via Cavour è chiusa al traffico per lavori.",
        ["category"] = "news",
        ["media"] = null,
        ["scheduledAt"] = scheduledAt,
        ["emergencyReason"] = null,
    };

    /// <summary>A valid emergency request body, optionally scheduled.</summary>
    public static Dictionary<string, object?> Emergency(DateTimeOffset? scheduledAt = null) => new()
    {
        ["title"] = "Esondazione Molgora",
        ["text"] = "Allerta rossa: evitate le zone vicine al torrente Molgora.",
        ["category"] = "emergency",
        ["scheduledAt"] = scheduledAt,
        ["emergencyReason"] = "Allerta idrogeologica rossa della Protezione civile",
    };

    /// <summary>POST /api/campaigns with an optional Idempotency-Key.</summary>
    public static Task<HttpResponseMessage> CreateCampaignAsync(this HttpClient client, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = JsonContent.Create(body, options: PressOfficeApiFactory.Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>The response's JSON body, after checking its status.</summary>
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The problem details of an error response, after checking its status, media type and type slug.</summary>
    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response, HttpStatusCode expected, string slug)
    {
        var problem = await response.ReadJsonAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ProblemType(slug), problem.GetProperty("type").GetString());
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>The field names of a validation-failed problem.</summary>
    public static async Task<IReadOnlyList<string>> ReadValidationErrorsAsync(this HttpResponseMessage response)
    {
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        return problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
    }

    /// <summary>A created campaign: 202, Location of the campaign, its resource.</summary>
    public static async Task<JsonElement> ReadAcceptedCampaignAsync(this HttpResponseMessage response)
    {
        var campaign = await response.ReadJsonAsync(HttpStatusCode.Accepted);
        var id = campaign.GetProperty("id").GetString();
        Assert.Equal($"/api/campaigns/{id}", response.Headers.Location?.OriginalString);
        return campaign;
    }
}
