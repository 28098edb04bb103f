using System.Net;
using System.Net.Sockets;

namespace Vimercate.Silo.Tests.Processes;

/// <summary>Ports on 127.0.0.1 that nothing listens on right now, for the hosts a test starts.</summary>
internal static class LoopbackPorts
{
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
}
