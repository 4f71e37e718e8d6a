using System.Security.Claims;
using Bunit;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Layout;
using Loyalty.Web.Components.Pages.Member;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Records;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Components.Layout;

/// <summary>The bell and the inbox, wired to a real app's use cases and member signals, as a circuit has them.</summary>
public sealed class NotificationBellTests : ComponentTestContext, IAsyncLifetime
{
    private readonly LoyaltyAppFactory _app = new(settings: new Dictionary<string, string?> { ["Notifications:LedgerPollMilliseconds"] = "0" });

    public NotificationBellTests()
    {
        foreach (var type in new[] { typeof(CurrentMember), typeof(CountUnreadNotifications), typeof(IMemberSignals), typeof(GetNotifications),
                     typeof(MarkNotificationsRead), typeof(ChooseNotificationChannels) })
            Services.AddSingleton(type, _app.Services.GetRequiredService(type));
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await base.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task NotifyAsync(long memberId, int count)
    {
        var notifier = _app.Services.GetRequiredService<Notifier>();
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        for (var i = 0; i < count; i++)
            await notifier.AddAsync(db, memberId, NotificationKind.GiftReceived, $"gift:{Guid.NewGuid():N}",
                new Dictionary<string, string> { ["points"] = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ["from"] = "Ada" }, default);
        await db.SaveChangesAsync();
        db.RunAfterCommit();
    }

    [Fact]
    public async Task The_bells_count_moves_when_a_notification_is_signalled_and_hides_at_zero()
    {
        var (memberId, _) = await MemberFactory.RegisterAsync(_app);
        var bell = Render<NotificationBell>(p => p.Add(b => b.MemberId, memberId));
        bell.WaitForAssertion(() => Assert.Contains("aria-label=\"Notifications\"", bell.Markup));

        await NotifyAsync(memberId, 2);

        bell.WaitForAssertion(() => Assert.Contains("Notifications: 2 unread", bell.Markup));
        await _app.Services.GetRequiredService<MarkNotificationsRead>().HandleAsync(memberId, null);
        bell.WaitForAssertion(() => Assert.Contains("aria-label=\"Notifications\"", bell.Markup));
    }

    [Fact]
    public async Task The_inbox_shows_20_a_page_newest_first_and_marks_all_read()
    {
        var (memberId, _) = await MemberFactory.RegisterAsync(_app);
        var userId = await _app.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).Select(m => m.UserId).SingleAsync());
        AddAuthorization().SetAuthorized("member").SetRoles("Member").SetClaims(new Claim(ClaimTypes.NameIdentifier, userId!));
        await NotifyAsync(memberId, 25);
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();

        var page = Render<Notifications>();

        page.WaitForAssertion(() => Assert.Equal(20, page.FindAll(".mud-list-item").Count));
        Assert.Contains("Ada gave you 25 points.", page.FindAll(".mud-list-item")[0].TextContent);
        Assert.Equal(20, page.FindAll(".notification-unread").Count);
        page.FindAll(".mud-pagination-item button").First(b => b.TextContent.Trim() == "2").Click();
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll(".mud-list-item").Count));
        Assert.Contains("Ada gave you 5 points.", page.FindAll(".mud-list-item")[0].TextContent);

        page.FindAll("button").First(b => b.TextContent.Contains("Mark all read", StringComparison.Ordinal)).Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".notification-unread")));
        Assert.Equal(0, await _app.Services.GetRequiredService<CountUnreadNotifications>().HandleAsync(memberId));
    }
}
