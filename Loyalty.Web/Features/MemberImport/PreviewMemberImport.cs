using Loyalty.Web.Data;
using Loyalty.Web.Features.Programs;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Web.Features.MemberImport;

/// <summary>
/// What importing a file would do: how many members it brings in, how many are already here, how many points, and every
/// problem. It can be imported only when there are none and something is new.
/// </summary>
public sealed record MemberImportPreview(string BatchId, int Rows, int New, int AlreadyImported, long OpeningPoints,
    IReadOnlyList<MemberImportError> Errors)
{
    public bool CanImport => Errors.Count == 0 && New > 0;
}

/// <summary>Reads a member import file and checks every row against the program and the accounts there are now. Writes nothing.</summary>
public sealed class PreviewMemberImport(IDbContextFactory<LoyaltyDbContext> dbFactory, ProgramTermsCache termsCache, IServiceScopeFactory scopes,
    TimeProvider clock)
{
    public const long MaxBytes = MemberImportFile.MaxBytes;
    public static IReadOnlyList<string> Columns => MemberImportFile.Columns;

    /// <summary>A file to start from: the header and two members, one with a tier and a balance that expires, one with neither.</summary>
    public static string SampleCsv(DateOnly today) =>
        string.Join(',', Columns) + "\n" +
        $"C-1001,ana.silva@example.com,Ana S.,Riga,1988-04-12,gold,12500,{today.AddYears(1):yyyy-MM-dd}\n" +
        "C-1002,jonas.berg@example.com,Jonas B.,,,,,\n";

    public async Task<MemberImportPreview> HandleAsync(byte[] content, IProgress<MemberImportProgress>? progress = null, CancellationToken ct = default)
    {
        var file = await MemberImportFile.ReadAsync(content, clock.GetUtcNow(), progress, ct);
        var terms = await termsCache.GetAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var scope = scopes.CreateAsyncScope(); // Identity registers its normalizer scoped
        var normalizer = scope.ServiceProvider.GetRequiredService<ILookupNormalizer>();
        var plan = await MemberImportPlan.MakeAsync(db, file, terms.Tiers, normalizer, progress, ct);
        return new(file.BatchId, file.Lines.Count, plan.New.Count, plan.AlreadyImported, plan.New.Sum(m => m.Line.OpeningBalance), plan.Errors);
    }
}
