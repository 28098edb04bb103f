using System.Text.Json;
using System.Text.Json.Serialization;
using Vimercate.Bench.FakeGraph;
using Vimercate.Bench.Service;

namespace Vimercate.Bench;

/// <summary>JSON of the control routes between the bench's processes.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(FakeGraphStats))]
[JsonSerializable(typeof(FakeGraphBehaviour))]
[JsonSerializable(typeof(ulong[]))]
[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(ProbeStats))]
[JsonSerializable(typeof(AudienceFill))]
[JsonSerializable(typeof(AudienceFilled))]
internal sealed partial class BenchJson : JsonSerializerContext;
