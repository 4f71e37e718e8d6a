using Loyalty.Domain.Rewards;
using Loyalty.Web.Features.Privacy;
using Loyalty.Web.Features.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>
/// A tournament's prize voucher is a redemption of 0 points: cancelling it, by staff or by erasing its member, puts the item
/// back and gives back nothing (giving back 0 points used to be refused, which stopped the erasure of every prize winner).
/// </summary>
public sealed class PrizeVoucherCancelTests : IAsyncDisposable
{
    private readonly LoyaltyAppFactory _app = new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<(long MemberId, Guid VoucherId, int RewardId, int? StockBefore)> PrizeAsync()
    {
        var member = await MemberFactory.RegisterAsync(_app);
        var partner = await SettlementWorld.PartnerAsync(_app);
        var (voucher, stock) = await _app.WithDbAsync(async db =>
        {
            // As FinalizeTournament issues a prize: the item taken from stock, a redemption of 0 points, no ledger entry.
            var reward = await db.Rewards.SingleAsync(r => r.Id == partner.RewardId);
            reward.TakeOne();
            var prize = new Redemption(reward.Id, reward.Name, member.Id, 0, $"tournament:1:prize:{member.Id}", DateTimeOffset.UtcNow);
            db.Redemptions.Add(prize);
            await db.SaveChangesAsync();
            return (prize.Id, reward.Stock);
        });
        return (member.Id, voucher, partner.RewardId, stock);
    }

    private Task<int> LedgerRowsAsync(long memberId) => _app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == memberId));

    [Fact]
    public async Task Staff_cancel_a_prize_voucher_the_item_goes_back_and_no_points_are_given()
    {
        var (memberId, voucher, rewardId, stock) = await PrizeAsync();
        var entries = await LedgerRowsAsync(memberId);

        Assert.True(await _app.Services.GetRequiredService<ManageRedemptions>().CancelAsync(voucher, "admin@test", "Won twice by mistake"));

        Assert.Equal(RedemptionStatus.Cancelled, await _app.WithDbAsync(db => db.Redemptions.Where(r => r.Id == voucher).Select(r => r.Status).SingleAsync()));
        Assert.Equal(entries, await LedgerRowsAsync(memberId));
        Assert.Equal(stock + 1, await _app.WithDbAsync(db => db.Rewards.Where(r => r.Id == rewardId).Select(r => r.Stock).SingleAsync()));
    }

    [Fact]
    public async Task A_prize_winner_holding_an_open_prize_voucher_can_be_erased()
    {
        var (memberId, voucher, _, _) = await PrizeAsync();

        await _app.Services.GetRequiredService<EraseMember>().RunAsync(memberId, "admin@test", "Request of the member, ticket 7");

        Assert.NotNull(await _app.WithDbAsync(db => db.Members.Where(m => m.Id == memberId).Select(m => m.ErasedAt).SingleAsync()));
        Assert.Equal(RedemptionStatus.Cancelled, await _app.WithDbAsync(db => db.Redemptions.Where(r => r.Id == voucher).Select(r => r.Status).SingleAsync()));
    }
}
