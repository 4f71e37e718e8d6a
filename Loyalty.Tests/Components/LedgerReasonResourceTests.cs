using Loyalty.Domain.Ledger;
using Loyalty.Tests.Builders;
using C = Loyalty.Domain.Ledger.ReasonCodes;

namespace Loyalty.Tests.Components;

/// <summary>Every reason code survives encode → decode and reads in English and Persian exactly as its templates say.</summary>
public sealed class LedgerReasonResourceTests
{
    private static ReasonArg N(decimal value) => ReasonArg.Of(value);
    private static ReasonArg Sum(decimal value) => new ReasonArg.Amount(value);
    private static ReasonArg Eur(decimal value) => new ReasonArg.Money(value, "EUR");
    private static ReasonArg On(int y, int m, int d) => new ReasonArg.Date(new DateOnly(y, m, d));

    private static readonly LedgerReason Return = LedgerReason.Of(C.Return, Sum(20m), Eur(80m), "P-1", N(20m), N(80m), 500, 125);

    private static readonly (LedgerReason Reason, string En, string Fa)[] Cases =
    [
        (LedgerReason.Of(C.Purchase, Eur(80m), "Riga Central", 500).With(LedgerReason.Of(C.EarnBase, N(80m), N(5m), "Gold", N(1.25m))),
            "Purchase 80.00 EUR at Riga Central: 80 × 5 pts × Gold 1.25 = 500 pts",
            "خرید 80٫00 EUR در Riga Central: 80 × 5 امتیاز × Gold 1٫25 = 500 امتیاز"),
        (LedgerReason.Of(C.Purchase, Eur(80m), "Riga: Central", 1150).With(
                LedgerReason.Of(C.EarnBasePlus, N(80m), N(5m), "Gold Club", N(1.25m), N(1.5m)),
                LedgerReason.Of(C.EarnCategoryPlus, "coffee", N(20m), N(5m), N(1.25m), N(1.5m), N(2m))),
            "Purchase 80.00 EUR at Riga: Central: 80 × 5 pts × Gold Club 1.25 × Plus 1.5 + coffee 20 × 5 pts × 1.25 × Plus 1.5 × (2 − 1) = 1,150 pts",
            "خرید 80٫00 EUR در Riga: Central: 80 × 5 امتیاز × Gold Club 1٫25 × پلاس 1٫5 + coffee 20 × 5 امتیاز × 1٫25 × پلاس 1٫5 × (2 − 1) = 1٬150 امتیاز"),
        (LedgerReason.Of(C.EarnCategory, "coffee", N(12.5m), N(10m), N(1.25m), N(2m)),
            "coffee 12.5 × 10 pts × 1.25 × (2 − 1)", "coffee 12٫5 × 10 امتیاز × 1٫25 × (2 − 1)"),
        (LedgerReason.Of(C.Purchase, Eur(45m), "Riga Central", 1218).With(
                LedgerReason.Of(C.EarnSubtotal, 562).With(LedgerReason.Of(C.EarnBase, N(45m), N(10m), "Gold", N(1.25m))),
                LedgerReason.Of(C.EarnCampaign, "Double coffee", Sum(12.5m), N(10m), N(1.25m), N(2m), 156),
                LedgerReason.Of(C.EarnOfferFixed, "Welcome bonus", 500)),
            "Purchase 45.00 EUR at Riga Central: 45 × 10 pts × Gold 1.25 = 562 pts + campaign 'Double coffee' 12.50 × 10 pts × 1.25 × (2 − 1) = 156 pts + offer 'Welcome bonus' +500 pts = 1,218 pts",
            "خرید 45٫00 EUR در Riga Central: 45 × 10 امتیاز × Gold 1٫25 = 562 امتیاز + کمپین «Double coffee» 12٫50 × 10 امتیاز × 1٫25 × (2 − 1) = 156 امتیاز + پیشنهاد «Welcome bonus» +500 امتیاز = 1٬218 امتیاز"),
        (LedgerReason.Of(C.EarnCampaignCapped, "Weekend", Sum(45m), N(5m), N(1m), N(2m), 100, 225),
            "campaign 'Weekend' 45.00 × 5 pts × 1 × (2 − 1) = 100 pts (budget cap: 100 of 225 pts)",
            "کمپین «Weekend» 45٫00 × 5 امتیاز × 1 × (2 − 1) = 100 امتیاز (سقف بودجه: 100 از 225 امتیاز)"),
        (LedgerReason.Of(C.EarnOffer, "Coffee week", Sum(12.5m), N(10m), N(1.25m), N(2m), 156),
            "offer 'Coffee week' 12.50 × 10 pts × 1.25 × (2 − 1) = 156 pts", "پیشنهاد «Coffee week» 12٫50 × 10 امتیاز × 1٫25 × (2 − 1) = 156 امتیاز"),
        (LedgerReason.Of(C.Purchase, Eur(80m), "Riga Central", 500).With(LedgerReason.Of(C.More)),
            "Purchase 80.00 EUR at Riga Central: … = 500 pts", "خرید 80٫00 EUR در Riga Central: … = 500 امتیاز"),
        (LedgerReason.Of(C.NoPointsForPurchase), "No points for this purchase", "این خرید امتیازی نداشت"),
        (LedgerReason.Of(C.OfferBonus, "Coffee week", 40), "Coffee week: 40 bonus pts", "Coffee week: 40 امتیاز هدیه"),
        (LedgerReason.Of(C.Redeem, 300, "Plant a tree", "V-1234"), "Redeemed 300 pts for Plant a tree (voucher V-1234)",
            "استفاده از 300 امتیاز برای Plant a tree (کوپن V-1234)"),
        (LedgerReason.Of(C.RedeemPlain, 300, "Plant a tree"), "Redeemed 300 pts for Plant a tree", "استفاده از 300 امتیاز برای Plant a tree"),
        (LedgerReason.Of(C.Refund, "Plant a tree", "V-1234", 300), "Redemption of Plant a tree cancelled (voucher V-1234): 300 pts back",
            "لغو دریافت Plant a tree (کوپن V-1234): 300 امتیاز بازگشت"),
        (LedgerReason.Of(C.RefundKeepsExpiry, "Plant a tree", "V-1234", 300, On(2026, 1, 31)),
            "Redemption of Plant a tree cancelled (voucher V-1234): 300 pts back (expiring 31 Jan 2026, as before)",
            "لغو دریافت Plant a tree (کوپن V-1234): 300 امتیاز بازگشت (مانند پیش، منقضی در 11 بهمن 1404)"),
        (LedgerReason.Of(C.RefundNoExpiry, "Plant a tree", "V-1234", 300),
            "Redemption of Plant a tree cancelled (voucher V-1234): 300 pts back (no expiry, as before)",
            "لغو دریافت Plant a tree (کوپن V-1234): 300 امتیاز بازگشت (مانند پیش، بدون انقضا)"),
        (LedgerReason.Of(C.RefundExpired, "Plant a tree", "V-1234", 300, On(2026, 1, 31)),
            "Redemption of Plant a tree cancelled (voucher V-1234): 300 pts back (they expired on 31 Jan 2026 meanwhile)",
            "لغو دریافت Plant a tree (کوپن V-1234): 300 امتیاز بازگشت (در این میان در 11 بهمن 1404 منقضی شدند)"),
        (LedgerReason.Of(C.GiftSent, "Ada", "M-0001"), "Gift to Ada (M-0001)", "هدیه به Ada (M-0001)"),
        (LedgerReason.Of(C.GiftReceived, "سارا"), "Gift from سارا", "هدیه از سارا"),
        (LedgerReason.Of(C.Prize, 1, "Spring Cup", 500), "Prize: rank 1 in tournament 'Spring Cup', 500 pts",
            "جایزه: رتبهٔ 1 در مسابقهٔ «Spring Cup»، 500 امتیاز"),
        (LedgerReason.Of(C.Expire, 700, On(2025, 1, 6), On(2026, 1, 31)), "700 pts earned on 6 Jan 2025 expired on 31 Jan 2026",
            "700 امتیاز کسب‌شده در 17 دی 1403، در 11 بهمن 1404 منقضی شد"),
        (LedgerReason.Of(C.Forfeit, 120), "120 pts forfeited: the account was closed and its personal data erased",
            "120 امتیاز از دست رفت: حساب بسته و داده‌های شخصی آن پاک شد"),
        (Return, "Return 20.00 of 80.00 EUR (purchase P-1): 20/80 of 500 pts, 125 pts taken back",
            "مرجوعی 20٫00 از 80٫00 EUR (خرید P-1): 20/80 از 500 امتیاز، 125 امتیاز پس گرفته شد"),
        (LedgerReason.Of(C.ReturnPartlyExpired, 12).With(Return),
            "Return 20.00 of 80.00 EUR (purchase P-1): 20/80 of 500 pts, 125 pts taken back (12 pts had already expired)",
            "مرجوعی 20٫00 از 80٫00 EUR (خرید P-1): 20/80 از 500 امتیاز، 125 امتیاز پس گرفته شد (12 امتیاز پیش‌تر منقضی شده بود)"),
        (LedgerReason.Of(C.NothingToTakeBack), "No points to take back", "امتیازی برای پس گرفتن نیست"),
        (LedgerReason.Of(C.Adjust, "admin@loyalty.local", "Goodwill for a late delivery"), "Adjustment by admin@loyalty.local: Goodwill for a late delivery",
            "اصلاح به دست admin@loyalty.local: Goodwill for a late delivery"),
        (LedgerReason.Of(C.Bulk, "june.csv", "Welcome back"), "Bulk points from june.csv: Welcome back", "امتیاز گروهی از june.csv: Welcome back"),
        (LedgerReason.Of(C.Import, "members.csv"), "Opening balance imported from members.csv", "موجودی آغازین واردشده از members.csv"),
        (LedgerReason.Of(C.ReferralReferrer, "Fiona", 500),
            "Referral bonus: Fiona joined with your code and their first purchase passed its return window (500 pts)",
            "پاداش معرفی: Fiona با کد شما عضو شد و نخستین خریدش از مهلت مرجوعی گذشت (500 امتیاز)"),
        (LedgerReason.Of(C.ReferralReferee, "Rana", 250),
            "Welcome bonus: you joined with Rana's referral code and your first purchase passed its return window (250 pts)",
            "پاداش خوش‌آمد: شما با کد معرفی Rana عضو شدید و نخستین خریدتان از مهلت مرجوعی گذشت (250 امتیاز)"),
        (LedgerReason.Of(C.Activity, "App check-in", 20, 1, 3), "App check-in: 20 pts (1 of 3 today)", "App check-in: 20 امتیاز (1 از 3 امروز)"),
        (LedgerReason.Of(C.ActivityCapReached, "App check-in", 3), "App check-in: daily cap of 3 reached, no points",
            "App check-in: سقف روزانهٔ 3 پر شده است، بی امتیاز"),
        (LedgerReason.Of(C.ActivityCapReachedPlain, "app-checkin"), "app-checkin: daily cap reached, no points", "app-checkin: سقف روزانه پر شده است، بی امتیاز"),
        (LedgerReason.Of(C.Stake, "Bet placed", Sum(125.5m), Sum(10m), 1, 12), "Bet placed: 125.50 ÷ 10.00 × 1 pts = 12 pts",
            "Bet placed: 125٫50 ÷ 10٫00 × 1 امتیاز = 12 امتیاز"),
        (LedgerReason.Of(C.StakeCapped, "Bet placed", Sum(500m), Sum(10m), 1, 50, 30, 100),
            "Bet placed: 500.00 ÷ 10.00 × 1 pts = 50 pts, 30 pts up to the daily cap of 100",
            "Bet placed: 500٫00 ÷ 10٫00 × 1 امتیاز = 50 امتیاز، 30 امتیاز تا سقف روزانهٔ 100"),
        (LedgerReason.Of(C.StakeBelowMinimum, "Bet placed", Sum(4.99m), Sum(5m)), "Bet placed: 4.99 is below the minimum of 5.00, no points",
            "Bet placed: 4٫99 کمتر از کمینهٔ 5٫00 است، بی امتیاز"),
        (LedgerReason.Of(C.StakeCapReached, "Bet placed", 100), "Bet placed: daily cap of 100 pts reached, no points",
            "Bet placed: سقف روزانهٔ 100 امتیاز پر شده است، بی امتیاز"),
        (LedgerReason.Verbatim("Welcome gift from the old system"), "Welcome gift from the old system", "Welcome gift from the old system"),
    ];

    public static TheoryData<int> Indexes() => new(Enumerable.Range(0, Cases.Length));

    [Theory]
    [MemberData(nameof(Indexes))]
    public void A_reason_survives_storage_and_reads_in_English_and_Persian(int index)
    {
        var (reason, en, fa) = Cases[index];

        var stored = reason.Encode();
        var read = LedgerReason.Decode(stored);

        Assert.Equal(stored, read.Encode());
        Assert.Equal(en, ReasonWords.English(stored));
        Assert.Equal(fa, ReasonWords.In("fa", stored));
    }

    [Fact]
    public void Every_code_is_tried_above()
    {
        var tried = Cases.SelectMany(c => Codes(c.Reason)).ToHashSet();

        Assert.DoesNotContain(C.All, code => !tried.Contains(code));
        Assert.Equal(C.All.Count, C.All.Distinct().Count());
    }

    [Fact]
    public void Names_stay_readable_in_the_stored_json()
    {
        var stored = LedgerReason.Of(C.GiftSent, "سارا \"S\" <b>", "M-0001").Encode();

        Assert.Equal("{\"c\":\"gift.sent\",\"a\":[\"سارا \\\"S\\\" <b>\",\"M-0001\"]}", stored);
        Assert.Equal("Gift to سارا \"S\" <b> (M-0001)", ReasonWords.English(stored));
    }

    [Fact]
    public void Text_that_is_not_a_coded_reason_is_shown_as_stored()
    {
        Assert.Equal("Purchase 12.00 EUR at Old Shop: whatever = 3 pts", ReasonWords.In("fa", "Purchase 12.00 EUR at Old Shop: whatever = 3 pts"));
        Assert.Equal("{\"c\":broken", ReasonWords.In("fa", "{\"c\":broken"));
    }

    [Fact]
    public void A_reason_too_long_for_the_column_drops_its_detail_but_keeps_the_total()
    {
        var terms = Enumerable.Range(0, 40).Select(i => LedgerReason.Of(C.EarnCategory, $"category-{i}", N(10m), N(5m), N(1.25m), N(2m)));
        var reason = LedgerReason.Of(C.Purchase, Eur(999m), new string('S', 60), 12_345).With(terms);

        var stored = reason.Encode();

        Assert.True(stored.Length <= LedgerEntry.MaxReasonLength, $"{stored.Length} characters");
        Assert.Equal($"Purchase 999.00 EUR at {new string('S', 60)}: … = 12,345 pts", ReasonWords.English(stored));
    }

    [Fact]
    public void Staff_text_too_long_for_the_column_is_shortened_not_the_frame()
    {
        var stored = LedgerReason.Of(C.Bulk, new string('f', 150), new string('\"', 300)).Encode();

        Assert.True(stored.Length <= LedgerEntry.MaxReasonLength, $"{stored.Length} characters");
        Assert.StartsWith("Bulk points from fff", ReasonWords.English(stored));
        Assert.EndsWith("\"…", ReasonWords.English(stored));
    }

    private static IEnumerable<string> Codes(LedgerReason r) => r.Parts.SelectMany(Codes).Prepend(r.Code);
}

/// <summary>A notification keeps the entry's coded reason and tells it in the reader's language when shown or mailed.</summary>
public sealed class LedgerReasonNotificationTests
{
    [Fact]
    public void A_points_earned_notification_reads_its_reason_in_the_readers_language()
    {
        var reason = LedgerReason.Of(ReasonCodes.Prize, 1, "Spring Cup", 1_500).Encode();
        var arguments = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["points"] = "1500", ["reason"] = reason });

        var en = ReasonWords.In("en", l => Loyalty.Web.Features.Notifications.NotificationText.Render(l, Loyalty.Web.Data.Records.NotificationKind.PointsEarned, arguments));
        var fa = ReasonWords.In("fa", l => Loyalty.Web.Features.Notifications.NotificationText.Render(l, Loyalty.Web.Data.Records.NotificationKind.PointsEarned, arguments));

        Assert.Equal("You earned 1,500 points: Prize: rank 1 in tournament 'Spring Cup', 1,500 pts", en);
        Assert.Contains("جایزه: رتبهٔ 1 در مسابقهٔ «Spring Cup»، 1٬500 امتیاز", fa);
    }

    [Fact]
    public void Erasure_takes_the_name_out_of_a_coded_reason_and_keeps_it_coded()
    {
        var account = new PointsAccount(7, []);
        var entry = account.Credit(new CreditRequest(50, LedgerEntryKind.Bonus, DateTimeOffset.UnixEpoch, new LotTerms(0, 12), LedgerSource.Gift, "gift:1",
            LedgerReason.Of(ReasonCodes.GiftSent, "Ada Lovelace", "M-0001")));

        var changed = entry.RedactReason(["Ada Lovelace", "ada@example.com"], "[erased]");

        Assert.True(changed);
        Assert.True(LedgerReason.IsCoded(entry.Reason));
        Assert.DoesNotContain("Ada", entry.Reason);
        Assert.Equal("Gift to [erased] (M-0001)", ReasonWords.English(entry.Reason));
        Assert.False(entry.RedactReason(["Ada Lovelace"], "[erased]"));
        Assert.False(LedgerReason.Mentions(entry.Reason, ["Ada Lovelace"]));
    }
}
