using Loyalty.Domain;

namespace Loyalty.Web.Components.Shared;

/// <summary>
/// The one place where pages catch a refusal (the API's one place is <c>ApiProblems.Filter</c>): a page runs a use case
/// through it and gets the refusal back instead of an exception, then shows its message where the form needs it.
/// See docs/architecture.md, "Refusals".
/// </summary>
public static class Refusals
{
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
