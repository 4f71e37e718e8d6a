using System.Security.Claims;
using Bunit;
using Loyalty.Domain.Ledger;
using Loyalty.Tests.Features.Offers;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Pages.Member;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Gifting;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Components.Pages;

/// <summary>The gift page names the recipient before anything moves; the referral page shows the code and an empty state.</summary>
public sealed class MemberEngagementPagesTests : ComponentTestContext, IClassFixture<DemoAppFactory>
{
    private readonly DemoAppFactory _app;

    /// <summary>A gift goes through the ledger writer: on a loaded machine its commit takes longer than bUnit's default wait.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    public MemberEngagementPagesTests(DemoAppFactory app)
    {
        _app = app;
        foreach (var type in new[] { typeof(CurrentMember), typeof(GetGiftAllowance), typeof(FindGiftRecipient), typeof(GivePoints),
                     typeof(GetMyReferrals), typeof(PublicUrls) })
            Services.AddSingleton(type, app.Services.GetRequiredService(type));
    }

    private async Task<long> SignInAsync(long? funded = null)
    {
        var memberId = await _app.MemberAsync("Riga", "bronze");
        if (funded is { } points) await MemberFactory.FundAsync(_app, memberId, points);
        var userId = await _app.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).Select(m => m.UserId).SingleAsync());
        AddAuthorization().SetAuthorized("member").SetRoles("Member").SetClaims(new Claim(ClaimTypes.NameIdentifier, userId!));
        return memberId;
    }

    [Fact]
    public async Task The_gift_page_shows_the_recipients_display_name_first_and_gives_only_when_confirmed()
    {
        var (recipientId, number) = await MemberFactory.RegisterAsync(_app, "Gift Taker");
        var senderId = await SignInAsync(funded: 300);
        var page = Render<Gift>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=gift-allowance]")), Wait);

        var inputs = page.FindAll("input");
        inputs[0].Change(number);
        page.FindAll("input")[1].Change("120");
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Next").Click();

        page.WaitForAssertion(() => Assert.Equal($"Give 120 pts to Gift Taker ({number})?", page.Find("[data-testid=gift-confirm]").TextContent.Trim()), Wait);
        Assert.Equal(0, await _app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == recipientId)));
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Give").Click();

        page.WaitForAssertion(() => Assert.Contains("Gift Taker", page.Find("[data-testid=gift-done]").TextContent), Wait);
        Assert.Equal(120, await _app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == recipientId && e.Kind == LedgerEntryKind.Transfer).SumAsync(e => e.Points)));
        Assert.Equal(180, await _app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == senderId).SumAsync(e => e.Points)));
    }

    [Fact]
    public async Task The_referral_page_shows_the_code_in_the_join_link_and_an_empty_state_before_any_friend_joined()
    {
        await SignInAsync();

        var page = Render<Referrals>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=referrals-empty]")), Wait);
        var code = page.Find("[data-testid=referral-code]").TextContent.Trim();
        Assert.Equal(8, code.Length);
        Assert.Contains(page.FindAll("input"), i => i.GetAttribute("value")?.EndsWith($"/join/{code}", StringComparison.Ordinal) == true);
    }
}
