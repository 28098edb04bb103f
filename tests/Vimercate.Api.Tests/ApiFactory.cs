using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Vimercate.Messaging;

namespace Vimercate.Api.Tests;

/// <summary>
/// The API on embedded defaults (co-hosted silo, sandbox sender) with test secrets and free silo ports; its clients carry an
/// admin key, which the sandbox needs outside the Development environment.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string AppSecret = "api-tests-app-secret";
    public const string VerifyToken = "api-tests-verify-token";
    public const string AdminKey = "api-tests-admin-key-0123456789";

    /// <summary>Every delivery status the webhook handed over.</summary>
    public RecordingDeliveryStatusSink Statuses { get; } = new();

    /// <summary>How the webhook dispatched its calls to the subscriber grains.</summary>
    public SubscriberCallProbe Calls { get; } = new();

    /// <summary>What the sandbox sender "sent".</summary>
    public SandboxOutbox Outbox => Services.GetRequiredService<SandboxOutbox>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("WhatsApp:Mode", "Sandbox");
        builder.UseSetting("WhatsApp:AppSecret", AppSecret);
        builder.UseSetting("WhatsApp:VerifyToken", VerifyToken);
        builder.UseSetting("PressOffice:ApiKeys:0:Name", "sandbox-tests");
        builder.UseSetting("PressOffice:ApiKeys:0:Key", AdminKey);
        builder.UseSetting("PressOffice:ApiKeys:0:Roles:0", "admin");
        builder.UseFreeOrleansPorts();
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IDeliveryStatusSink>(Statuses);
            services.AddSingleton<IOutgoingGrainCallFilter>(Calls);
        });
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
    }
}

/// <summary>One API host shared by every test class of the collection.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
