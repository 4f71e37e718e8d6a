using System.Net;
using System.Net.Http.Json;
using Loyalty.Domain.Integrations;
using Loyalty.Domain.Purchases;
using Loyalty.Web.Data;
using Loyalty.Web.Features.ApiKeys;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

public sealed class ExternalIdCollisionTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Theory]
    [InlineData(typeof(Purchase), nameof(Purchase.ExternalId))]
    [InlineData(typeof(PurchaseReturn), nameof(PurchaseReturn.ExternalId))]
    [InlineData(typeof(Loyalty.Domain.Earning.MemberEvent), nameof(Loyalty.Domain.Earning.MemberEvent.ExternalId))]
    [InlineData(typeof(Loyalty.Domain.Rewards.Redemption), nameof(Loyalty.Domain.Rewards.Redemption.IdempotencyKey))]
    public void On_sql_server_callers_ids_compare_with_a_binary_collation_so_abc_and_ABC_do_not_collide(Type entity, string property)
    {
        // The design-time factory, as the migrations use: a context made without the Identity services would put a model
        // built without them in EF's model cache, and the migration tests running after it would see pending changes.
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var model = db.GetService<IDesignTimeModel>().Model;

        Assert.Equal("Latin1_General_100_BIN2", model.FindEntityType(entity)!.FindProperty(property)!.GetCollation());
    }

    [Fact]
    public async Task A_unique_violation_that_outlasts_the_retries_is_answered_409_not_500()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var key = await app.Services.GetRequiredService<ManageApiKeys>().CreateAsync($"test till {Guid.NewGuid():N}", ApiScopes.All, "tests", null, null);
        var duplicate = new DuplicateEventSaves();
        using var racing = app.WithInterceptor(duplicate);
        var api = racing.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", key);

        var response = await api.PostAsJsonAsync("/api/v1/events",
            new { externalId = $"ev-{Guid.NewGuid():N}", memberNumber = number, eventCode = "review", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1) },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("request.duplicate", (await response.JsonAsync()).GetProperty("code").GetString());
        Assert.True(duplicate.Attempts > 0);
    }

    /// <summary>Every save that adds an activity event fails as a unique-index violation would on SQLite.</summary>
    private sealed class DuplicateEventSaves : SaveChangesInterceptor
    {
        private int _attempts;
        public int Attempts => _attempts;

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (eventData.Context?.ChangeTracker.Entries<Loyalty.Domain.Earning.MemberEvent>().Any(e => e.State == EntityState.Added) != true) return ValueTask.FromResult(result);
            Interlocked.Increment(ref _attempts);
            throw new DbUpdateException("An insert collided.", new SqliteException("UNIQUE constraint failed: MemberEvents.OwnerId, MemberEvents.ExternalId", 19, 2067));
        }
    }
}
