using System.Globalization;
using Loyalty.Domain.Programs;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Caching;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Programs;

/// <summary>How the program presents itself in one language: what the layout, the home page and the e-mails show.</summary>
/// <param name="LogoPath">The logo's path inside the app (media/brand/…), or null without a logo.</param>
/// <param name="PrimaryColor">#RRGGBB, or null for the portal's own colour.</param>
public sealed record ProgramBrand(string Name, string? Tagline, string? HomeText, string? LogoPath, string? PrimaryColor);

/// <summary>
/// The brand as every page needs it: read once, shared, refreshed when saved here (another app instance sees a change
/// within <see cref="ProgramTermsCache.MaxAge"/>).
/// </summary>
public sealed class ProgramBrandCache
{
    private readonly RefreshingValue<(ProgramSettings Settings, IReadOnlyList<ProgramText> Texts)> _brand;

    public ProgramBrandCache(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock) =>
        _brand = new(clock, ProgramTermsCache.MaxAge, async ct =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return (await db.ProgramSettings.AsNoTracking().SingleAsync(ct), await db.ProgramTexts.AsNoTracking().ToListAsync(ct));
        });

    /// <param name="language">A two-letter language code; null = the current UI culture's.</param>
    public async ValueTask<ProgramBrand> GetAsync(string? language = null, CancellationToken ct = default)
    {
        var (settings, texts) = await _brand.GetAsync(ct);
        var text = ProgramTexts.Resolve(settings.Name, texts, language ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);
        return new ProgramBrand(text.Name, text.Tagline, text.HomeText,
            settings.LogoImage is { } logo ? BrandImages.Route + logo : null, settings.PrimaryColor);
    }

    public void Invalidate() => _brand.Invalidate();
}
