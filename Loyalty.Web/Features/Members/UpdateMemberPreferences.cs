using Loyalty.Domain;
using Loyalty.Domain.Members;
using Loyalty.Web.Features.Tournaments;
using Loyalty.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Members;

/// <summary>What a member says about themselves and what they allow, as the privacy page binds it.</summary>
public sealed class MemberPreferencesForm
{
    public string HomeCity { get; set; } = "";

    /// <summary>Optional; a DateTime because that is what the date picker binds.</summary>
    public DateTime? BirthDate { get; set; }

    public bool PersonalisationConsent { get; set; }
    public bool MarketingConsent { get; set; }

    /// <summary>Shown by their display name on public boards (otherwise by the program's pseudonym).</summary>
    public bool PublicNameConsent { get; set; }
}

/// <summary>
/// Reads and saves a member's home city, birth date and consents (no personalisation without consent); each consent that
/// changed gets its history row in the same save, and a changed public-name consent renames the member on the boards at once.
/// </summary>
public sealed class UpdateMemberPreferences(IDbContextFactory<LoyaltyDbContext> dbFactory, RefreshPublicName refresh, TimeProvider clock)
{
    public async Task<MemberPreferencesForm?> GetAsync(long memberId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Members.AsNoTracking().Where(m => m.Id == memberId).Select(m => new MemberPreferencesForm
        {
            HomeCity = m.HomeCity,
            BirthDate = m.BirthDate == null ? null : m.BirthDate.Value.ToDateTime(TimeOnly.MinValue),
            PersonalisationConsent = m.PersonalisationConsent,
            MarketingConsent = m.MarketingConsent,
            PublicNameConsent = m.PublicNameConsent,
        }).SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// Consent applies to offers at once (targeting reads it from the member). Withdrawing it also takes the member out of
    /// segments chosen by purchase history now rather than at the next segment run.
    /// </summary>
    public async Task SaveAsync(long memberId, MemberPreferencesForm form, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Members.SingleOrDefaultAsync(m => m.Id == memberId, ct)
                     ?? throw DomainException.NotFound("member.not-found", "Your member account was not found; sign in again.", field: "member");
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if ((form.HomeCity ?? "").Trim().Length > 80)
            throw DomainException.Invalid("member.home-city", "The home city is at most 80 characters.", field: "homeCity");
        member.UpdateProfile(form.HomeCity ?? "", form.BirthDate is { } born ? DateOnly.FromDateTime(born) : null, today);
        MemberConsents.Set(db, member, ConsentKind.Personalisation, form.PersonalisationConsent, ConsentSource.PrivacySettings, now);
        MemberConsents.Set(db, member, ConsentKind.Marketing, form.MarketingConsent, ConsentSource.PrivacySettings, now);
        var renamed = MemberConsents.Set(db, member, ConsentKind.PublicName, form.PublicNameConsent, ConsentSource.PrivacySettings, now);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            if (!form.PersonalisationConsent)
            {
                var byHistory = db.Segments.Where(s => s.TopCategory != null).Select(s => s.Code);
                await db.MemberSegments.Where(s => s.MemberId == memberId && byHistory.Contains(s.Code)).ExecuteDeleteAsync(ct);
            }
            await tx.CommitAsync(ct);
        });
        if (renamed) await refresh.RunAsync(memberId, ct);
    }
}
