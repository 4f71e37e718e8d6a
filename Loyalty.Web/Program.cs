using Loyalty.Web.Api;
using Loyalty.Web.Data;
using Loyalty.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddLoyaltySettingsFile();

builder.Services
    .AddLoyaltyData(builder.Configuration)
    .AddLoyaltyIdentity()
    .AddLoyaltyUi()
    .AddLoyaltyApi()
    .AddLoyaltyFeatures(builder.Configuration);

var app = builder.Build();
await app.InitializeLoyaltyAsync();
app.UseLoyaltyPipeline();
app.MapLoyaltyEndpoints();
app.Run();

public partial class Program;
