using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain.Ledger;
using Loyalty.Tests.Builders;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Seeding;
using Loyalty.Web.Features.Members;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using C = Loyalty.Domain.Ledger.ReasonCodes;

namespace Loyalty.Tests.Integration;

/// <summary>
/// One ledger entry, six languages: the same stored reason reads in each language's own words and number format, and the
/// member and the staff member looking at the same entry each read it in their own language.
/// </summary>
public sealed class LedgerReasonLanguagesTests
{
    private static readonly LedgerReason Purchase = LedgerReason.Of(C.Purchase, new ReasonArg.Money(800m, "EUR"), "Riga Central", 5000)
        .With(LedgerReason.Of(C.EarnBase, ReasonArg.Of(800m), ReasonArg.Of(5m), "Gold", ReasonArg.Of(1.25m)));

    private static readonly LedgerReason Gift = LedgerReason.Of(C.GiftSent, "Aigerim", "LY-000042");

    [Theory]
    [InlineData("en", "Purchase 800.00 EUR at Riga Central: 800 × 5 pts × Gold 1.25 = 5,000 pts", "Gift to Aigerim (LY-000042)")]
    [InlineData("az", "Riga Central mağazasında 800,00 EUR məbləğində alış: 800 × 5 xal × Gold 1,25 = 5.000 xal", "Aigerim (LY-000042) üçün hədiyyə")]
    [InlineData("lv", "Pirkums par 800,00 € veikalā Riga Central: 800 × 5 p. × Gold 1,25 = 5 000 p.", "Dāvana dalībniekam Aigerim (LY-000042)")]
    [InlineData("tr", "Riga Central mağazasında 800,00 EUR tutarında alım: 800 × 5 puan × Gold 1,25 = 5.000 puan", "Aigerim (LY-000042) üyesine hediye")]
    [InlineData("kk", "Riga Central дүкенінде 800,00 EUR сомасына сатып алу: 800 × 5 балл × Gold 1,25 = 5 000 балл", "Aigerim (LY-000042) мүшесіне сый")]
    [InlineData("fa", "خرید 800٫00 EUR در Riga Central: 800 × 5 امتیاز × Gold 1٫25 = 5٬000 امتیاز", "هدیه به Aigerim (LY-000042)")]
    public void The_same_entry_reads_in_each_languages_own_words_and_numbers(string language, string purchase, string gift)
    {
        var stored = Purchase.Encode();

        Assert.Equal(purchase, Spaces(ReasonWords.In(language, stored)));
        Assert.Equal(gift, ReasonWords.In(language, Gift.Encode()));
    }

    [Fact]
    public async Task A_member_reads_their_entry_in_Kazakh_while_staff_read_the_same_entry_in_English()
    {
        await using var app = new LoyaltyAppFactory(demo: true); // its stores take the purchase
        var email = $"m-{Guid.NewGuid():N}@example.com";
        long memberId;
        string number;
        using (var scope = app.Services.CreateScope())
        {
            var (user, result) = await scope.ServiceProvider.GetRequiredService<RegisterMember>()
                .HandleAsync(new RegisterMemberCommand(email, "Str0ng!Passw0rd", "Aigerim Nurlanqyzy", "Almaty", Language: "kk"));
            Assert.True(result.Succeeded);
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.ConfirmEmailAsync(user!, await users.GenerateEmailConfirmationTokenAsync(user!))).Succeeded);
            (memberId, number) = await app.WithDbAsync(db => db.Members.Where(m => m.UserId == user!.Id).Select(m => ValueTuple.Create(m.Id, m.MemberNumber!)).SingleAsync());
        }
        var api = await ApiClient.CreateAsync(app);
        var posted = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 1234.50m), TestContext.Current.CancellationToken);
        Assert.True(posted.StatusCode == HttpStatusCode.Created, await posted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var stored = await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).Select(e => e.Reason).SingleAsync());
        var (kazakh, english) = (ReasonWords.In("kk", stored), ReasonWords.English(stored));
        Assert.Contains("балл", kazakh);
        Assert.Contains("pts", english);

        var member = app.CreateBrowserlessClient();
        member.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        await FormPoster.LoginAsync(member, email, "Str0ng!Passw0rd");
        var activity = WebUtility.HtmlDecode(await member.GetStringAsync("/dashboard", TestContext.Current.CancellationToken)); // its recent activity

        var staff = app.CreateBrowserlessClient();
        staff.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        await FormPoster.LoginAsync(staff, SeedOptions.DevelopmentAdminEmail, SeedOptions.DevelopmentAdminPassword);
        // The member page's ledger loads in the circuit; its CSV is the same rows, rendered for whoever downloads it.
        var detail = await staff.GetStringAsync($"/admin/members/{memberId}/activity.csv", TestContext.Current.CancellationToken);

        Assert.Contains(kazakh, activity);
        Assert.DoesNotContain(english, activity);
        Assert.Contains(english, detail);
        Assert.DoesNotContain(kazakh, detail);
    }

    // Latvian and Kazakh group thousands with a no-break space.
    private static string Spaces(string text) => text.Replace('\u00A0', ' ').Replace('\u202F', ' ');
}
