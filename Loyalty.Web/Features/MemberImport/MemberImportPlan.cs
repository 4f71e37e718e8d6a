using Loyalty.Domain.Members;
using Loyalty.Domain.Tiers;
using Loyalty.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.MemberImport;

/// <summary>A row that will become a member, with the tier it goes into.</summary>
internal sealed record NewMember(MemberImportLine Line, Tier Tier);

/// <summary>
/// An import file worked out against the database as it is now: rows whose external id is already a member are skipped
/// ("already imported"), an e-mail that belongs to another account and an unknown tier are row errors. The preview and
/// the import both call this, so they refuse exactly the same rows. Reads in chunks that stay under SQL Server's 2,100
/// parameters; writes nothing.
/// </summary>
internal sealed class MemberImportPlan
{
    public const int Chunk = 1_000;

    private MemberImportPlan(MemberImportFile file, List<MemberImportError> errors, List<NewMember> newMembers, int alreadyImported)
    {
        File = file;
        Errors = errors;
        New = newMembers;
        AlreadyImported = alreadyImported;
    }

    public MemberImportFile File { get; }
    public IReadOnlyList<MemberImportError> Errors { get; }
    /// <summary>The rows without a problem that are not members yet (importing needs <see cref="Errors"/> empty too).</summary>
    public IReadOnlyList<NewMember> New { get; }

    /// <summary>Rows whose external id is a member already: skipped, whatever else they say.</summary>
    public int AlreadyImported { get; }

    /// <param name="normalizer">Identity's, so that e-mails are compared as the logins store and find them.</param>
    public static async Task<MemberImportPlan> MakeAsync(LoyaltyDbContext db, MemberImportFile file, TierPolicy tiers, ILookupNormalizer normalizer,
        IProgress<MemberImportProgress>? progress, CancellationToken ct)
    {
        var errors = file.Errors.ToList();
        var lines = file.Lines;
        var imported = new HashSet<string>(StringComparer.Ordinal); // keys of the external ids already members
        var owners = new Dictionary<string, string>(StringComparer.Ordinal); // normalized e-mail → user id
        for (var start = 0; start < lines.Count; start += Chunk)
        {
            var chunk = lines.Skip(start).Take(Chunk).ToList();
            var keys = chunk.Where(l => l.ExternalId.Length > 0).Select(l => Member.ExternalIdKeyOf(l.ExternalId)).Distinct().ToList();
            imported.UnionWith(await db.Members.Where(m => m.ExternalIdKey != null && keys.Contains(m.ExternalIdKey))
                .Select(m => m.ExternalIdKey!).ToListAsync(ct));
            var emails = chunk.Select(l => normalizer.NormalizeEmail(l.Email)).Where(e => e.Length > 0).Distinct().ToList();
            foreach (var u in await db.Users.Where(u => u.NormalizedEmail != null && emails.Contains(u.NormalizedEmail))
                         .Select(u => new { u.NormalizedEmail, u.Id }).ToListAsync(ct))
                owners[u.NormalizedEmail!] = u.Id;
            progress?.Report(new(MemberImportStage.Checking, start + chunk.Count, lines.Count));
        }

        var faulty = file.Errors.Select(e => e.Row).ToHashSet();
        var newMembers = new List<NewMember>();
        var alreadyImported = 0;
        foreach (var line in lines)
        {
            if (imported.Contains(Member.ExternalIdKeyOf(line.ExternalId)))
            {
                alreadyImported++;
                continue;
            }
            if (line.Email.Length > 0 && owners.ContainsKey(normalizer.NormalizeEmail(line.Email)))
                errors.Add(new(line.Row, "email", $"{line.Email} already belongs to another account; a member can have only one."));
            var tier = line.TierCode.Length == 0
                ? tiers.TierFor(line.OpeningBalance)
                : tiers.Ladder.FirstOrDefault(t => t.Code.Equals(line.TierCode, StringComparison.OrdinalIgnoreCase));
            if (tier is null)
                errors.Add(new(line.Row, "tier", $"There is no tier '{line.TierCode}'; the tiers are {string.Join(", ", tiers.Ladder.Select(t => t.Code))} (or leave it empty)."));
            else if (!faulty.Contains(line.Row)) newMembers.Add(new(line, tier));
        }
        return new(file, MemberImportFile.Sorted(errors), newMembers, alreadyImported);
    }
}
