using System.Globalization;
using System.Resources;
using Loyalty.Domain;
using Loyalty.Web.Data;

namespace Loyalty.Web.Components.Shared;

/// <summary>
/// The one place where pages catch a refusal (the API's one place is <c>ApiProblems.Filter</c>): a page runs a use case
/// through it and gets the refusal back instead of an exception, then shows its message where the form needs it.
/// See docs/architecture.md, "Refusals".
/// </summary>
public static class Refusals
{
    /// <summary>The code of the refusal a page gets while the database is briefly unavailable.</summary>
    public const string UnavailableCode = "service.unavailable";

    /// <summary>The code of the refusal a page gets when a change's commit could not be confirmed (it may have been saved).</summary>
    public const string UnconfirmedCode = "commit.unconfirmed";

    private static readonly ResourceManager Strings = new("Loyalty.Web.Resources.SharedResource", typeof(Refusals).Assembly);

    /// <summary>Runs the action; null when it went through, the refusal when the program refused it.</summary>
    public static async Task<DomainException?> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (DomainException refused)
        {
            return refused;
        }
        catch (Data.Writing.UnconfirmedCommitException)
        {
            // The commit may have stood: a form with an idempotency key says repeating is safe; others, to check first.
            return DomainException.Conflict(UnconfirmedCode, Strings.GetString("App.MaybeSaved", CultureInfo.CurrentUICulture)
                                                               ?? "It is not certain this was saved. Check before you try again.");
        }
        catch (Exception e) when (DatabaseUnavailable.Is(e))
        {
            // Locked, read-only or unreachable: nothing was changed, and the page says so in the visitor's language.
            return DomainException.Limited(UnavailableCode, Strings.GetString("Outage.Text", CultureInfo.CurrentUICulture)
                                                            ?? "The service is briefly unavailable; nothing was changed. Please try again in a minute.",
                TimeSpan.FromMinutes(1));
        }
    }

    /// <summary>The same for a check that runs on the spot, such as a domain rule validating a form as it is typed.</summary>
    public static DomainException? Try(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (DomainException refused)
        {
            return refused;
        }
    }
}
