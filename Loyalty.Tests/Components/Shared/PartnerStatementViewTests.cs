using Bunit;
using Loyalty.Domain.Partners;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Features.Settlement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Components.Shared;

/// <summary>The shared statement view against the real settlement use cases on a fake clock.</summary>
public sealed class PartnerStatementViewTests : ComponentTestContext, IClassFixture<SettlementAppFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly SettlementAppFactory _app;

    public PartnerStatementViewTests(SettlementAppFactory app)
    {
        _app = app;
        foreach (var useCase in new[] { typeof(GetPartnerStatement), typeof(CloseSettlementMonth) })
            Services.AddSingleton(useCase, app.Services.GetRequiredService(useCase));
        AddAuthorization().SetAuthorized("admin@test").SetRoles("Admin");
    }

    private DateTimeOffset Now => _app.Time.GetUtcNow();

    /// <summary>A partner with a 50 EUR purchase (100 pts) in this month, and the clock moved into the next, so this month may close.</summary>
    private async Task<(SettlementPartner Partner, string Member, SettlementMonth Month)> EndedMonthAsync()
    {
        var partner = await SettlementWorld.PartnerAsync(_app);
        var (_, number) = await MemberFactory.RegisterAsync(_app);
        await SettlementWorld.BuyAsync(_app, number, partner, 50m, Now.AddMinutes(-5));
        var month = SettlementMonth.Of(Now);
        _app.Time.SetUtcNow(month.End.AddDays(1));
        return (partner, number, month);
    }

    private IRenderedComponent<PartnerStatementView> View(SettlementPartner partner, SettlementMonth month, bool canClose) =>
        Render<PartnerStatementView>(p => p.Add(v => v.PartnerId, partner.Id).Add(v => v.Month, month).Add(v => v.CanClose, canClose));

    [Fact]
    public async Task The_close_button_shows_only_when_the_page_allows_closing_and_closing_asks_first_then_freezes_the_month()
    {
        var (partner, _, month) = await EndedMonthAsync();
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();

        var readOnly = View(partner, month, canClose: false);
        readOnly.WaitForAssertion(() => Assert.Contains("1.00 EUR", readOnly.Find("[data-testid=partner-owes]").TextContent), Wait);
        Assert.DoesNotContain(readOnly.FindAll("button"), b => b.TextContent.Trim() == "Close month");

        var admin = View(partner, month, canClose: true);
        admin.WaitForAssertion(() => Assert.Contains(admin.FindAll("button"), b => b.TextContent.Trim() == "Close month"), Wait);
        await admin.InvokeAsync(() => admin.FindAll("button").Single(b => b.TextContent.Trim() == "Close month").Click());
        dialogs.WaitForAssertion(() => Assert.Contains($"Close {month} for {partner.Name}?", dialogs.Markup), Wait);
        Assert.False(await _app.WithDbAsync(db => db.SettlementStatements.AnyAsync(s => s.PartnerId == partner.Id)));
        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Close month").Click());

        admin.WaitForAssertion(() => Assert.Equal("Closed", admin.Find("[data-testid=statement-state]").TextContent.Trim()), Wait);
        Assert.DoesNotContain(admin.FindAll("button"), b => b.TextContent.Trim() == "Close month");
        Assert.True(await _app.WithDbAsync(db => db.SettlementStatements.AnyAsync(s => s.PartnerId == partner.Id && s.Month == month)));
    }

    [Fact]
    public async Task A_month_with_late_entries_for_a_closed_month_shows_them_as_corrections_and_the_balance_says_who_pays()
    {
        var (partner, number, month) = await EndedMonthAsync();
        await SettlementWorld.CloseAsync(_app, partner, month);
        await SettlementWorld.BuyAsync(_app, number, partner, 10m, month.End.AddHours(-1)); // 20 pts, sent late

        var view = View(partner, month.Next, canClose: true);

        view.WaitForAssertion(() => Assert.Contains($"Correction for {month}", view.Find("[data-testid=statement-corrections]").TextContent), Wait);
        Assert.Contains("+20 pts", view.Find("[data-testid=statement-corrections]").TextContent);
        Assert.Contains("0.20 EUR", view.Find("[data-testid=partner-owes]").TextContent);
        Assert.Contains($"{partner.Name} pays the program 0.20 EUR", view.Find("[data-testid=statement-balance]").TextContent);
        Assert.Contains($"Correction for {month}", view.Find("[data-testid=statement-entries]").TextContent);
        Assert.Equal("Open", view.Find("[data-testid=statement-state]").TextContent.Trim());
        // The next month has not ended: no Close button even where the page allows closing.
        Assert.DoesNotContain(view.FindAll("button"), b => b.TextContent.Trim() == "Close month");
    }
}
