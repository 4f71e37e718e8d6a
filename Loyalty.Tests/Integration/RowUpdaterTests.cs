using Loyalty.Domain.Members;
using Loyalty.Web.Data;
using Loyalty.Web.Data.Writing;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integration;

public sealed class RowUpdaterTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task Changed_columns_are_written_and_the_entities_become_unchanged()
    {
        var (first, _) = await MemberFactory.RegisterAsync(app, "Row One");
        var (second, _) = await MemberFactory.RegisterAsync(app, "Row Two");

        await app.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            foreach (var round in new[] { 1L, 2L }) // the second round runs the kept commands again
            {
                var members = await db.Members.Where(m => m.Id == first || m.Id == second).ToListAsync();
                foreach (var member in members)
                {
                    member.SetDebt(round * (member.Id == first ? 10 : 20));
                    member.Touch();
                }
                await RowUpdater.SaveModifiedAsync<Member>(db, CancellationToken.None);
                Assert.All(db.ChangeTracker.Entries<Member>(), e => Assert.Equal(EntityState.Unchanged, e.State));
                // The saved values stay on the entities (they are what was written, and callers read them afterwards).
                Assert.Equal([round * 10, round * 20], members.OrderBy(m => m.Id).Select(m => m.DebtPoints));
                Assert.All(members, m => Assert.Equal(round, m.Version));
                db.ChangeTracker.Clear();
            }
            return 0;
        });

        var saved = await app.WithDbAsync(db => db.Members.AsNoTracking().Where(m => m.Id == first || m.Id == second).OrderBy(m => m.Id).ToListAsync());
        Assert.Equal([(20L, "Row One"), (40L, "Row Two")], saved.Select(m => (m.DebtPoints, m.DisplayName)));
        Assert.All(saved, m => Assert.Equal(2, m.Version));
    }

    [Fact]
    public async Task A_row_changed_by_someone_else_since_it_was_read_is_refused_and_left_as_they_wrote_it()
    {
        var (id, _) = await MemberFactory.RegisterAsync(app, "Row Race");

        await app.WithDbAsync(async db =>
        {
            var stale = await db.Members.SingleAsync(m => m.Id == id);
            await app.WithDbAsync(async other => // another writer gets there first
            {
                var fresh = await other.Members.SingleAsync(m => m.Id == id);
                fresh.SetDebt(5);
                fresh.Touch();
                return await other.SaveChangesAsync();
            });

            stale.SetDebt(99);
            stale.Touch();
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => RowUpdater.SaveModifiedAsync<Member>(db, CancellationToken.None));
            return 0;
        });

        var saved = await app.WithDbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal(5, saved.DebtPoints);
    }
}
