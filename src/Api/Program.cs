using Vimercate.Api.Operations;
using Vimercate.Api.Sandbox;
using Vimercate.Api.Webhook;
using Vimercate.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddVimercateSilo();
builder.AddOperations();
builder.AddWebhook();

var app = builder.Build();
app.UseOperations();
app.MapWebhook();
app.MapSandbox();
app.MapOperations();

return await HostRunner.RunAsync(app);

/// <summary>The API host; public so the tests can start it.</summary>
public partial class Program;
