using System.Globalization;
using System.Text.RegularExpressions;
using Loyalty.Domain.Ledger;
using C = Loyalty.Domain.Ledger.ReasonCodes;

namespace Loyalty.Web.Data;

/// <summary>
/// Reads the English ledger reasons every earlier version wrote (docs/ledger.md §1) back into coded reasons, for
/// <see cref="LedgerReasonUpgrade"/>. Null for text no template wrote (a reason cut at the column's length, a hand edit):
/// that stays as it is and is shown verbatim.
/// </summary>
public static partial class LegacyLedgerReasons
{
    private const string Num = @"\d+(?:\.\d+)?";
    private const string Day = @"\d{4}-\d\d-\d\d";

    public static LedgerReason? Parse(string text)
    {
        if (LedgerReason.IsCoded(text) || text.Length == 0) return null;
        if (PartlyExpired().Match(text) is { Success: true } px)
            return Parse(px.Groups["inner"].Value) is { } inner ? LedgerReason.Of(C.ReturnPartlyExpired, Long(px, "x")).With(inner) : null;
        foreach (var (pattern, build) in Templates)
            if (pattern.Match(text) is { Success: true } m)
                return build(m);
        return null;
    }

    private static readonly (Regex Pattern, Func<Match, LedgerReason?> Build)[] Templates =
    [
        (Purchase(), PurchaseOf),
        (Re($@"^Redeemed (?<p>\d+) pts for (?<r>.+) \(voucher (?<v>[^()]+)\)$"), m => LedgerReason.Of(C.Redeem, Long(m, "p"), m.Groups["r"].Value, m.Groups["v"].Value)),
        (Re($@"^Redeemed (?<p>\d+) pts for (?<r>.+)$"), m => LedgerReason.Of(C.RedeemPlain, Long(m, "p"), m.Groups["r"].Value)),
        (Re($@"^Redemption of (?<r>.+) cancelled \(voucher (?<v>[^()]+)\): (?<p>\d+) pts back(?: \((?:expiring (?<keep>{Day}), as before|(?<none>no expiry, as before)|they expired on (?<gone>{Day}) meanwhile)\))?$"), Refund),
        (Re($@"^Gift to (?<n>.+) \((?<m>[^()]*)\)$"), m => LedgerReason.Of(C.GiftSent, m.Groups["n"].Value, m.Groups["m"].Value)),
        (Re($@"^Gift from (?<n>.+)$"), m => LedgerReason.Of(C.GiftReceived, m.Groups["n"].Value)),
        (Re($@"^Prize: rank (?<r>\d+) in tournament '(?<t>.*)', (?<p>\d+) pts$"), m => LedgerReason.Of(C.Prize, Long(m, "r"), m.Groups["t"].Value, Long(m, "p"))),
        (Re($@"^(?<p>\d+) pts earned on (?<a>{Day}) expired on (?<b>{Day})$"), m => LedgerReason.Of(C.Expire, Long(m, "p"), Date(m, "a"), Date(m, "b"))),
        (Re($@"^(?<p>\d+) pts forfeited: the account was closed and its personal data erased$"), m => LedgerReason.Of(C.Forfeit, Long(m, "p"))),
        (Re($@"^Return (?<a>\d+\.\d\d) of (?<b>\d+\.\d\d) (?<c>\S+) \(purchase (?<id>.+)\): (?<r>{Num})/(?<t>{Num}) of (?<e>\d+) pts, (?<p>\d+) pts taken back$"),
            m => LedgerReason.Of(C.Return, new ReasonArg.Amount(Dec(m, "a")), new ReasonArg.Money(Dec(m, "b"), m.Groups["c"].Value), m.Groups["id"].Value,
                ReasonArg.Of(Dec(m, "r")), ReasonArg.Of(Dec(m, "t")), Long(m, "e"), Long(m, "p"))),
        (Re($@"^Adjustment by (?<a>[^:]+): (?<n>.*)$"), m => LedgerReason.Of(C.Adjust, m.Groups["a"].Value, m.Groups["n"].Value)),
        (Re($@"^Bulk points from (?<f>.+?): (?<n>.*)$"), m => LedgerReason.Of(C.Bulk, m.Groups["f"].Value, m.Groups["n"].Value)),
        (Re($@"^Opening balance imported from (?<f>.+)$"), m => LedgerReason.Of(C.Import, m.Groups["f"].Value)),
        (Re($@"^Referral bonus: (?<n>.+) joined with your code and their first purchase passed its return window \((?<p>\d+) pts\)$"),
            m => LedgerReason.Of(C.ReferralReferrer, m.Groups["n"].Value, Long(m, "p"))),
        (Re($@"^Welcome bonus: you joined with (?<n>.+)'s referral code and your first purchase passed its return window \((?<p>\d+) pts\)$"),
            m => LedgerReason.Of(C.ReferralReferee, m.Groups["n"].Value, Long(m, "p"))),
        (Re($@"^(?<n>.+?): (?<a>\d+\.\d\d) ÷ (?<u>\d+\.\d\d) × (?<pp>\d+) pts = (?<x>\d+) pts, (?<p>\d+) pts up to the daily cap of (?<c>\d+)$"),
            m => LedgerReason.Of(C.StakeCapped, m.Groups["n"].Value, Amount(m, "a"), Amount(m, "u"), Long(m, "pp"), Long(m, "x"), Long(m, "p"), Long(m, "c"))),
        (Re($@"^(?<n>.+?): (?<a>\d+\.\d\d) ÷ (?<u>\d+\.\d\d) × (?<pp>\d+) pts = (?<p>\d+) pts$"),
            m => LedgerReason.Of(C.Stake, m.Groups["n"].Value, Amount(m, "a"), Amount(m, "u"), Long(m, "pp"), Long(m, "p"))),
        (Re($@"^(?<n>.+?): (?<a>\d+\.\d\d) is below the minimum of (?<m>\d+\.\d\d), no points$"),
            m => LedgerReason.Of(C.StakeBelowMinimum, m.Groups["n"].Value, Amount(m, "a"), Amount(m, "m"))),
        (Re($@"^(?<n>.+?): daily cap of (?<c>\d+) pts reached, no points$"), m => LedgerReason.Of(C.StakeCapReached, m.Groups["n"].Value, Long(m, "c"))),
        (Re($@"^(?<n>.+?): daily cap of (?<c>\d+) reached, no points$"), m => LedgerReason.Of(C.ActivityCapReached, m.Groups["n"].Value, Long(m, "c"))),
        (Re($@"^(?<n>.+?): daily cap reached, no points$"), m => LedgerReason.Of(C.ActivityCapReachedPlain, m.Groups["n"].Value)),
        (Re($@"^(?<n>.+?): (?<p>\d+) pts \((?<k>\d+) of (?<c>\d+) today\)$"),
            m => LedgerReason.Of(C.Activity, m.Groups["n"].Value, Long(m, "p"), Long(m, "k"), Long(m, "c"))),
        (Re($@"^(?<t>.+): (?<p>\d+) bonus pts$"), m => LedgerReason.Of(C.OfferBonus, m.Groups["t"].Value, Long(m, "p"))),
    ];

    /// <summary>
    /// "Purchase 80.00 EUR at S: &lt;base terms&gt; = N pts", or with campaigns and offers "…: &lt;base terms&gt; = B pts + &lt;extras&gt; = N pts".
    /// The head (amount, currency, store, total) is always coded; terms no template reads stay a verbatim part.
    /// </summary>
    private static LedgerReason PurchaseOf(Match m)
    {
        var head = LedgerReason.Of(C.Purchase, new ReasonArg.Money(Dec(m, "a"), m.Groups["c"].Value), m.Groups["s"].Value, Long(m, "t"));
        var body = m.Groups["body"].Value;
        if (WithExtras().Match(body) is { Success: true } x)
        {
            var extras = Split(x.Groups["extras"].Value, ExtraStart()).Select(Extra).ToList();
            var baseTerms = BaseTerms(x.Groups["base"].Value);
            if (baseTerms is not null && extras.All(e => e is not null))
                return head.With(extras.Select(e => e!).Prepend(LedgerReason.Of(C.EarnSubtotal, Long(x, "b")).With(baseTerms)));
            return head.With(LedgerReason.Verbatim(body));
        }
        return head.With(BaseTerms(body) ?? [LedgerReason.Verbatim(body)]);
    }

    private static List<LedgerReason>? BaseTerms(string terms)
    {
        var parts = terms.Split(" + ");
        var result = new List<LedgerReason>();
        for (var i = 0; i < parts.Length; i++)
        {
            var term = i == 0 ? BaseTerm(parts[i]) : CategoryTerm(parts[i]);
            if (term is null) return null;
            result.Add(term);
        }
        return result;
    }

    private static LedgerReason? BaseTerm(string text) => BaseTermPattern().Match(text) is not { Success: true } m ? null
        : m.Groups["plus"].Success
            ? LedgerReason.Of(C.EarnBasePlus, Number(m, "a"), Number(m, "r"), m.Groups["tier"].Value, Number(m, "tm"), Number(m, "plus"))
            : LedgerReason.Of(C.EarnBase, Number(m, "a"), Number(m, "r"), m.Groups["tier"].Value, Number(m, "tm"));

    private static LedgerReason? CategoryTerm(string text) => CategoryTermPattern().Match(text) is not { Success: true } m ? null
        : m.Groups["plus"].Success
            ? LedgerReason.Of(C.EarnCategoryPlus, m.Groups["cat"].Value, Number(m, "t"), Number(m, "r"), Number(m, "tm"), Number(m, "plus"), Number(m, "m"))
            : LedgerReason.Of(C.EarnCategory, m.Groups["cat"].Value, Number(m, "t"), Number(m, "r"), Number(m, "tm"), Number(m, "m"));

    private static LedgerReason? Extra(string text)
    {
        if (CampaignTerm().Match(text) is { Success: true } c)
        {
            ReasonArg[] args = [c.Groups["n"].Value, Amount(c, "q"), Number(c, "r"), Number(c, "tm"), Number(c, "m"), Long(c, "g")];
            return c.Groups["x"].Success && Long(c, "cg") == Long(c, "g")
                ? LedgerReason.Of(C.EarnCampaignCapped, [.. args, Long(c, "x")])
                : c.Groups["x"].Success ? null : LedgerReason.Of(C.EarnCampaign, args);
        }
        if (OfferFixedTerm().Match(text) is { Success: true } f) return LedgerReason.Of(C.EarnOfferFixed, f.Groups["n"].Value, Long(f, "p"));
        if (OfferTerm().Match(text) is { Success: true } o)
            return LedgerReason.Of(C.EarnOffer, o.Groups["n"].Value, Amount(o, "q"), Number(o, "r"), Number(o, "tm"), Number(o, "m"), Long(o, "p"));
        return null;
    }

    private static LedgerReason Refund(Match m)
    {
        var (reward, voucher, points) = (m.Groups["r"].Value, m.Groups["v"].Value, Long(m, "p"));
        if (m.Groups["keep"].Success) return LedgerReason.Of(C.RefundKeepsExpiry, reward, voucher, points, Date(m, "keep"));
        if (m.Groups["gone"].Success) return LedgerReason.Of(C.RefundExpired, reward, voucher, points, Date(m, "gone"));
        return LedgerReason.Of(m.Groups["none"].Success ? C.RefundNoExpiry : C.Refund, reward, voucher, points);
    }

    /// <summary>Splits before each match of <paramref name="start"/> (the " + " that begins the next campaign or offer term).</summary>
    private static IEnumerable<string> Split(string text, Regex start)
    {
        var from = 0;
        foreach (Match m in start.Matches(text))
        {
            if (m.Index == 0) continue;
            yield return text[from..m.Index];
            from = m.Index + 3;
        }
        yield return text[from..];
    }

    private static Regex Re(string pattern) => new(pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static long Long(Match m, string group) => long.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static decimal Dec(Match m, string group) => decimal.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static ReasonArg Number(Match m, string group) => ReasonArg.Of(Dec(m, group));

    private static ReasonArg Amount(Match m, string group) => new ReasonArg.Amount(Dec(m, group));

    private static ReasonArg Date(Match m, string group) =>
        new ReasonArg.Date(DateOnly.ParseExact(m.Groups[group].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<inner>.+) \((?<x>\d+) pts had already expired\)$", RegexOptions.Singleline)]
    private static partial Regex PartlyExpired();

    [GeneratedRegex(@"^Purchase (?<a>\d+\.\d\d) (?<c>\S+) at (?<s>.+?): (?<body>\d+(?:\.\d+)? × .+) = (?<t>\d+) pts$", RegexOptions.Singleline)]
    private static partial Regex Purchase();

    [GeneratedRegex(@"^(?<base>.+?) = (?<b>\d+) pts \+ (?<extras>(?:campaign|offer) '.+)$", RegexOptions.Singleline)]
    private static partial Regex WithExtras();

    [GeneratedRegex(@" \+ (?=(?:campaign|offer) ')")]
    private static partial Regex ExtraStart();

    [GeneratedRegex(@"^(?<a>\d+(?:\.\d+)?) × (?<r>\d+(?:\.\d+)?) pts × (?<tier>.+?) (?<tm>\d+(?:\.\d+)?)(?: × Plus (?<plus>\d+(?:\.\d+)?))?$", RegexOptions.Singleline)]
    private static partial Regex BaseTermPattern();

    [GeneratedRegex(@"^(?<cat>.+?) (?<t>\d+(?:\.\d+)?) × (?<r>\d+(?:\.\d+)?) pts × (?<tm>\d+(?:\.\d+)?)(?: × Plus (?<plus>\d+(?:\.\d+)?))? × \((?<m>\d+(?:\.\d+)?) − 1\)$", RegexOptions.Singleline)]
    private static partial Regex CategoryTermPattern();

    [GeneratedRegex(@"^campaign '(?<n>.*)' (?<q>\d+\.\d\d) × (?<r>\d+(?:\.\d+)?) pts × (?<tm>\d+(?:\.\d+)?) × \((?<m>\d+(?:\.\d+)?) − 1\) = (?<g>\d+) pts(?: \(budget cap: (?<cg>\d+) of (?<x>\d+) pts\))?$", RegexOptions.Singleline)]
    private static partial Regex CampaignTerm();

    [GeneratedRegex(@"^offer '(?<n>.*)' \+(?<p>\d+) pts$", RegexOptions.Singleline)]
    private static partial Regex OfferFixedTerm();

    [GeneratedRegex(@"^offer '(?<n>.*)' (?<q>\d+\.\d\d) × (?<r>\d+(?:\.\d+)?) pts × (?<tm>\d+(?:\.\d+)?) × \((?<m>\d+(?:\.\d+)?) − 1\) = (?<p>\d+) pts$", RegexOptions.Singleline)]
    private static partial Regex OfferTerm();
}
