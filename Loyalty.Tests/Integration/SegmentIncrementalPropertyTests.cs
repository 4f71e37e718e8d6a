using CsCheck;
using Loyalty.Domain;
using Loyalty.Domain.Purchases;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Features.Events;
using Loyalty.Web.Features.Privacy;
using Loyalty.Web.Features.Purchases;
using Loyalty.Web.Features.Segments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration;

public sealed class SegmentIncrementalAppFactory() : LoyaltyAppFactory(clock: new FakeTimeProvider(Start), settings: new Dictionary<string, string?>
{
    ["Segments:RefreshIntervalMinutes"] = "0",
    ["Points:MaintenanceIntervalMinutes"] = "0",
})
{
    public static readonly DateTimeOffset Start = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time => (FakeTimeProvider)Services.GetRequiredService<TimeProvider>();
}

/// <summary>
/// Incremental segment runs as a property over generated histories driven through the real use cases: purchases (some sent
/// late, some a few minutes ahead of the clock), returns, check-ins, redemptions and their cancellations, members joining and
/// erased, time moving past window edges and birthdays, rule and RFM policy edits. At every run the rows an incremental run
/// writes (insights, memberships, segment sizes) equal those a full run then writes on the same data. A failure prints the
/// history and a seed. docs/segments.md, "Incremental runs".
/// </summary>
public sealed class SegmentIncrementalPropertyTests(SegmentIncrementalAppFactory app) : IClassFixture<SegmentIncrementalAppFactory>
{
    private const int Histories = 12;
    private static readonly string[] Categories = ["coffee", "books", "Coffee ", "toys", "groceries"];
    private static readonly string[] Cities = ["Riga", "Tartu", "Baku"];
    private static int _incrementalRuns, _membersSkipped;

    private abstract record Step;

    private sealed record Buy(int Member, int Cents, int Category, int MinutesLate) : Step
    {
        public override string ToString() => $"buy m{Member} {Cents / 100m:0.00} {Categories[Category].Trim()} {MinutesLate}min late";
    }

    private sealed record Return(int Pick, int Percent) : Step
    {
        public override string ToString() => $"return #{Pick} {Percent}%";
    }

    private sealed record CheckIn(int Member, int HoursAgo) : Step
    {
        public override string ToString() => $"check-in m{Member} {HoursAgo}h ago";
    }

    private sealed record Redeem(int Member) : Step
    {
        public override string ToString() => $"redeem m{Member}";
    }

    private sealed record Cancel(int Pick) : Step
    {
        public override string ToString() => $"cancel redemption #{Pick}";
    }

    private sealed record Join(int City, int BornDaysFromNow) : Step
    {
        public override string ToString() => $"join in {Cities[City]}, birthday in {BornDaysFromNow}d";
    }

    private sealed record Erase(int Member) : Step
    {
        public override string ToString() => $"erase m{Member}";
    }

    private sealed record Wait(int Hours) : Step
    {
        public override string ToString() => $"wait {Hours}h";
    }

    private sealed record Rule(int Slot, int Kind, int Number) : Step
    {
        public override string ToString() => $"rule r{Slot} kind {Kind} ({Number})";
    }

    private sealed record Policy(int WindowDays, int SpendMid) : Step
    {
        public override string ToString() => $"policy window {WindowDays}d, spend mid {SpendMid}";
    }

    private sealed record Run : Step
    {
        public override string ToString() => "run";
    }

    private static readonly Gen<Step> GenStep = Gen.Frequency<Step>(
        (6, Gen.Select(Gen.Int[0, 5], Gen.Int[100, 60_000], Gen.Int[0, Categories.Length - 1],
            Gen.Frequency((4, Gen.Const(0)), (2, Gen.Int[1, 60 * 24 * 30]), (1, Gen.Int[-4, -1])), Step (m, c, cat, late) => new Buy(m, c, cat, late))),
        (2, Gen.Select(Gen.Int[0, 50], Gen.Int[1, 100], Step (pick, percent) => new Return(pick, percent))),
        (2, Gen.Select(Gen.Int[0, 5], Gen.Int[0, 72], Step (m, h) => new CheckIn(m, h))),
        (1, Gen.Int[0, 5].Select(Step (m) => new Redeem(m))),
        (1, Gen.Int[0, 20].Select(Step (pick) => new Cancel(pick))),
        (1, Gen.Select(Gen.Int[0, Cities.Length - 1], Gen.Int[0, 20], Step (c, d) => new Join(c, d))),
        (1, Gen.Int[0, 5].Select(Step (m) => new Erase(m))),
        (3, Gen.Frequency((2, Gen.Int[1, 30]), (2, Gen.Int[24, 24 * 12])).Select(Step (h) => new Wait(h))),
        (1, Gen.Select(Gen.Int[0, 2], Gen.Int[0, 4], Gen.Int[1, 40], Step (slot, kind, n) => new Rule(slot, kind, n))),
        (1, Gen.Select(Gen.OneOf(5, 10, 20), Gen.Int[20, 400], Step (w, s) => new Policy(w, s))),
        (4, Gen.Const<Step>(new Run())));

    [Fact]
    public async Task After_every_step_an_incremental_run_writes_the_rows_of_a_full_run()
    {
        await Gen.Select(GenStep.Array[5, 45], Gen.OneOf(2, 3, 50)).SampleAsync(RunAsync, iter: Histories, threads: 1,
            print: t => $"chunks of {t.Item2}: " + string.Join(", ", t.Item1.Select(s => s.ToString())));
        // The property held on runs that skipped members, not only on runs that read them all.
        Assert.True(_incrementalRuns > 0, "No incremental run happened.");
        Assert.True(_membersSkipped > 0, "No incremental run classified a member from the stored figures.");
    }

    private sealed record Bought(string Id)
    {
        public decimal Left { get; set; }
    }

    private async Task RunAsync(Step[] steps, int chunkSize)
    {
        var clock = app.Time;
        var recompute = new RecomputeSegments(app.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>(),
            app.Services.GetRequiredService<JobLeases>(), clock, NullLogger<RecomputeSegments>.Instance)
        { ChunkSize = chunkSize, FullRunEvery = TimeSpan.FromDays(3650) };
        var partner = await SettlementWorld.PartnerAsync(app);
        var members = new List<(long Id, string Number)>();
        for (var i = 0; i < 3; i++) members.Add(await JoinAsync(Cities[i], 30 * i + 3));
        var (bought, redemptions) = (new List<Bought>(), new List<Guid>());
        foreach (var step in steps.Append(new Run()))
        {
            var now = clock.GetUtcNow();
            switch (step)
            {
                case Buy b:
                    var (amount, id) = (b.Cents / 100m, $"pos-{Guid.NewGuid():N}");
                    if (!await Refused(() => app.Services.GetRequiredService<RecordPurchase>().HandleAsync(new PurchaseCommand(id, members[b.Member % members.Count].Number,
                            amount, "EUR", partner.StoreCode, now.AddMinutes(-b.MinutesLate),
                            [new PurchaseItem("sku-1", Categories[b.Category], 1, amount - 0.01m), new PurchaseItem("sku-2", Categories[(b.Category + 1) % Categories.Length], 1, 0.01m)]))))
                        bought.Add(new Bought(id) { Left = amount });
                    break;
                case Return r when bought.Count > 0 && bought[r.Pick % bought.Count] is { Left: > 0 } purchase:
                    var refund = Math.Max(0.01m, Math.Round(purchase.Left * r.Percent / 100m, 2));
                    if (await Refused(() => SettlementWorld.ReturnAsync(app, purchase.Id, refund, now))) break;
                    purchase.Left -= refund;
                    break;
                case CheckIn c:
                    await Refused(() => app.Services.GetRequiredService<RecordActivityEvent>().HandleAsync(new ActivityEventCommand($"ev-{Guid.NewGuid():N}",
                        members[c.Member % members.Count].Number, "app-checkin", now.AddHours(-c.HoursAgo))));
                    break;
                case Redeem d:
                    try { redemptions.Add(await SettlementWorld.RedeemAsync(app, members[d.Member % members.Count].Id, partner)); }
                    catch (DomainException) { /* not enough points, in debt, or erased */ }
                    break;
                case Cancel c when redemptions.Count > 0:
                    await Refused(() => SettlementWorld.CancelAsync(app, redemptions[c.Pick % redemptions.Count]));
                    break;
                case Join j:
                    members.Add(await JoinAsync(Cities[j.City], j.BornDaysFromNow));
                    break;
                case Erase e:
                    await Refused(() => app.Services.GetRequiredService<EraseMember>().RunAsync(members[e.Member % members.Count].Id, "admin@test", "asked"));
                    break;
                case Wait w:
                    clock.Advance(TimeSpan.FromHours(w.Hours));
                    break;
                case Rule r:
                    await SaveRuleAsync(r);
                    break;
                case Policy p:
                    await app.Services.GetRequiredService<ManageSegments>().SaveRfmAsync(new RfmForm
                    {
                        WindowDays = p.WindowDays, RecentHighDays = 1, RecentMidDays = p.WindowDays / 2, FrequentHigh = 4, FrequentMid = 2,
                        SpendHigh = 500m, SpendMid = p.SpendMid, HighFrom = 7, MidFrom = 5,
                    }, "admin@test");
                    break;
                case Run:
                    var incremental = await recompute.HandleIncrementalAsync();
                    var rows = await RowsAsync();
                    var full = await recompute.HandleAsync();
                    Assert.Equal(await RowsAsync(), rows);
                    Assert.Equal(full.Members, incremental.Members);
                    if (!incremental.Full)
                    {
                        Interlocked.Increment(ref _incrementalRuns);
                        Interlocked.Add(ref _membersSkipped, incremental.Members - incremental.Read);
                    }
                    break;
            }
        }
    }

    /// <summary>Refusals the history may run into (a return of more than is left, a capped check-in, an erased member): skipped.</summary>
    private static async Task<bool> Refused(Func<Task> call)
    {
        try
        {
            await call();
            return false;
        }
        catch (DomainException)
        {
            return true;
        }
    }

    private async Task<(long Id, string Number)> JoinAsync(string city, int birthdayInDays)
    {
        var member = await MemberFactory.RegisterAsync(app, city: city);
        var today = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);
        await app.WithDbAsync(async db =>
        {
            var row = await db.Members.SingleAsync(m => m.Id == member.Id);
            row.UpdateProfile(city, today.AddDays(birthdayInDays).AddYears(-25 - birthdayInDays % 3), today);
            return await db.SaveChangesAsync();
        });
        return member;
    }

    /// <summary>Creates or changes one of three rule segments: by age band, top category, activity, city, or several at once.</summary>
    private async Task SaveRuleAsync(Rule r)
    {
        var code = $"r{r.Slot}";
        var id = await app.WithDbAsync(db => db.Segments.Where(s => s.Code == code).Select(s => s.Id).SingleOrDefaultAsync());
        var form = new SegmentForm { Id = id, Code = code, Name = $"Rule {r.Slot}" };
        switch (r.Kind)
        {
            case 0: (form.MinAge, form.MaxAge) = (25, 25 + r.Number % 3); break;
            case 1: form.TopCategory = Categories[r.Number % Categories.Length]; break;
            case 2: form.ActiveWithinDays = 1 + r.Number % 10; break;
            case 3: form.Cities = Cities[r.Number % Cities.Length]; break;
            default: (form.ActiveWithinDays, form.TopCategory, form.MaxAge) = (r.Number, "coffee", 26); break;
        }
        await app.Services.GetRequiredService<ManageSegments>().SaveAsync(form, "admin@test");
    }

    /// <summary>Every row a run writes, as text, in one order.</summary>
    private Task<(string Insights, string Memberships, string Sizes)> RowsAsync() => app.WithDbAsync(async db => (
        string.Join("\n", (await db.MemberInsights.AsNoTracking().ToListAsync()).OrderBy(i => i.MemberId).Select(i =>
            $"{i.MemberId}: {i.Value} {i.Purchases} {i.Spend:0.00} {i.LastPurchaseAt:O} {i.LastActivityAt:O} [{string.Join(",", i.TopCategories)}] " +
            $"{i.ComputedAt:O} {i.FirstPurchaseAt:O} v{i.ReadAtVersion}")),
        string.Join(" ", (await db.MemberSegments.AsNoTracking().ToListAsync()).OrderBy(s => s.MemberId).ThenBy(s => s.Code, StringComparer.Ordinal)
            .Select(s => $"{s.MemberId}:{s.Code}")),
        string.Join(" ", (await db.Segments.AsNoTracking().ToListAsync()).OrderBy(s => s.Code, StringComparer.Ordinal)
            .Select(s => $"{s.Code}={s.Size}@{s.ComputedAt:O}"))));
}
