using Microsoft.Extensions.Hosting;
using Vimercate.Hosting;
using Vimercate.Hosting.Database;
using Vimercate.Silo;

if (args is [MigrateCommand.Name, ..])
{
    return await MigrateCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

// appsettings.json lives beside the binary, wherever the process is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddVimercateSilo();
try
{
    return await HostRunner.RunAsync(builder.Build());
}
catch (Exception exception) when (exception is DatabaseUnavailableException or SchemaMigrationException)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}
