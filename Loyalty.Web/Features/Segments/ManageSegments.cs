using Loyalty.Domain;
using Loyalty.Domain.Campaigns;
using Loyalty.Domain.Offers;
using Loyalty.Domain.Segments;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Segments;

/// <summary>A rule segment as the edit dialog binds it; <see cref="Id"/> 0 is a new one.</summary>
public sealed class SegmentForm
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public IReadOnlyCollection<int> TierIds { get; set; } = [];

    /// <summary>Comma-separated, as typed.</summary>
    public string Cities { get; set; } = "";

    public int? MinAge { get; set; }
    public int? MaxAge { get; set; }
    public string? TopCategory { get; set; }
    public int? ActiveWithinDays { get; set; }

    public IReadOnlyList<string> CityList() =>
        Cities.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static SegmentForm From(Segment s) => new()
    {
        Id = s.Id, Code = s.Code, Name = s.Name, TierIds = s.TierIds.ToList(), Cities = string.Join(", ", s.Cities),
        MinAge = s.MinAge, MaxAge = s.MaxAge, TopCategory = s.TopCategory, ActiveWithinDays = s.ActiveWithinDays,
    };
}

/// <summary>The value-segment thresholds as the form binds them.</summary>
public sealed class RfmForm
{
    public int WindowDays { get; set; }
    public int RecentHighDays { get; set; }
    public int RecentMidDays { get; set; }
    public int FrequentHigh { get; set; }
    public int FrequentMid { get; set; }
    public decimal SpendHigh { get; set; }
    public decimal SpendMid { get; set; }
    public int HighFrom { get; set; }
    public int MidFrom { get; set; }

    public static RfmForm From(RfmPolicy p) => new()
    {
        WindowDays = p.WindowDays, RecentHighDays = p.RecentHighDays, RecentMidDays = p.RecentMidDays, FrequentHigh = p.FrequentHigh,
        FrequentMid = p.FrequentMid, SpendHigh = p.SpendHigh, SpendMid = p.SpendMid, HighFrom = p.HighFrom, MidFrom = p.MidFrom,
    };
}

public sealed record SegmentRow(SegmentForm Form, IReadOnlyList<string> TierNames, int Size, DateTimeOffset? ComputedAt);

/// <summary>Members per value segment at the last run (none computed yet: all zero and no date).</summary>
public sealed record ValueSegmentSizes(int Low, int Mid, int High, DateTimeOffset? ComputedAt);

public sealed record SegmentsOverview(ValueSegmentSizes Values, RfmForm Rfm, string Currency, IReadOnlyList<SegmentRow> Segments);

/// <summary>Creates, changes and deletes rule segments and sets the value-segment thresholds, each with its audit entry.</summary>
public sealed class ManageSegments(IDbContextFactory<LoyaltyDbContext> dbFactory, AuditLog audit)
{
    public async Task<SegmentsOverview> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.ProgramSettings.AsNoTracking().SingleAsync(ct);
        var tiers = await db.Tiers.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var counts = await db.MemberSegments.AsNoTracking().Where(s => SegmentCodes.Reserved.Contains(s.Code))
            .GroupBy(s => s.Code).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var computedAt = await db.MemberInsights.AsNoTracking().OrderByDescending(i => i.ComputedAt).Select(i => (DateTimeOffset?)i.ComputedAt)
            .FirstOrDefaultAsync(ct);
        var segments = await db.Segments.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct);
        return new SegmentsOverview(
            new ValueSegmentSizes(counts.GetValueOrDefault(SegmentCodes.ValueLow), counts.GetValueOrDefault(SegmentCodes.ValueMid),
                counts.GetValueOrDefault(SegmentCodes.ValueHigh), computedAt),
            RfmForm.From(settings.Rfm), settings.Currency,
            segments.Select(s => new SegmentRow(SegmentForm.From(s), s.TierIds.Select(id => tiers.GetValueOrDefault(id, $"#{id}")).ToList(),
                s.Size, s.ComputedAt)).ToList());
    }

    /// <summary>Creates the segment when <see cref="SegmentForm.Id"/> is 0, else changes it (the code stays). Sizes follow at the next run.</summary>
    public async Task<int> SaveAsync(SegmentForm form, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var knownTiers = await db.Tiers.Select(t => t.Id).ToListAsync(ct);
        if (form.TierIds.FirstOrDefault(id => !knownTiers.Contains(id)) is var unknown and not 0)
            throw DomainException.Invalid("segment.tier-ids", $"There is no tier with id {unknown}; pick tiers from the list.", field: "tierIds");
        Segment segment;
        SegmentForm? before = null;
        if (form.Id == 0)
        {
            var code = (form.Code ?? "").Trim().ToLowerInvariant();
            if (SegmentCodes.IsReserved(code))
                throw DomainException.Invalid("segment.code", $"'{code}' is reserved for a value segment ({string.Join(", ", SegmentCodes.Reserved)}); choose another code.", field: "code");
            if (await db.Segments.AnyAsync(s => s.Code == code, ct))
                throw DomainException.Conflict("segment.code-taken", $"A segment with the code '{code}' already exists; choose another code.", field: "code");
            segment = new Segment(code, form.Name, form.TierIds, form.CityList(), form.MinAge, form.MaxAge, form.TopCategory, form.ActiveWithinDays);
            db.Segments.Add(segment);
        }
        else
        {
            segment = await db.Segments.SingleOrDefaultAsync(s => s.Id == form.Id, ct)
                      ?? throw DomainException.NotFound("segment.not-found", "This segment no longer exists; it may have been deleted.", field: "id");
            before = SegmentForm.From(segment);
            segment.Update(form.Name, form.TierIds, form.CityList(), form.MinAge, form.MaxAge, form.TopCategory, form.ActiveWithinDays);
        }

        audit.Record(db, actor, before is null ? "segment.created" : "segment.changed", $"segment:{segment.Code}", before, SegmentForm.From(segment));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (before is null)
        {
            throw DomainException.Conflict("segment.code-taken", $"A segment with the code '{segment.Code}' already exists; choose another code.", field: "code");
        }
        return segment.Id;
    }

    /// <summary>Deletes the segment and its members' rows. Refused while an offer or campaign that has not ended targets it.</summary>
    public async Task DeleteAsync(int id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var segment = await db.Segments.SingleOrDefaultAsync(s => s.Id == id, ct)
                      ?? throw DomainException.NotFound("segment.not-found", "This segment no longer exists; it may have been deleted.", field: "id");
        var code = segment.Code;
        var offers = await db.Offers.Where(o => o.Status != OfferStatus.Ended && o.Targeting.SegmentCodes.Contains(code))
            .Select(o => o.Title).ToListAsync(ct);
        var campaigns = await db.Campaigns.Where(c => c.Status != CampaignStatus.Ended && c.Targeting.SegmentCodes.Contains(code))
            .Select(c => c.Name).ToListAsync(ct);
        if (offers.Count + campaigns.Count > 0)
            throw DomainException.Conflict("segment.in-use", $"'{code}' is targeted by {string.Join(", ", offers.Concat(campaigns).Select(n => $"'{n}'"))}; end those or change their targeting first.", field: "id");

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.MemberSegments.Where(s => s.Code == code).ExecuteDeleteAsync(ct);
            db.Segments.Remove(segment);
            audit.Record(db, actor, "segment.deleted", $"segment:{code}", SegmentForm.From(segment), null);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
    }

    /// <summary>Sets the value-segment thresholds; members move between low, mid and high at the next run.</summary>
    public async Task SaveRfmAsync(RfmForm form, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.ProgramSettings.SingleAsync(ct);
        var before = RfmForm.From(settings.Rfm);
        settings.Rfm.Update(form.WindowDays, form.RecentHighDays, form.RecentMidDays, form.FrequentHigh, form.FrequentMid,
            form.SpendHigh, form.SpendMid, form.HighFrom, form.MidFrom);
        audit.Record(db, actor, "segments.rfm-changed", "program", before, RfmForm.From(settings.Rfm));
        await db.SaveChangesAsync(ct);
    }
}
