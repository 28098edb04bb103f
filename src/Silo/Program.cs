using Microsoft.Extensions.Hosting;
using Vimercate.Hosting;
using Vimercate.Silo;

if (args is [MigrateCommand.Name, ..])
{
    return await MigrateCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

var builder = Host.CreateApplicationBuilder(args);
builder.AddVimercateSilo();
await builder.Build().RunAsync();
return 0;
