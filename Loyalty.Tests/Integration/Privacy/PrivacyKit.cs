using System.IO.Compression;
using System.Net;
using System.Text;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Members;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration.Privacy;

public sealed record Person(long Id, string Number, string Email, string Name, string UserId);

/// <summary>Members who can sign in, and "Download my data" as the Personal data page posts it.</summary>
internal static class PrivacyKit
{
    public const string Password = "Str0ng!Passw0rd";
    public const string DownloadPath = "/Account/Manage/DownloadPersonalData";

    /// <summary>Registered through the real use case (with a friend's referral code if given), e-mail confirmed so they can sign in.</summary>
    public static async Task<Person> MemberAsync(LoyaltyAppFactory app, string name, string? referralCode = null)
    {
        using var scope = app.Services.CreateScope();
        var email = $"m-{Guid.NewGuid():N}@example.com";
        var (user, result) = await scope.ServiceProvider.GetRequiredService<RegisterMember>()
            .HandleAsync(new RegisterMemberCommand(email, Password, name, "Riga", referralCode));
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        user = (await users.FindByIdAsync(user!.Id))!;
        Assert.True((await users.ConfirmEmailAsync(user, await users.GenerateEmailConfirmationTokenAsync(user))).Succeeded);
        var member = await app.WithDbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.UserId == user.Id));
        return new Person(member.Id, member.MemberNumber!, email, name, user.Id);
    }

    public static async Task<HttpClient> SignedInAsync(LoyaltyAppFactory app, Person person, HttpClient? client = null)
    {
        client ??= app.CreateBrowserlessClient();
        Assert.Equal(HttpStatusCode.Redirect, (await FormPoster.LoginAsync(client, person.Email, Password)).StatusCode);
        return client;
    }

    /// <summary>The Personal data page's Download button: its form's antiforgery token, posted to the endpoint.</summary>
    public static async Task<HttpResponseMessage> DownloadAsync(HttpClient client) =>
        await client.PostAsync(DownloadPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await FormPoster.TokenAsync(client, "/Account/Manage/PersonalData"),
        }));

    /// <summary>Every entry of a ZIP as text, by name.</summary>
    public static Dictionary<string, string> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open(), Encoding.UTF8);
            return reader.ReadToEnd();
        });
    }

    /// <summary>Data rows of a CSV written by the export (one line each: the test data has no line breaks in text).</summary>
    public static int CsvRows(string csv) => csv.Split('\n').Count(line => line.Trim().Length > 0) - 1;
}
