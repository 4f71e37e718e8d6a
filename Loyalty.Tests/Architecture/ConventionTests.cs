using System.Reflection;
using Loyalty.Web.Data.Writing;
using Loyalty.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Loyalty.Tests.Architecture;

/// <summary>Where things go and how they are wired (docs/architecture.md, "How to add a feature").</summary>
public sealed partial class ConventionTests
{
    /// <summary>A catch of the refusal however it is written: <c>catch (DomainException</c>, qualified, or filtered by type.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"catch\s*\(\s*(Loyalty\.Domain\.)?DomainException\b|\bis\s+(Loyalty\.Domain\.)?DomainException\b")]
    private static partial System.Text.RegularExpressions.Regex CatchesARefusal();

    private static readonly Type[] WebTypes = typeof(Program).Assembly.GetTypes();

    private static IEnumerable<string> FeatureFolders() =>
        WebTypes.Select(t => t.Namespace).OfType<string>()
            .Where(ns => ns.StartsWith("Loyalty.Web.Features.", StringComparison.Ordinal))
            .Select(ns => ns.Split('.')[3]).Distinct().Order();

    [Fact]
    public void Every_feature_folder_has_one_registration_named_after_it()
    {
        var folders = FeatureFolders().ToList();
        Assert.NotEmpty(folders);
        foreach (var folder in folders)
        {
            var registrations = WebTypes.Where(t => t.Namespace == $"Loyalty.Web.Features.{folder}" && t is { IsAbstract: true, IsSealed: true }
                                                    && t.GetMethods(BindingFlags.Public | BindingFlags.Static)
                                                        .Any(m => m.Name.StartsWith("Add", StringComparison.Ordinal) && m.ReturnType == typeof(IServiceCollection)))
                .ToList();
            var registration = Assert.Single(registrations);
            Assert.Equal($"{folder}Feature", registration.Name);
            Assert.NotNull(registration.GetMethod($"Add{folder}Feature"));
        }
    }

    [Fact]
    public void The_one_place_calls_every_feature_registration()
    {
        var configuration = new ConfigurationBuilder().Build();
        var all = new ServiceCollection().AddLoyaltyFeatures(configuration).Select(d => d.ServiceType).ToHashSet();
        var registrations = WebTypes.Where(t => t.Namespace?.StartsWith("Loyalty.Web.Features.", StringComparison.Ordinal) == true && t.Name.EndsWith("Feature", StringComparison.Ordinal))
            .Select(t => t.GetMethod($"Add{t.Name}")!).ToList();
        Assert.NotEmpty(registrations);
        foreach (var add in registrations)
        {
            var alone = new ServiceCollection();
            add.Invoke(null, add.GetParameters().Length == 1 ? [alone] : [alone, configuration]);
            Assert.NotEmpty(alone);
            Assert.All(alone, d => Assert.True(all.Contains(d.ServiceType),
                $"{add.DeclaringType!.Name} registers {d.ServiceType.Name}, which AddLoyaltyFeatures does not: is {add.Name} called?"));
        }
    }

    [Fact]
    public void The_one_place_registers_every_use_case()
    {
        var services = new ServiceCollection().AddLoyaltyFeatures(new ConfigurationBuilder().Build());
        var registered = services.Select(d => d.ServiceType).Concat(services.Select(d => d.ImplementationType).OfType<Type>()).ToHashSet();
        // A use case: a public class in a feature folder with a public Handle…/List…/Save… style method that pages or the API call.
        var useCases = WebTypes.Where(t => t is { IsPublic: true, IsClass: true, IsAbstract: false }
                                           && t.Namespace?.StartsWith("Loyalty.Web.Features.", StringComparison.Ordinal) == true
                                           && t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                                               .Any(m => m.Name == "HandleAsync"))
            .ToList();
        Assert.NotEmpty(useCases);
        Assert.All(useCases, t => Assert.True(registered.Contains(t), $"{t.FullName} is not registered by AddLoyaltyFeatures"));
    }

    [Fact]
    public void Background_services_live_in_Jobs()
    {
        var hosted = WebTypes.Where(t => typeof(IHostedService).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }).ToList();
        Assert.NotEmpty(hosted);
        // The ledger writer's loop is the write pipeline itself (Data/Writing); Jobs registers it with the rest.
        Assert.All(hosted.Where(t => t != typeof(LedgerWriter)), t => Assert.Equal("Loyalty.Web.Jobs", t.Namespace));
    }

    [Fact]
    public void Nothing_outside_the_two_mapping_places_catches_a_refusal()
    {
        var root = RepositoryRoot();
        var catches = Directory.EnumerateFiles(Path.Combine(root, "Loyalty.Web"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => CatchesARefusal().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order().ToList();
        Assert.Equal(["Loyalty.Web/Api/ApiProblems.cs", "Loyalty.Web/Components/Shared/Refusals.cs"], catches);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Loyalty.Web.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (with Loyalty.Web.sln) was not found above " + AppContext.BaseDirectory);
    }
}
