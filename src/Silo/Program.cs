using Microsoft.Extensions.Hosting;
using Vimercate.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddVimercateSilo();
await builder.Build().RunAsync();
