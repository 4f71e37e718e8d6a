using Loyalty.Domain.Programs;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.Programs;

/// <summary>The program's brand as the settings page edits it.</summary>
public sealed class BrandForm
{
    public string Name { get; set; } = "";
    public string Currency { get; set; } = "";

    /// <summary>True once purchases exist: the currency can no longer change (the page shows it read-only).</summary>
    public bool CurrencyLocked { get; set; }

    public string? PrimaryColor { get; set; }
    public string? LogoImage { get; set; }
    public List<BrandTextForm> Texts { get; set; } = [];
}

public sealed class BrandTextForm
{
    public string Language { get; set; } = "";
    public string? Name { get; set; }
    public string? Tagline { get; set; }
    public string? HomeText { get; set; }
}

/// <summary>Reads and saves the program's name, currency, colour, logo and per-language texts, all or nothing, audited.</summary>
public sealed class ManageProgramBrand(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    ProgramBrandCache brand,
    ProgramTermsCache terms,
    AuditLog audit,
    TimeProvider clock)
{
    /// <param name="languages">The UI languages: each gets a text to edit, empty when none is saved yet.</param>
    public async Task<BrandForm> GetAsync(IEnumerable<string> languages, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LoadAsync(db, languages, ct);
    }

    public async Task SaveAsync(BrandForm form, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var before = await LoadAsync(db, form.Texts.Select(t => t.Language), ct);
        var settings = await db.ProgramSettings.SingleAsync(ct);
        var texts = await db.ProgramTexts.ToListAsync(ct);
        settings.Rename(form.Name);
        settings.ChangeCurrency(form.Currency, purchasesExist: await db.Purchases.AnyAsync(ct));
        settings.SetPrimaryColor(form.PrimaryColor);
        settings.SetLogo(form.LogoImage);
        foreach (var t in form.Texts)
        {
            // The program's name is its name in the default language: one field for it, not two that could disagree.
            var name = t.Language == ProgramTexts.DefaultLanguage ? null : t.Name;
            var text = texts.SingleOrDefault(x => x.Language == t.Language);
            if (text is null) db.ProgramTexts.Add(new ProgramText(t.Language, name, t.Tagline, t.HomeText));
            else text.Update(name, t.Tagline, t.HomeText);
        }
        settings.ConfirmBrand(clock.GetUtcNow());

        audit.Record(db, actor, "program.brand-changed", "program", Audited(before), Audited(form));
        await db.SaveChangesAsync(ct);
        brand.Invalidate();
        terms.Invalidate();
    }

    private static object Audited(BrandForm f) => new { f.Name, f.Currency, f.PrimaryColor, f.LogoImage, f.Texts };

    private static async Task<BrandForm> LoadAsync(LoyaltyDbContext db, IEnumerable<string> languages, CancellationToken ct)
    {
        var s = await db.ProgramSettings.AsNoTracking().SingleAsync(ct);
        var texts = await db.ProgramTexts.AsNoTracking().ToListAsync(ct);
        return new BrandForm
        {
            Name = s.Name,
            Currency = s.Currency,
            CurrencyLocked = await db.Purchases.AnyAsync(ct),
            PrimaryColor = s.PrimaryColor,
            LogoImage = s.LogoImage,
            Texts = languages.Distinct().Select(language => texts.SingleOrDefault(t => t.Language == language) is { } t
                    ? new BrandTextForm { Language = language, Name = t.Name, Tagline = t.Tagline, HomeText = t.HomeText }
                    : new BrandTextForm { Language = language })
                .ToList(),
        };
    }
}
