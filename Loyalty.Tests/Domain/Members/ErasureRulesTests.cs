using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Members;
using Loyalty.Tests.Builders;
using static Loyalty.Tests.Builders.MemberAccountBuilder;

namespace Loyalty.Tests.Domain.Members;

/// <summary>The domain's part of erasing a member (docs/ledger.md §10).</summary>
public sealed class ErasureRulesTests
{
    [Fact]
    public void Redaction_replaces_the_name_and_email_as_whole_words_ignoring_case_and_leaves_other_words_alone()
    {
        string[] who = ["Al Rahimi", "al.rahimi@example.com", "Al"];

        var text = Redaction.Replace("Thanks AL RAHIMI (al.rahimi@example.com); Al wrote from Almaty, see mail.al.rahimi@example.com.org", who, "Former member");

        Assert.Equal("Thanks Former member (Former member); Former member wrote from Almaty, see mail.al.rahimi@example.com.org", text);
        Assert.True(Redaction.Mentions("Gift from Al", who));
        Assert.False(Redaction.Mentions("Gift from Alma", who));
        Assert.Equal("Gift from $0", Redaction.Replace("Gift from Al", who, "$0")); // the replacement is taken literally
    }

    [Fact]
    public void Forfeiting_expires_every_lot_holding_points_pending_or_not_and_running_it_again_writes_nothing()
    {
        var history = new MemberAccountBuilder()
            .Earned(100, day: 0, expiryMonths: 12)
            .Earned(40, day: 1, pendingDays: 30)
            .Earned(60, day: 2)
            .Spent(30, day: 3)
            .BuildHistory();
        var account = history.Account;

        var forfeits = account.ForfeitAll(Day(4), "account-closed");

        Assert.Equal([-70, -60, -40], forfeits.Select(e => e.Points).Order());
        Assert.All(forfeits, e => Assert.Equal((LedgerEntryKind.Expire, "account-closed"), (e.Kind, e.SourceRef)));
        Assert.Equal(0, account.Lots.Sum(l => l.Remaining));
        Assert.Equal(0, history.Ledger.Concat(forfeits).Sum(e => e.Points)); // the ledger still equals the lots: nothing
        Assert.Empty(account.ForfeitAll(Day(5), "account-closed"));
    }

    [Fact]
    public void An_erased_member_keeps_number_and_tier_loses_what_identifies_them_and_refuses_earning()
    {
        var member = Member.Imported("user-1", "OLD-7", "Rita Kalniņa", "Rīga", new DateOnly(1980, 2, 3), tierId: 2, Start);
        typeof(Member).GetProperty(nameof(Member.Id))!.SetValue(member, 7L); // as saved: consent history needs the member's id
        member.SetConsents(personalisation: true, marketing: true);
        var version = member.Version;

        var withdrawn = member.Erase(Day(1));

        Assert.Equal([(ConsentKind.Marketing, false, ConsentSource.Erasure), (ConsentKind.Personalisation, false, ConsentSource.Erasure)],
            withdrawn!.Select(c => (c.Kind, c.Granted, c.Source)).Order());

        Assert.Equal((Member.FormerMemberName, "", null, null, null, null, 2), (member.DisplayName, member.HomeCity, member.BirthDate,
            member.ExternalId, member.ExternalIdKey, member.UserId, member.TierId));
        Assert.False(member.PersonalisationConsent || member.MarketingConsent || member.PublicNameConsent);
        Assert.True(member.Version > version, "Erasing must conflict with a racing change of the member's points.");
        Assert.Equal("member.erased", member.RefusalIfErased()?.Code);
        Assert.Null(member.Erase(Day(2)));
        Assert.Equal(Day(1), member.ErasedAt);
    }
}
