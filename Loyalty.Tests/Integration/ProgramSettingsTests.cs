using System.Net.Http.Json;
using Loyalty.Domain;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Programs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

public sealed class ProgramSettingsTests
{
    [Fact]
    public async Task A_new_base_rate_and_category_apply_to_the_next_purchase_and_the_change_is_audited()
    {
        await using var app = new LoyaltyAppFactory(demo: true);
        var settings = app.Services.GetRequiredService<ManageProgramSettings>();
        var form = await settings.GetAsync();
        form.BasePointsPerUnit = 8m;
        form.Categories.Add(new CategoryForm { Code = "tea", Name = "Tea", Multiplier = 3m });

        await settings.SaveAsync(form, "admin@test");

        var (_, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var receipt = await (await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10.00m, category: "tea"))).JsonAsync();
        Assert.Equal(240, receipt.GetProperty("points").GetInt64()); // 10 × 8 × 1 + tea 10 × 8 × 1 × (3 − 1)
        var audit = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "program.settings-changed"));
        Assert.Equal("admin@test", audit.Actor);
        Assert.Contains("\"basePointsPerUnit\":5", audit.Before);
        Assert.Contains("\"basePointsPerUnit\":8", audit.After);
    }

    [Fact]
    public async Task Two_tiers_with_one_threshold_are_refused_and_nothing_changes()
    {
        await using var app = new LoyaltyAppFactory();
        var settings = app.Services.GetRequiredService<ManageProgramSettings>();
        var form = await settings.GetAsync();
        form.BasePointsPerUnit = 9m;
        form.Tiers[2].Threshold = form.Tiers[1].Threshold;

        var refused = await Assert.ThrowsAsync<DomainException>(() => settings.SaveAsync(form, "admin@test"));

        Assert.Contains("share the threshold", refused.Message);
        Assert.Equal(5m, (await settings.GetAsync()).BasePointsPerUnit);
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync()));
    }
}

public sealed class TierOverrideTests
{
    [Fact]
    public async Task An_admin_tier_override_moves_the_member_and_is_audited_with_the_reason()
    {
        await using var app = new LoyaltyAppFactory();
        var (memberId, number) = await MemberFactory.RegisterAsync(app);

        await app.Services.GetRequiredService<Loyalty.Web.Features.Members.OverrideTier>()
            .HandleAsync(new Loyalty.Web.Features.Members.OverrideTierCommand(memberId, "gold", "VIP from the partner program", "admin@test"));

        var tier = await app.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).Join(db.Tiers, m => m.TierId, t => t.Id, (m, t) => t.Name).SingleAsync());
        Assert.Equal("Gold", tier);
        var audit = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "tier.overridden"));
        Assert.Equal($"member:{number}", audit.Subject);
        Assert.Equal("VIP from the partner program", audit.Reason);
        Assert.Contains("Bronze", audit.Before);
        Assert.Contains("Gold", audit.After);
    }
}
