using System.Globalization;
using System.Text;

namespace Vimercate.Testing.Graph;

/// <summary>A Graph API error as Meta answers it: HTTP status and the <c>{error:{message,type,code,error_data,fbtrace_id}}</c> body.</summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="Code">Meta's error code.</param>
/// <param name="Message">Meta's message.</param>
/// <param name="Type">Meta's error type.</param>
public sealed record GraphError(int Status, int Code, string Message, string Type = "OAuthException")
{
    /// <summary>503, code 2: the service is temporarily unavailable (an outage).</summary>
    public static GraphError Unavailable { get; } = new(503, 2, "Service temporarily unavailable");

    /// <summary>500, code 131000: something went wrong, try again.</summary>
    public static GraphError Transient { get; } = new(500, 131000, "Something went wrong");

    /// <summary>400, code 131026: the message cannot be delivered to that number.</summary>
    public static GraphError Undeliverable { get; } = new(400, 131026, "Message undeliverable");

    /// <summary>429, code 130429: the business number's throughput was exceeded.</summary>
    public static GraphError ThroughputExceeded { get; } = new(429, 130429, "Rate limit hit");

    /// <summary>400, code 131048: the spam rate limit stops the business number's messages.</summary>
    public static GraphError SpamRateLimit { get; } = new(400, 131048, "Spam rate limit hit");

    /// <summary>The JSON body Meta sends with this error.</summary>
    public byte[] Body(long sequence) => Encoding.UTF8.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $$$"""{"error":{"message":"{{{Message}}}","type":"{{{Type}}}","code":{{{Code}}},"error_data":{"messaging_product":"whatsapp","details":"{{{Message}}}"},"fbtrace_id":"AFake{{{sequence:x8}}}"}}"""));
}

/// <summary>What the fake answers one request: accept, an error, or accept and answer only after a delay.</summary>
public sealed record GraphAnswer
{
    private GraphAnswer(GraphError? error, TimeSpan lateBy)
    {
        Error = error;
        LateBy = lateBy;
    }

    /// <summary>Accept the message (200 with a wamid).</summary>
    public static GraphAnswer Accept { get; } = new(null, TimeSpan.Zero);

    /// <summary>The error answered instead of accepting; null when the message is accepted.</summary>
    public GraphError? Error { get; }

    /// <summary>How much later than usual an accepted message is answered (the client may have given up by then).</summary>
    public TimeSpan LateBy { get; }

    /// <summary>Answer with <paramref name="error"/>; the message is not accepted.</summary>
    public static GraphAnswer Fail(GraphError error) => new(error ?? throw new ArgumentNullException(nameof(error)), TimeSpan.Zero);

    /// <summary>Accept and record the message, but answer only after <paramref name="delay"/>.</summary>
    public static GraphAnswer Late(TimeSpan delay) => new(null, delay);
}

/// <summary>How long the fake takes to answer: uniformly between <paramref name="Min"/> and <paramref name="Max"/> (Meta's API takes 100-300 ms).</summary>
/// <param name="Min">Shortest answer time.</param>
/// <param name="Max">Longest answer time.</param>
public sealed record GraphLatency(TimeSpan Min, TimeSpan Max)
{
    /// <summary>Answers at once.</summary>
    public static GraphLatency None { get; } = new(TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>Meta's usual 100 to 300 ms.</summary>
    public static GraphLatency Meta { get; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300));

    /// <summary>One answer time drawn from the range.</summary>
    public TimeSpan Draw() => Max <= Min ? Min : Min + TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * (Max - Min).Ticks));
}

/// <summary>How an outage shows: every request answered 503 code 2, or no connection accepted at all.</summary>
public enum GraphOutageKind
{
    /// <summary>Requests arrive and get 503 with Meta's error code 2.</summary>
    Unavailable,

    /// <summary>The port refuses connections: nothing arrives.</summary>
    RefuseConnections,
}
