using Vimercate.Api.Audit;
using Vimercate.Api.Campaigns;
using Vimercate.Api.Console;
using Vimercate.Api.OpenApi;
using Vimercate.Api.Observability;
using Vimercate.Api.Operations;
using Vimercate.Api.Privacy;
using Vimercate.Api.Quota;
using Vimercate.Api.Sandbox;
using Vimercate.Api.Security;
using Vimercate.Api.Subscribers;
using Vimercate.Api.Webhook;
using Vimercate.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddVimercateSilo();
builder.AddOperations();
builder.AddWebhook();
builder.AddPressOfficeSecurity();
builder.AddCampaigns();
builder.AddApiDocumentation();
builder.AddRequestHardening();
builder.AddAudit();
builder.AddSubscriberPrivacy();
builder.AddApiObservability();
builder.AddConsole();

var app = builder.Build();
app.UseOperations();
app.UseRequestHardening();
app.UseConsole();
app.MapWebhook();
app.MapSandbox();
app.MapOperations();
app.MapApiDocumentation();
app.MapCampaigns();
app.MapCampaignPreview();
app.MapQuota();
app.MapSubscriberStats();
app.MapSubscriberPrivacy();
app.MapAudit();
app.MapObservability();
app.MapConsole();

return await HostRunner.RunAsync(app);

/// <summary>The API host; public so the tests can start it.</summary>
public partial class Program;
