using System.Text.Json;
using System.Text.Json.Serialization;
using Vimercate.Bench.FakeGraph;
using Vimercate.Bench.Service;
using Vimercate.Testing.Graph;

namespace Vimercate.Bench;

/// <summary>JSON of the control routes between the bench's processes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(GraphCounters))]
[JsonSerializable(typeof(FakeGraphBehaviour))]
[JsonSerializable(typeof(ulong[]))]
[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(ProbeStats))]
[JsonSerializable(typeof(AudienceFill))]
[JsonSerializable(typeof(AudienceFilled))]
internal sealed partial class BenchJson : JsonSerializerContext;
