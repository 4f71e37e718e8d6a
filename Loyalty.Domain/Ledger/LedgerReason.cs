using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Loyalty.Domain.Members;

namespace Loyalty.Domain.Ledger;

/// <summary>
/// Why a ledger entry happened, as a code with typed arguments and optional parts (the terms of an earn's arithmetic); the
/// words are chosen when it is shown, in the reader's language (docs/ledger.md §1). Stored in <see cref="LedgerEntry.Reason"/>
/// as compact JSON, e.g. <c>{"c":"gift.sent","a":["Ada","M-0001"]}</c>; a stored value that is not such JSON is text written
/// before codes existed and is shown as it is (<see cref="ReasonCodes.Text"/>).
/// </summary>
public sealed record LedgerReason(string Code, IReadOnlyList<ReasonArg> Args, IReadOnlyList<LedgerReason> Parts)
{
    private const string Prefix = "{\"c\":";

    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static LedgerReason Of(string code, params ReasonArg[] args) => new(code, args, []);

    /// <summary>Text shown verbatim in every language (legacy text, or a part no template could read).</summary>
    public static LedgerReason Verbatim(string text) => new(ReasonCodes.Text, [new ReasonArg.Text(text)], []);

    public LedgerReason With(IEnumerable<LedgerReason> parts) => this with { Parts = parts.ToList() };

    public LedgerReason With(params LedgerReason[] parts) => With((IEnumerable<LedgerReason>)parts);

    public bool IsVerbatim => Code == ReasonCodes.Text;

    /// <summary>Whether a stored value is a coded reason (not legacy text).</summary>
    public static bool IsCoded(string? stored) => stored is not null && stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>
    /// The stored form, at most <paramref name="maxLength"/> characters: when the whole does not fit, the parts' own parts are
    /// left out, then the parts (shown as "…"), then the text arguments are shortened; codes and numbers (the total) always stay.
    /// </summary>
    public string Encode(int maxLength = LedgerEntry.MaxReasonLength)
    {
        if (IsVerbatim && Parts.Count == 0 && !IsCoded(TextAt(0))) return Clip(TextAt(0), maxLength);
        foreach (var candidate in new[] { this, CutParts(depth: 1), CutParts(depth: 0) })
        {
            var json = Json(candidate);
            if (json.Length <= maxLength) return json;
        }
        var shortest = CutParts(depth: 0);
        for (var keep = 200; keep > 0; keep /= 2)
        {
            var json = Json(shortest.MapTexts(t => t.Length <= keep ? t : t[..keep] + "…"));
            if (json.Length <= maxLength) return json;
        }
        return Json(shortest.MapTexts(_ => "…"));
    }

    /// <summary>The reason a stored value holds; legacy text (or anything unreadable) becomes <see cref="Verbatim"/>.</summary>
    public static LedgerReason Decode(string stored)
    {
        if (!IsCoded(stored)) return Verbatim(stored);
        try
        {
            using var doc = JsonDocument.Parse(stored);
            return Read(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return Verbatim(stored);
        }
    }

    /// <summary>The same reason with each text argument replaced by <paramref name="map"/> (erasure takes names out this way).</summary>
    public LedgerReason MapTexts(Func<string, string> map) => this with
    {
        Args = Args.Select(a => a is ReasonArg.Text t ? new ReasonArg.Text(map(t.Value)) : a).ToList(),
        Parts = Parts.Select(p => p.MapTexts(map)).ToList(),
    };

    /// <summary>Every text argument, parts included.</summary>
    public IEnumerable<string> Texts() =>
        Args.OfType<ReasonArg.Text>().Select(t => t.Value).Concat(Parts.SelectMany(p => p.Texts()));

    /// <summary>Whether a stored reason names any of <paramref name="identifying"/> (<see cref="Redaction.Mentions"/> on its texts).</summary>
    public static bool Mentions(string? stored, IReadOnlyCollection<string> identifying) =>
        stored is not null && Decode(stored).Texts().Any(t => Redaction.Mentions(t, identifying));

    private string TextAt(int i) => Args.Count > i && Args[i] is ReasonArg.Text t ? t.Value : "";

    private LedgerReason CutParts(int depth) => Parts.Count == 0 ? this
        : depth == 0 ? this with { Parts = [Of(ReasonCodes.More)] }
        : this with { Parts = Parts.Select(p => p.CutParts(depth - 1)).ToList() };

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Json(LedgerReason reason)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Writer)) Write(w, reason);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter w, LedgerReason r)
    {
        w.WriteStartObject();
        w.WriteString("c", r.Code);
        if (r.Args.Count > 0)
        {
            w.WriteStartArray("a");
            foreach (var arg in r.Args) WriteArg(w, arg);
            w.WriteEndArray();
        }
        if (r.Parts.Count > 0)
        {
            w.WriteStartArray("p");
            foreach (var part in r.Parts) Write(w, part);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void WriteArg(Utf8JsonWriter w, ReasonArg arg)
    {
        switch (arg)
        {
            case ReasonArg.Points p: w.WriteNumberValue(p.Value); return;
            case ReasonArg.Text t: w.WriteStringValue(t.Value); return;
        }
        w.WriteStartObject();
        switch (arg)
        {
            case ReasonArg.Number n: w.WriteNumber("n", n.Value); break;
            case ReasonArg.Amount a: w.WriteNumber("s", a.Value); break;
            case ReasonArg.Money m: w.WriteNumber("m", m.Value); w.WriteString("c", m.Currency); break;
            case ReasonArg.Date d: w.WriteString("d", d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
        }
        w.WriteEndObject();
    }

    private static LedgerReason Read(JsonElement e)
    {
        var code = e.GetProperty("c").GetString() ?? throw new FormatException("A reason needs a code.");
        var args = e.TryGetProperty("a", out var a) ? a.EnumerateArray().Select(ReadArg).ToList() : [];
        var parts = e.TryGetProperty("p", out var p) ? p.EnumerateArray().Select(Read).ToList() : [];
        return new LedgerReason(code, args, parts);
    }

    private static ReasonArg ReadArg(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => new ReasonArg.Points(e.GetInt64()),
        JsonValueKind.String => new ReasonArg.Text(e.GetString()!),
        _ when e.TryGetProperty("n", out var n) => new ReasonArg.Number(n.GetDecimal()),
        _ when e.TryGetProperty("s", out var s) => new ReasonArg.Amount(s.GetDecimal()),
        _ when e.TryGetProperty("m", out var m) => new ReasonArg.Money(m.GetDecimal(), e.GetProperty("c").GetString()!),
        _ when e.TryGetProperty("d", out var d) => new ReasonArg.Date(DateOnly.ParseExact(d.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
        _ => throw new FormatException($"Unknown reason argument {e}."),
    };
}

/// <summary>An argument of a <see cref="LedgerReason"/>, typed so each language writes it its own way.</summary>
public abstract record ReasonArg
{
    /// <summary>A whole number: points, a rank, a count.</summary>
    public sealed record Points(long Value) : ReasonArg;

    /// <summary>A rate or multiplier, written with the decimals it has.</summary>
    public sealed record Number(decimal Value) : ReasonArg;

    /// <summary>A sum of money without its currency (written with two decimals).</summary>
    public sealed record Amount(decimal Value) : ReasonArg;

    public sealed record Money(decimal Value, string Currency) : ReasonArg;

    /// <summary>A name, a code or a note a person typed: shown as it is.</summary>
    public sealed record Text(string Value) : ReasonArg;

    public sealed record Date(DateOnly Value) : ReasonArg;

    public static implicit operator ReasonArg(long points) => new Points(points);

    public static implicit operator ReasonArg(string text) => new Text(text);

    public static ReasonArg Of(decimal number) => new Number(number);

    public static ReasonArg DateOf(DateTimeOffset at) => new Date(DateOnly.FromDateTime(at.UtcDateTime));
}

/// <summary>The reasons' codes; each has a template <c>Reason.&lt;code&gt;</c> in the resources (docs/ledger.md §1).</summary>
public static class ReasonCodes
{
    /// <summary>Shown verbatim: its one argument is the text.</summary>
    public const string Text = "text";

    /// <summary>Parts left out to fit the column: "…".</summary>
    public const string More = "more";

    public const string Purchase = "purchase";
    public const string NoPointsForPurchase = "purchase.none";
    public const string EarnSubtotal = "earn.subtotal";
    public const string EarnBase = "earn.base";
    public const string EarnBasePlus = "earn.base.plus";
    public const string EarnCategory = "earn.category";
    public const string EarnCategoryPlus = "earn.category.plus";
    public const string EarnCampaign = "earn.campaign";
    public const string EarnCampaignCapped = "earn.campaign.capped";
    public const string EarnOffer = "earn.offer";
    public const string EarnOfferFixed = "earn.offer.fixed";
    public const string OfferBonus = "offer.bonus";
    public const string Redeem = "redeem";
    public const string RedeemPlain = "redeem.plain";
    public const string Refund = "refund";
    public const string RefundKeepsExpiry = "refund.keeps-expiry";
    public const string RefundNoExpiry = "refund.no-expiry";
    public const string RefundExpired = "refund.expired";
    public const string GiftSent = "gift.sent";
    public const string GiftReceived = "gift.received";
    public const string Prize = "prize";
    public const string Expire = "expire";
    public const string Forfeit = "forfeit";
    public const string Return = "return";
    public const string ReturnPartlyExpired = "return.partly-expired";
    public const string NothingToTakeBack = "return.none";
    public const string Adjust = "adjust";
    public const string Bulk = "bulk";
    public const string Import = "import";
    public const string ReferralReferrer = "referral.referrer";
    public const string ReferralReferee = "referral.referee";
    public const string Activity = "activity";
    public const string ActivityCapReached = "activity.cap-reached";
    public const string ActivityCapReachedPlain = "activity.cap-reached.plain";
    public const string Stake = "activity.stake";
    public const string StakeCapped = "activity.stake.capped";
    public const string StakeBelowMinimum = "activity.stake.below-minimum";
    public const string StakeCapReached = "activity.stake.cap-reached";

    public static readonly IReadOnlyList<string> All =
    [
        Text, More, Purchase, NoPointsForPurchase, EarnSubtotal, EarnBase, EarnBasePlus, EarnCategory, EarnCategoryPlus, EarnCampaign,
        EarnCampaignCapped, EarnOffer, EarnOfferFixed, OfferBonus, Redeem, RedeemPlain, Refund, RefundKeepsExpiry, RefundNoExpiry,
        RefundExpired, GiftSent, GiftReceived, Prize, Expire, Forfeit, Return, ReturnPartlyExpired, NothingToTakeBack, Adjust, Bulk,
        Import, ReferralReferrer, ReferralReferee, Activity, ActivityCapReached, ActivityCapReachedPlain, Stake, StakeCapped,
        StakeBelowMinimum, StakeCapReached,
    ];
}
