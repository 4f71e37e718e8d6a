using Loyalty.Domain.Ledger;
using Loyalty.Tests.Builders;
using Loyalty.Web.Data;
using C = Loyalty.Domain.Ledger.ReasonCodes;

namespace Loyalty.Tests.Data;

/// <summary>Each English template an earlier version wrote is read back into its code; the English words come out as they were.</summary>
public sealed class LegacyLedgerReasonsTests
{
    [Theory]
    // EarnCalculator: base only; tier names with spaces, a store with ':' and quotes, Plus, category extras, a partner store.
    [InlineData("Purchase 45.00 EUR at Riga Central: 45 × 10 pts × Gold 1.25 = 562 pts", C.Purchase, null)]
    [InlineData("Purchase 80.00 EUR at Riga: \"Central\" 'Mall': 80 × 5 pts × Gold Club 1.25 × Plus 1.5 + coffee 20 × 5 pts × 1.25 × Plus 1.5 × (2 − 1) = 750 pts", C.Purchase, null)]
    [InlineData("Purchase 45.00 EUR at Riga Central: 45 × 10 pts × Gold 1.25 + coffee 12.5 × 10 pts × 1.25 × (2 − 1) = 718 pts", C.Purchase, null)]
    [InlineData("Purchase 42.00 EUR at Spa Co (partner): 42 × 3 pts × Bronze 1 = 126 pts", C.Purchase, null)]
    // Campaigns and offers after the base, a budget cap, a multiplier offer.
    [InlineData("Purchase 45.00 EUR at Riga Central: 45 × 10 pts × Gold 1.25 = 562 pts + campaign 'Double coffee' 12.50 × 10 pts × 1.25 × (2 − 1) = 156 pts + offer 'Welcome bonus' +500 pts = 1218 pts",
        C.Purchase, "Purchase 45.00 EUR at Riga Central: 45 × 10 pts × Gold 1.25 = 562 pts + campaign 'Double coffee' 12.50 × 10 pts × 1.25 × (2 − 1) = 156 pts + offer 'Welcome bonus' +500 pts = 1,218 pts")]
    [InlineData("Purchase 45.00 EUR at Riga Central: 45 × 5 pts × Bronze 1 = 225 pts + campaign 'Weekend: x2' 45.00 × 5 pts × 1 × (2 − 1) = 100 pts (budget cap: 100 of 225 pts) = 325 pts", C.Purchase, null)]
    [InlineData("Purchase 45.00 EUR at Riga Central: 45 × 10 pts × Gold 1.25 = 562 pts + offer 'Coffee week' 12.50 × 10 pts × 1.25 × (2 − 1) = 156 pts = 718 pts", C.Purchase, null)]
    [InlineData("Redeemed 300 pts for Plant a tree (voucher ABCD-1234)", C.Redeem, null)]
    [InlineData("Redeemed 500 pts for Cinema ticket", C.RedeemPlain, null)]
    [InlineData("Redemption of Plant a tree cancelled (voucher ABCD-1234): 300 pts back", C.Refund, null)]
    [InlineData("Redemption of Plant a tree cancelled (voucher ABCD-1234): 300 pts back (expiring 2026-01-31, as before)", C.RefundKeepsExpiry,
        "Redemption of Plant a tree cancelled (voucher ABCD-1234): 300 pts back (expiring 31 Jan 2026, as before)")]
    [InlineData("Redemption of Plant a tree cancelled (voucher ABCD-1234): 300 pts back (no expiry, as before)", C.RefundNoExpiry, null)]
    [InlineData("Redemption of Plant a tree cancelled (voucher ABCD-1234): 300 pts back (they expired on 2025-12-01 meanwhile)", C.RefundExpired,
        "Redemption of Plant a tree cancelled (voucher ABCD-1234): 300 pts back (they expired on 1 Dec 2025 meanwhile)")]
    [InlineData("Gift to Ada Lovelace (M-0001)", C.GiftSent, null)]
    [InlineData("Gift from Giver Gina", C.GiftReceived, null)]
    [InlineData("Prize: rank 1 in tournament 'Spring Cup: finals', 500 pts", C.Prize, null)]
    [InlineData("700 pts earned on 2025-01-06 expired on 2026-01-06", C.Expire, "700 pts earned on 6 Jan 2025 expired on 6 Jan 2026")]
    [InlineData("120 pts forfeited: the account was closed and its personal data erased", C.Forfeit, null)]
    [InlineData("Return 20.00 of 80.00 EUR (purchase P-1): 20/80 of 500 pts, 125 pts taken back", C.Return, null)]
    [InlineData("Return 80.00 of 80.00 EUR (purchase P-2): 80/80 of 100 pts, 100 pts taken back (12 pts had already expired)", C.ReturnPartlyExpired, null)]
    [InlineData("Adjustment by admin@loyalty.local: Goodwill: late delivery", C.Adjust, null)]
    [InlineData("Bulk points from june.csv: Welcome back", C.Bulk, null)]
    [InlineData("Opening balance imported from members-2026.csv", C.Import, null)]
    [InlineData("Referral bonus: Friendly Fiona joined with your code and their first purchase passed its return window (500 pts)", C.ReferralReferrer, null)]
    [InlineData("Welcome bonus: you joined with Referrer Rana's referral code and your first purchase passed its return window (250 pts)", C.ReferralReferee, null)]
    [InlineData("App check-in: 20 pts (1 of 3 today)", C.Activity, null)]
    [InlineData("App check-in: daily cap of 3 reached, no points", C.ActivityCapReached, null)]
    [InlineData("app-checkin: daily cap reached, no points", C.ActivityCapReachedPlain, null)]
    [InlineData("Bet placed: 125.50 ÷ 10.00 × 1 pts = 12 pts", C.Stake, null)]
    [InlineData("Bet placed: 500.00 ÷ 10.00 × 1 pts = 50 pts, 30 pts up to the daily cap of 100", C.StakeCapped, null)]
    [InlineData("Bet placed: 4.99 is below the minimum of 5.00, no points", C.StakeBelowMinimum, null)]
    [InlineData("Bet placed: daily cap of 100 pts reached, no points", C.StakeCapReached, null)]
    [InlineData("Coffee week: 40 bonus pts", C.OfferBonus, null)]
    public void An_old_English_reason_becomes_its_code_and_reads_as_before(string legacy, string code, string? english)
    {
        var coded = LegacyLedgerReasons.Parse(legacy);

        Assert.NotNull(coded);
        Assert.Equal(code, coded.Code);
        Assert.DoesNotContain(Flatten(coded), r => r.IsVerbatim);
        Assert.Equal(english ?? legacy, ReasonWords.English(coded.Encode()));
    }

    [Fact]
    public void Terms_no_template_reads_keep_the_formula_but_code_the_head()
    {
        var coded = LegacyLedgerReasons.Parse("Purchase 45.00 EUR at Riga Central: 45 × 10 pts × something odd = 562 pts");

        Assert.NotNull(coded);
        Assert.Equal((C.Purchase, 562L), (coded.Code, ((ReasonArg.Points)coded.Args[2]).Value));
        Assert.Equal(new ReasonArg.Money(45.00m, "EUR"), coded.Args[0]);
        Assert.True(Assert.Single(coded.Parts).IsVerbatim);
        Assert.Equal("خرید 45٫00 EUR در Riga Central: 45 × 10 pts × something odd = 562 امتیاز", ReasonWords.In("fa", coded.Encode()));
    }

    [Theory]
    [InlineData("Hand-written correction")]
    [InlineData("Purchase 45.00 EUR at Riga Central: 45 × 10 pts × Gold 1.25 = 562 pt…")]
    [InlineData("Return 20.00 of 80.00 EUR (purchase P-1): 20/80 of 500 pts, 125 pts taken ba…")]
    [InlineData("{\"c\":\"gift.received\",\"a\":[\"Ada\"]}")]
    public void Text_no_template_wrote_is_left_alone(string text) => Assert.Null(LegacyLedgerReasons.Parse(text));

    [Fact]
    public void Arguments_come_back_typed()
    {
        var expire = LegacyLedgerReasons.Parse("700 pts earned on 2025-01-06 expired on 2026-01-06")!;
        var gift = LegacyLedgerReasons.Parse("Gift to Ada Lovelace (M-0001)")!;

        Assert.Equal(new ReasonArg[] { new ReasonArg.Points(700), new ReasonArg.Date(new DateOnly(2025, 1, 6)), new ReasonArg.Date(new DateOnly(2026, 1, 6)) }, expire.Args);
        Assert.Equal(new[] { "Ada Lovelace", "M-0001" }, gift.Texts());
    }

    private static IEnumerable<LedgerReason> Flatten(LedgerReason r) => r.Parts.SelectMany(Flatten).Prepend(r);
}
