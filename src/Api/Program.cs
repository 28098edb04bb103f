using Vimercate.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddVimercateSilo();

var app = builder.Build();
app.MapGet("/health/live", () => TypedResults.Ok("live"));
app.Run();

/// <summary>The API host; public so the tests can start it.</summary>
public partial class Program;
