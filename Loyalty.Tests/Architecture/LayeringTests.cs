using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Fluent.Syntax.Elements.Types;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using Loyalty.Domain.Members;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Loyalty.Tests.Architecture;

/// <summary>
/// Which part of the code may use which (docs/architecture.md, "What may use what"). Each rule fails the build with the
/// offending types named when a change crosses a line.
/// </summary>
public sealed class LayeringTests
{
    private static readonly ArchUnitNET.Domain.Architecture App =
        new ArchLoader().LoadAssemblies(typeof(Member).Assembly, typeof(Program).Assembly).Build();

    private const string Web = "Loyalty.Web";

    private static GivenTypesConjunction In(string area) => Types().That().ResideInNamespaceOrBelow($"{Web}.{area}");

    private static IObjectProvider<IType> Any(params string[] areas)
    {
        var types = Types().That().ResideInNamespaceOrBelow($"{Web}.{areas[0]}");
        foreach (var area in areas.Skip(1)) types = types.Or().ResideInNamespaceOrBelow($"{Web}.{area}");
        return types.As(string.Join(", ", areas));
    }

    [Fact]
    public void The_domain_uses_nothing_but_the_base_class_library()
    {
        Types().That().ResideInAssembly(typeof(Member).Assembly)
            .Should().OnlyDependOnTypesThat().ResideInNamespaceMatching(@"^(System(\..+)?|Loyalty\.Domain(\..+)?|)$")
            .Because("the loyalty rules stay free of EF Core, ASP.NET and I/O")
            .Check(App);

        var references = typeof(Member).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib",
            $"Loyalty.Domain references {name}"));
    }

    [Fact]
    public void Data_uses_no_features_pages_hubs_api_or_jobs() =>
        In("Data").Should().NotDependOnAny(Any("Features", "Components", "Hubs", "Api", "Jobs", "Hosting", "ScaleOut"))
            .Because("persistence sits under the use cases, not beside them")
            .Check(App);

    [Fact]
    public void Features_use_no_pages_hubs_api_jobs_or_hosting() =>
        In("Features").Should().NotDependOnAny(Any("Components", "Hubs", "Api", "Jobs", "Hosting", "ScaleOut"))
            .Because("a use case does not know who calls it: a page, the API, a hub or a job")
            .Check(App);

    [Fact]
    public void Pages_reach_the_database_only_through_features() =>
        In("Components")
            // The development mailbox reads the outbox table directly; it exists only in Development.
            .And().DoNotHaveFullName($"{Web}.Components.Pages.Dev.Outbox")
            // Types(true): EF Core's types are not loaded into the architecture, only referenced; include them.
            .Should().NotDependOnAny(Types(true).That().ResideInNamespaceOrBelow("Microsoft.EntityFrameworkCore")
                .Or().ResideInNamespaceOrBelow($"{Web}.Data.Writing")
                .Or().AreAssignableTo(typeof(Loyalty.Web.Data.LoyaltyDbContext))
                .As("EF Core, the DbContexts and the write pipeline"))
            .Because("pages bind data and call use cases; a query in a page is a rule nobody else can call")
            .Check(App);

    [Fact]
    public void Pages_api_and_hubs_do_not_use_each_other_or_jobs()
    {
        In("Components").Should().NotDependOnAny(Any("Api", "Hubs", "Jobs", "ScaleOut")).Check(App);
        In("Api").Should().NotDependOnAny(Any("Components", "Hubs", "Jobs", "ScaleOut")).Check(App);
        In("Hubs").Should().NotDependOnAny(Any("Components", "Api", "Jobs", "ScaleOut")).Check(App);
    }

    [Fact]
    public void Diagnostics_uses_nothing_else_of_ours() =>
        In("Diagnostics").Should().NotDependOnAny(Types().That().ResideInNamespaceOrBelow("Loyalty")
                .And().DoNotResideInNamespaceOrBelow($"{Web}.Diagnostics").As("the rest of Loyalty"))
            .Because("every layer records its metrics there, the write pipeline included, so it may lean on none of them")
            .Check(App);

    [Fact]
    public void Jobs_reach_no_pages_api_hosting_or_scale_out() =>
        In("Jobs").Should().NotDependOnAny(Any("Components", "Api", "Hosting", "ScaleOut")).Check(App);

    [Fact]
    public void The_domain_reads_no_clock_and_does_no_io()
    {
        // Time comes in as a parameter or a TimeProvider, so a test can replay any history; files and the network are the host's.
        var forbidden = new System.Text.RegularExpressions.Regex(
            @"\bDateTime(Offset)?\.(Utc)?Now\b|\bGuid\.CreateVersion7\(\)|\bTimeProvider\.System\b|\bSystem\.IO\b|\bFile\.|\bSystem\.Net\b|\bHttpClient\b|\bEnvironment\.");
        var domain = Path.Combine(ConventionTests.RepositoryRoot(), "Loyalty.Domain");
        var hits = Directory.EnumerateFiles(domain, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => forbidden.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(domain, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.Empty(hits);
    }
}
