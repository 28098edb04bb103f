using Microsoft.Extensions.Hosting;
using Vimercate.Hosting;
using Vimercate.Silo;

if (args is [MigrateCommand.Name, ..])
{
    return await MigrateCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

// appsettings.json lives beside the binary, wherever the process is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddVimercateSilo();
return await HostRunner.RunAsync(builder.Build());
