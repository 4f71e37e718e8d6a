using System.Globalization;
using Bunit;
using Loyalty.Web.Components.Shared;
using Loyalty.Web.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ErrorPage = Loyalty.Web.Components.Pages.Error;

namespace Loyalty.Tests.Components.Pages;

/// <summary>While the database is briefly unavailable, pages say so (nothing was changed, try again) instead of the generic error.</summary>
public sealed class OutagePagesTests : ComponentTestContext
{
    public OutagePagesTests() => Services.AddSingleton(Options.Create(new DatabaseOptions { RetryAfterSeconds = 45 }));

    private static DefaultHttpContext Failed(Exception error)
    {
        var http = new DefaultHttpContext();
        http.Features.Set<IExceptionHandlerFeature>(new ExceptionHandlerFeature { Error = error, Path = "/account/login" });
        return http;
    }

    [Fact]
    public void The_error_page_after_a_locked_database_says_the_service_is_briefly_unavailable_with_503_and_retry_after()
    {
        var http = Failed(new InvalidOperationException("The change could not be saved; please try again.", new SqliteException("database is locked", 5)));

        var page = Render<ErrorPage>(p => p.AddCascadingValue(http));

        Assert.Contains("nothing was changed", page.Find("#outage-text").TextContent);
        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("45", http.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public void Any_other_error_keeps_the_generic_error_page()
    {
        var http = Failed(new InvalidOperationException("a bug"));

        var page = Render<ErrorPage>(p => p.AddCascadingValue(http));

        Assert.Empty(page.FindAll("#outage-text"));
        Assert.Contains("Something went wrong", page.Markup);
        Assert.NotEqual(503, http.Response.StatusCode);
    }

    [Theory]
    [InlineData("en", "nothing was changed")]
    [InlineData("fa", "هیچ تغییری ثبت نشد")]
    public async Task A_page_action_meeting_an_unavailable_database_gets_a_refusal_in_the_visitors_language(string culture, string expected)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);

        var refused = await Refusals.TryAsync(() => throw new InvalidOperationException("The change could not be saved.", new SqliteException("database is locked", 5)));

        Assert.NotNull(refused);
        Assert.Equal(Refusals.UnavailableCode, refused.Code);
        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public async Task Any_other_failure_in_a_page_action_is_not_turned_into_a_refusal() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => Refusals.TryAsync(() => throw new InvalidOperationException("a bug")));
}
