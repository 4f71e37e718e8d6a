using Loyalty.Domain;
using Loyalty.Domain.Offers;
using Loyalty.Tests.Integration;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Offers;
using Loyalty.Web.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Features.Offers;

public sealed class ManageOffersTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static OfferForm Form(string title, int startInDays = -1) => new()
    {
        Title = title, Description = "Two times the points", Type = OfferType.PointsMultiplier, Value = 2,
        StartsDate = DateTime.UtcNow.Date.AddDays(startInDays), EndsDate = DateTime.UtcNow.Date.AddDays(10), Quantity = 50,
        Cities = ["Riga"],
    };

    [Fact]
    public async Task A_created_offer_is_a_draft_until_published_and_ended_and_each_step_is_audited()
    {
        var manage = app.Use<ManageOffers>();
        var id = await manage.SaveAsync(Form("Audited offer"), "admin@example.com", Ct);

        var draft = await manage.GetAsync(id, Ct);
        await manage.PublishAsync(id, "admin@example.com", Ct);
        var published = await manage.GetAsync(id, Ct);
        await manage.EndAsync(id, "admin@example.com", Ct);
        var ended = await manage.GetAsync(id, Ct);

        Assert.Equal((OfferState.Draft, OfferState.Live, OfferState.Ended), (draft.State, published.State, ended.State));
        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Subject == $"offer:{id}").OrderBy(e => e.Id)
            .Select(e => new { e.Action, e.Actor }).ToListAsync(Ct));
        Assert.Equal(["offer.created", "offer.published", "offer.ended"], actions.Select(a => a.Action));
        Assert.All(actions, a => Assert.Equal("admin@example.com", a.Actor));
    }

    [Fact]
    public async Task An_offer_starting_later_is_scheduled_once_published()
    {
        var manage = app.Use<ManageOffers>();
        var id = await manage.SaveAsync(Form("Later", startInDays: 3), "admin", Ct);

        await manage.PublishAsync(id, "admin", Ct);

        Assert.Equal(OfferState.Scheduled, (await manage.GetAsync(id, Ct)).State);
    }

    [Fact]
    public async Task Publishing_a_live_offer_notifies_open_pages_and_publishing_twice_is_refused()
    {
        var manage = app.Use<ManageOffers>();
        var id = await manage.SaveAsync(Form("Announced"), "admin", Ct);
        var heard = new List<int>();
        void Listen(int offerId) => heard.Add(offerId);
        app.Use<OfferNotifier>().OfferLive += Listen;
        try
        {
            await manage.PublishAsync(id, "admin", Ct);
            var again = await Assert.ThrowsAsync<DomainException>(() => manage.PublishAsync(id, "admin", Ct));
            Assert.Equal("Only a draft offer can be published.", again.Message);
        }
        finally
        {
            app.Use<OfferNotifier>().OfferLive -= Listen;
        }

        Assert.Equal([id], heard);
    }

    [Fact]
    public async Task An_invalid_offer_is_refused_with_the_domain_message_and_nothing_is_saved()
    {
        var form = Form("Too much");
        form.Type = OfferType.PercentDiscount;
        form.Value = 150;
        var before = await app.WithDbAsync(db => db.Offers.CountAsync(Ct));

        var refusal = await Assert.ThrowsAsync<DomainException>(() => app.Use<ManageOffers>().SaveAsync(form, "admin", Ct));

        Assert.Equal("A percent discount must be between 1 and 100 %, not 150.", refusal.Message);
        Assert.Equal(before, await app.WithDbAsync(db => db.Offers.CountAsync(Ct)));
    }

    [Fact]
    public async Task An_edit_keeps_the_targeting_and_records_before_and_after()
    {
        var manage = app.Use<ManageOffers>();
        var id = await manage.SaveAsync(Form("Before"), "admin", Ct);
        var form = await manage.GetAsync(id, Ct);
        form.Title = "After";
        form.SegmentCodes = ["value-high"];

        await manage.SaveAsync(form, "admin", Ct);

        var saved = await manage.GetAsync(id, Ct);
        Assert.Equal("After", saved.Title);
        Assert.Equal(["Riga"], saved.Cities);
        Assert.Equal(["value-high"], saved.SegmentCodes);
        var change = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Subject == $"offer:{id}" && e.Action == "offer.changed", Ct));
        Assert.Contains("\"Before\"", change.Before);
        Assert.Contains("\"After\"", change.After);
    }

    [Fact]
    public async Task A_scheduled_offer_is_announced_when_its_start_time_passes()
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(-5);
        var id = await app.AddLiveOfferAsync(b => b.Between(start, start.AddDays(3)));
        var heard = new List<int>();
        void Listen(int offerId) => heard.Add(offerId);
        app.Use<OfferNotifier>().OfferLive += Listen;
        try
        {
            var watcher = app.Use<IEnumerable<Microsoft.Extensions.Hosting.IHostedService>>().OfType<OfferGoLiveWatcher>().Single();
            await watcher.AnnounceAsync(start.AddSeconds(-1), Ct);
        }
        finally
        {
            app.Use<OfferNotifier>().OfferLive -= Listen;
        }

        Assert.Contains(id, heard);
    }
}
