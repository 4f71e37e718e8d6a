using Loyalty.Web.Api;
using Loyalty.Web.Data;
using Loyalty.Web.Hosting;
using Loyalty.Web.Jobs;

NativeMemory.LimitMallocArenas(); // before anything allocates from many threads: Hosting/NativeMemory.cs
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLoyaltySettingsFile();
builder.AddLoyaltyOperations();

builder.Services
    .AddLoyaltyProductionReadiness(builder.Configuration)
    .AddLoyaltySecurity(builder.Configuration)
    .AddLoyaltyRateLimits(builder.Configuration)
    .AddLoyaltyData(builder.Configuration)
    .AddLoyaltyIdentity()
    .AddLoyaltyUi()
    .AddLoyaltyApi()
    .AddLoyaltyFeatures(builder.Configuration)
    .AddLoyaltyLive(builder.Configuration)
    .AddLoyaltyJobs();

var app = builder.Build();
await app.InitializeLoyaltyAsync();
app.UseLoyaltyPipeline();
app.MapLoyaltyEndpoints();
app.Run();

public partial class Program;
