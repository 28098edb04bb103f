using Vimercate.Api.Campaigns;
using Vimercate.Api.OpenApi;
using Vimercate.Api.Quota;
using Vimercate.Api.Security;
using Vimercate.Api.Subscribers;
using Vimercate.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddVimercateSilo();
builder.AddPressOfficeSecurity();
builder.AddCampaigns();
builder.AddApiDocumentation();

var app = builder.Build();
app.MapGet("/health/live", () => TypedResults.Ok("live"));
app.MapApiDocumentation();
app.MapCampaigns();
app.MapQuota();
app.MapSubscriberStats();
app.Run();

/// <summary>The API host; public so the tests can start it.</summary>
public partial class Program;
