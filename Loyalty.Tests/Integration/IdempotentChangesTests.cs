using System.Data.Common;
using System.Net;
using Loyalty.Domain;
using Loyalty.Domain.Ledger;
using Loyalty.Domain.Rewards;
using Loyalty.Web.Api;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Members;
using Loyalty.Web.Features.Points;
using Loyalty.Web.Features.Rewards;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>Single-item changes that a retry never applies twice: idempotency keys, and the writer's batch marks.</summary>
public sealed class IdempotentChangesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<int> AdjustmentsAsync(LoyaltyAppFactory app, long memberId) =>
        app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == memberId && e.Kind == LedgerEntryKind.Adjust, Ct));

    [Fact]
    public async Task An_adjustment_sent_twice_with_one_key_is_one_ledger_entry_and_the_second_answer_is_the_first()
    {
        await using var app = new LoyaltyAppFactory();
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var adjust = app.Services.GetRequiredService<AdjustPoints>();
        var command = new AdjustPointsCommand(memberId, 250, "Goodwill for a late parcel", "admin@test", Guid.NewGuid().ToString("N"));

        var first = await adjust.HandleAsync(command, Ct);
        var second = await adjust.HandleAsync(command, Ct);

        Assert.Equal(first, second);
        Assert.Equal(250, first.Available);
        Assert.Equal(1, await AdjustmentsAsync(app, memberId));
        Assert.Equal(250, await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points, Ct)));
    }

    [Fact]
    public async Task The_same_key_with_other_points_is_refused_and_changes_nothing()
    {
        await using var app = new LoyaltyAppFactory();
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var adjust = app.Services.GetRequiredService<AdjustPoints>();
        var key = Guid.NewGuid().ToString("N");
        await adjust.HandleAsync(new AdjustPointsCommand(memberId, 250, "Goodwill for a late parcel", "admin@test", key), Ct);

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            adjust.HandleAsync(new AdjustPointsCommand(memberId, 900, "Goodwill for a late parcel", "admin@test", key), Ct));

        Assert.Equal(("request.key-reused", RefusalKind.Conflict), (refusal.Code, refusal.Kind));
        Assert.Equal(1, await AdjustmentsAsync(app, memberId));
    }

    [Fact]
    public async Task Two_admins_who_happen_to_send_the_same_key_each_make_their_own_adjustment()
    {
        await using var app = new LoyaltyAppFactory();
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var adjust = app.Services.GetRequiredService<AdjustPoints>();

        await adjust.HandleAsync(new AdjustPointsCommand(memberId, 100, "Goodwill for a late parcel", "alice@test", "same-key"), Ct);
        await adjust.HandleAsync(new AdjustPointsCommand(memberId, 100, "Goodwill for a late parcel", "bob@test", "same-key"), Ct);

        Assert.Equal(2, await AdjustmentsAsync(app, memberId));
    }

    [Fact]
    public async Task A_tier_override_sent_twice_with_one_key_is_audited_once()
    {
        await using var app = new LoyaltyAppFactory();
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var overrideTier = app.Services.GetRequiredService<OverrideTier>();
        var command = new OverrideTierCommand(memberId, "gold", "VIP from the partner program", "admin@test", Guid.NewGuid().ToString("N"));

        var first = await overrideTier.HandleAsync(command, Ct);
        var second = await overrideTier.HandleAsync(command, Ct);

        Assert.Equal(first, second);
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "tier.overridden" && a.Subject == $"member:{number}", Ct)));
    }

    [Fact]
    public async Task A_voucher_used_twice_through_the_api_with_one_idempotency_key_is_answered_twice_and_used_once()
    {
        await using var app = new LoyaltyAppFactory();
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        await MemberFactory.FundAsync(app, memberId, 1_000);
        var rewardId = await app.WithDbAsync(async db =>
        {
            var reward = new Reward("Free coffee", "Any size", RewardCategory.FreeProduct, 100, null, null, null, null, null);
            db.Rewards.Add(reward);
            await db.SaveChangesAsync(Ct);
            return reward.Id;
        });
        var redeem = app.Services.GetRequiredService<RedeemReward>();
        var keyed = await redeem.HandleAsync(new RedeemCommand(memberId, rewardId, Guid.NewGuid().ToString()), Ct);
        var plain = await redeem.HandleAsync(new RedeemCommand(memberId, rewardId, Guid.NewGuid().ToString()), Ct);
        var api = await ApiClient.CreateAsync(app, Loyalty.Domain.Integrations.ApiScopes.Vouchers);

        async Task<HttpResponseMessage> UseAsync(string code, string? key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/vouchers/{code}/use");
            if (key is not null) request.Headers.Add(TransactionsApi.IdempotencyKeyHeader, key);
            return await api.SendAsync(request, Ct);
        }

        var key = Guid.NewGuid().ToString();
        var first = await UseAsync(keyed.VoucherCode, key);
        var again = await UseAsync(keyed.VoucherCode, key);
        var plainFirst = await UseAsync(plain.VoucherCode, null);
        var plainAgain = await UseAsync(plain.VoucherCode, null);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await again.Content.ReadAsStringAsync(Ct));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict), (plainFirst.StatusCode, plainAgain.StatusCode));
        Assert.Equal("voucher.used", await plainAgain.ProblemCodeAsync());
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "voucher.used" && a.Subject == $"voucher:{keyed.VoucherCode}", Ct)));
        Assert.Equal(RedemptionStatus.Used, await app.WithDbAsync(db => db.Redemptions.Where(r => r.Id == keyed.RedemptionId).Select(r => r.Status).SingleAsync(Ct)));

        // The same key for another voucher is another request: refused, and that voucher stays unused.
        var other = await redeem.HandleAsync(new RedeemCommand(memberId, rewardId, Guid.NewGuid().ToString()), Ct);
        var reused = await UseAsync(other.VoucherCode, key);
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal("request.key-reused", await reused.ProblemCodeAsync());
        Assert.Equal(RedemptionStatus.Issued, await app.WithDbAsync(db => db.Redemptions.Where(r => r.Id == other.RedemptionId).Select(r => r.Status).SingleAsync(Ct)));
    }

    [Fact]
    public async Task An_adjustment_whose_commit_answer_is_lost_is_applied_once_when_the_batch_is_retried()
    {
        await using var app = new LoyaltyAppFactory();
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var lose = new LoseTheCommitAnswerOnce();
        // As SQL Server with retry on failure: the connection drops while COMMIT is answered, the commit itself stood.
        await using var retrying = app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.ConfigureDbContext<SqliteLoyaltyDbContext>(o => o.AddInterceptors(lose)
                .UseSqlite(sqlite => sqlite.ExecutionStrategy(d => new RetryOnLostAnswers(d))))));
        var adjust = retrying.Services.GetRequiredService<AdjustPoints>();
        lose.Arm();

        var answer = await adjust.HandleAsync(new AdjustPointsCommand(memberId, 300, "Goodwill for a late parcel", "admin@test"), Ct);

        Assert.Equal(1, lose.Lost);
        Assert.Equal(300, answer.Available);
        Assert.Equal(1, await AdjustmentsAsync(app, memberId));
        Assert.Equal(300, await app.WithDbAsync(db => db.LedgerEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points, Ct)));
    }

    [Fact]
    public async Task A_commit_that_stood_but_failed_with_an_error_not_retried_is_answered_as_done_not_as_try_again()
    {
        await using var app = new LoyaltyAppFactory();
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        // As SQL Server's timeout at COMMIT (-2), which the retry strategy does not retry: it may have completed.
        var lose = new LoseTheCommitAnswerOnce(() => new TimeoutException("The commit timed out while it was being answered."));
        await using var retrying = app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.ConfigureDbContext<SqliteLoyaltyDbContext>(o => o.AddInterceptors(lose)
                .UseSqlite(sqlite => sqlite.ExecutionStrategy(d => new RetryOnLostAnswers(d))))));
        var adjust = retrying.Services.GetRequiredService<AdjustPoints>();
        lose.Arm();

        var answer = await adjust.HandleAsync(new AdjustPointsCommand(memberId, 250, "Goodwill for a late parcel", "admin@test"), Ct);

        Assert.Equal(1, lose.Lost);
        Assert.Equal(250, answer.Available);
        Assert.Equal(1, await AdjustmentsAsync(app, memberId));
    }

    [Fact]
    public async Task A_commit_that_failed_before_it_stood_is_answered_as_not_saved_and_nothing_is_there()
    {
        await using var app = new LoyaltyAppFactory();
        var (memberId, _) = await MemberFactory.RegisterAsync(app);
        var lose = new LoseTheCommitAnswerOnce(() => new TimeoutException("The commit timed out."), beforeCommit: true);
        await using var retrying = app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.ConfigureDbContext<SqliteLoyaltyDbContext>(o => o.AddInterceptors(lose)
                .UseSqlite(sqlite => sqlite.ExecutionStrategy(d => new RetryOnLostAnswers(d))))));
        var adjust = retrying.Services.GetRequiredService<AdjustPoints>();
        lose.Arm();

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            adjust.HandleAsync(new AdjustPointsCommand(memberId, 250, "Goodwill for a late parcel", "admin@test"), Ct));

        Assert.IsNotType<Loyalty.Web.Data.Writing.UnconfirmedCommitException>(failed); // the mark is not there: certainly not saved
        Assert.Contains("could not be saved", failed.Message, StringComparison.Ordinal);
        Assert.Equal(0, await AdjustmentsAsync(app, memberId));
    }

    private sealed class LostCommitAnswer() : Exception("The connection dropped while the commit was being answered.");

    /// <summary>A retrying strategy for SQLite, as SQL Server's: it retries on the injected failure only.</summary>
    private sealed class RetryOnLostAnswers(ExecutionStrategyDependencies dependencies) : ExecutionStrategy(dependencies, 3, TimeSpan.FromMilliseconds(20))
    {
        protected override bool ShouldRetryOn(Exception exception) => exception is LostCommitAnswer;
    }

    /// <summary>Once armed, fails the ledger writer's next commit after it has really committed.</summary>
    /// <param name="failure">What to throw (by default, a failure the test strategy retries).</param>
    /// <param name="beforeCommit">Throw as COMMIT is sent, before it happens, instead of after it stood.</param>
    private sealed class LoseTheCommitAnswerOnce(Func<Exception>? failure = null, bool beforeCommit = false) : DbTransactionInterceptor
    {
        private int _armed;
        private int _lost;
        public int Lost => Volatile.Read(ref _lost);
        public void Arm() => Volatile.Write(ref _armed, 1);

        public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
            InterceptionResult result, CancellationToken ct = default)
        {
            if (beforeCommit) Fail(eventData);
            return ValueTask.FromResult(result);
        }

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
        {
            if (!beforeCommit) Fail(eventData);
            return Task.CompletedTask;
        }

        private void Fail(TransactionEventData eventData)
        {
            // The ledger writer is the context that sets its own savepoints.
            if (eventData.Context is { Database.AutoSavepointsEnabled: false } && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Interlocked.Increment(ref _lost);
                throw (failure ?? (() => new LostCommitAnswer()))();
            }
        }
    }
}
