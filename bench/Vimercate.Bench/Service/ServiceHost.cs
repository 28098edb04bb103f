using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Vimercate.Messaging;

namespace Vimercate.Bench.Service;

/// <summary>
/// The service under test: the API's own <c>Program</c> (co-hosted silo, webhook, REST API) on Kestrel on 127.0.0.1, in the
/// Production environment and configured through the environment the bench gives this process. The bench adds only a
/// counter around the <see cref="IDeliveryStatusSink"/> and the probe routes under <c>/_bench/</c>.
/// </summary>
public sealed class ServiceHost : WebApplicationFactory<Program>
{
    /// <summary>Runs until <paramref name="stop"/> fires; prints <c>READY http://127.0.0.1:PORT</c> once the silo and Kestrel are up.</summary>
    public static async Task<int> RunAsync(CancellationToken stop)
    {
        await using var host = new ServiceHost();
        host.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        host.StartServer();
        var addresses = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Console.Out.WriteLine($"READY {addresses.Addresses.Single()}");
        await Console.Out.FlushAsync(stop);
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The API's appsettings.json is copied next to the bench, as it is next to the API when published.
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.UseEnvironment(Environments.Production);
        builder.ConfigureTestServices(services =>
        {
            var counter = new StatusCounter();
            services.AddSingleton(counter);
            var inner = services.Last(s => s.ServiceType == typeof(IDeliveryStatusSink));
            services.Remove(inner);
            services.AddSingleton<IDeliveryStatusSink>(provider => new CountingStatusSink(Resolve(provider, inner), counter));
            services.AddSingleton<IStartupFilter, ProbeStartupFilter>();
        });
    }

    private static IDeliveryStatusSink Resolve(IServiceProvider provider, ServiceDescriptor descriptor) => descriptor switch
    {
        { ImplementationInstance: IDeliveryStatusSink instance } => instance,
        { ImplementationFactory: { } factory } => (IDeliveryStatusSink)factory(provider),
        { ImplementationType: { } type } => (IDeliveryStatusSink)ActivatorUtilities.CreateInstance(provider, type),
        _ => throw new InvalidOperationException("The delivery status sink is registered in a way the bench cannot wrap."),
    };

    private sealed class ProbeStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map("/_bench", probe => probe.Run(BenchProbe.HandleAsync));
            next(app);
        };
    }
}
