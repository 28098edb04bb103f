using Microsoft.Extensions.Hosting;
using Vimercate.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddVimercateSilo();
return await HostRunner.RunAsync(builder.Build());
