using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;

namespace Vimercate.Testing;

/// <summary>Ports on 127.0.0.1 that nothing listens on right now, for the servers and silos a test starts.</summary>
public static class LoopbackPorts
{
    /// <summary>One free port.</summary>
    public static int Free() => Free(1)[0];

    /// <summary><paramref name="count"/> distinct free ports.</summary>
    public static int[] Free(int count)
    {
        // All listeners stay open until every port is read, so the same port is not handed out twice.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }

    /// <summary>Gives a co-hosted silo free <c>Orleans:SiloPort</c> and <c>Orleans:GatewayPort</c>, so hosts of parallel tests never collide.</summary>
    public static IWebHostBuilder UseFreeOrleansPorts(this IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var ports = Free(2);
        return builder
            .UseSetting("Orleans:SiloPort", ports[0].ToString(CultureInfo.InvariantCulture))
            .UseSetting("Orleans:GatewayPort", ports[1].ToString(CultureInfo.InvariantCulture));
    }
}
