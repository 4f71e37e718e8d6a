using Loyalty.Domain;
using Loyalty.Domain.Offers;
using Loyalty.Tests.Integration;
using Loyalty.Web.Features;
using Loyalty.Web.Features.Offers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Loyalty.Web.Data;

namespace Loyalty.Tests.Features.Offers;

public sealed class ActivateOfferTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Thirty_members_racing_for_five_activations_get_exactly_five()
    {
        var offerId = await app.AddLiveOfferAsync(b => b.Titled("Five only").Limited(5).WithPerMemberCodes()
            .Targeting(new Targeting(cities: ["Racetown"])));
        var members = new List<long>();
        for (var i = 0; i < 30; i++) members.Add(await app.MemberAsync("Racetown"));
        var activate = app.Use<ActivateOffer>();

        var outcomes = await Task.WhenAll(members.Select(m => Task.Run(async () =>
        {
            try { return (Ok: true, Code: (await activate.HandleAsync(m, offerId, Ct)).CouponCode); }
            catch (DomainException e) when (e.Code == "offer.sold-out") { return (Ok: false, Code: null); }
        }, Ct)));

        var (stored, count) = await app.WithDbAsync(async db => (
            await db.OfferActivations.CountAsync(a => a.OfferId == offerId, Ct),
            await db.Offers.Where(o => o.Id == offerId).Select(o => o.Activations).SingleAsync(Ct)));
        Assert.Equal(5, outcomes.Count(o => o.Ok));
        Assert.Equal((5, 5), (stored, count));
        Assert.Equal(5, outcomes.Where(o => o.Ok).Select(o => o.Code).Distinct().Count());
    }

    [Fact]
    public async Task Activating_twice_returns_the_first_activation_and_takes_one_from_the_quantity()
    {
        var offerId = await app.AddLiveOfferAsync(b => b.Limited(10).WithPerMemberCodes().UsableTimes(3));
        var member = await app.MemberAsync("Riga");
        var activate = app.Use<ActivateOffer>();

        var first = await activate.HandleAsync(member, offerId, Ct);
        var second = await activate.HandleAsync(member, offerId, Ct);

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.CouponCode, second.CouponCode);
        Assert.Equal((3, true, 9), (first.UsesLeft, first.IsBonus, first.Remaining!.Value));
        var shown = Assert.Single(await app.Use<GetMemberOffers>().HandleAsync(member, Ct), o => o.Id == offerId);
        Assert.Equal((first.CouponCode, 3, 9), (shown.Activation!.CouponCode, shown.Activation.UsesLeft, shown.Remaining!.Value));
    }

    [Fact]
    public async Task Activating_twice_with_one_key_is_one_activation_answered_the_same_both_times()
    {
        var offerId = await app.AddLiveOfferAsync(b => b.Limited(10).WithPerMemberCodes());
        var otherOfferId = await app.AddLiveOfferAsync(b => b.Limited(10).WithPerMemberCodes());
        var member = await app.MemberAsync("Riga");
        var activate = app.Use<ActivateOffer>();
        var key = Guid.NewGuid().ToString("N");

        var first = await activate.HandleAsync(member, offerId, Ct, key);
        var second = await activate.HandleAsync(member, offerId, Ct, key);
        var reused = await Assert.ThrowsAsync<DomainException>(() => activate.HandleAsync(member, otherOfferId, Ct, key));

        Assert.Equal(first, second); // not "replayed": the retry is told what the first request was told
        Assert.False(second.Replayed);
        Assert.Equal("request.key-reused", reused.Code);
        var (stored, otherStored, count) = await app.WithDbAsync(async db => (
            await db.OfferActivations.CountAsync(a => a.OfferId == offerId && a.MemberId == member, Ct),
            await db.OfferActivations.CountAsync(a => a.OfferId == otherOfferId && a.MemberId == member, Ct),
            await db.Offers.Where(o => o.Id == offerId).Select(o => o.Activations).SingleAsync(Ct)));
        Assert.Equal((1, 0, 1), (stored, otherStored, count));
    }

    [Fact]
    public async Task A_shared_code_offer_gives_every_member_the_same_code()
    {
        var offerId = await app.AddLiveOfferAsync(b => b.PercentOff(15).WithSharedCode("riga-15"));
        var a = await app.MemberAsync("Riga");
        var b = await app.MemberAsync("Riga");

        var first = await app.Use<ActivateOffer>().HandleAsync(a, offerId, Ct);
        var second = await app.Use<ActivateOffer>().HandleAsync(b, offerId, Ct);

        Assert.Equal(("RIGA-15", "RIGA-15", false), (first.CouponCode, second.CouponCode, first.IsBonus));
    }

    [Fact]
    public async Task A_sold_out_offer_is_refused_with_a_reason()
    {
        var offerId = await app.AddLiveOfferAsync(b => b.Limited(1));
        await app.Use<ActivateOffer>().HandleAsync(await app.MemberAsync("Riga"), offerId, Ct);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => app.Use<ActivateOffer>().HandleAsync(app.MemberAsync("Riga").Result, offerId, Ct));

        Assert.Equal((RefusalKind.Conflict, "All of this offer's activations have been taken."), (refusal.Kind, refusal.Message));
    }

    [Fact]
    public async Task A_save_error_that_is_not_a_race_is_not_retried()
    {
        var offerId = await app.AddLiveOfferAsync(b => b.Limited(10));
        var member = await app.MemberAsync("Riga");
        var failing = new FailingActivationSaves(() => new DbUpdateException("The disk is full."));
        using var broken = WithInterceptor(failing);

        await Assert.ThrowsAsync<DbUpdateException>(() => broken.Services.GetRequiredService<ActivateOffer>().HandleAsync(member, offerId, Ct));

        Assert.Equal(1, failing.Attempts);
    }

    [Fact]
    public async Task Conflicts_that_never_end_are_retried_a_few_times_with_pauses_then_refused_as_busy()
    {
        var offerId = await app.AddLiveOfferAsync(b => b.Limited(10));
        var member = await app.MemberAsync("Riga");
        var failing = new FailingActivationSaves(() => new DbUpdateConcurrencyException("Someone else took one."));
        using var contended = WithInterceptor(failing);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var refusal = await Assert.ThrowsAsync<DomainException>(() => contended.Services.GetRequiredService<ActivateOffer>().HandleAsync(member, offerId, Ct));

        Assert.Equal(("offer.busy", RefusalKind.Conflict), (refusal.Code, refusal.Kind));
        Assert.Equal(ActivateOffer.MaxAttempts, failing.Attempts);
        Assert.InRange(ActivateOffer.MaxAttempts, 2, 10);
        Assert.True(watch.ElapsedMilliseconds >= 5 * (ActivateOffer.MaxAttempts - 1), $"retried without pausing ({watch.ElapsedMilliseconds} ms)");
        Assert.Equal(0, await app.WithDbAsync(db => db.OfferActivations.CountAsync(a => a.OfferId == offerId, Ct)));
    }

    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> WithInterceptor(IInterceptor interceptor) =>
        app.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.ConfigureDbContext<SqliteLoyaltyDbContext>(o => o.AddInterceptors(interceptor));
            s.ConfigureDbContext<SqlServerLoyaltyDbContext>(o => o.AddInterceptors(interceptor));
        }));

    /// <summary>Fails every save that adds an offer activation with the given error, counting them.</summary>
    private sealed class FailingActivationSaves(Func<Exception> error) : SaveChangesInterceptor
    {
        private int _attempts;
        public int Attempts => _attempts;

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (eventData.Context?.ChangeTracker.Entries<OfferActivation>().Any() != true) return ValueTask.FromResult(result);
            Interlocked.Increment(ref _attempts);
            throw error();
        }
    }
}
