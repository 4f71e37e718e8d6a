using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Domain.Integrations;
using Loyalty.Web.Api;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Stores;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Tests.Integration;

/// <summary>Stores made by admins (one by one or from CSV) take purchases at once; closed ones refuse them.</summary>
public sealed class StoresTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static string NewCode() => $"t-{Guid.NewGuid():N}"[..14];

    private Task<StoreForm> CreateAsync(string code, string name = "Test Store", string city = "Riga") =>
        app.Services.GetRequiredService<SaveStore>().HandleAsync(
            new StoreForm { Code = code, Name = name, City = city, Latitude = 56.95, Longitude = 24.1, OpeningHours = "Daily 08-22" }, "admin@test");

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task A_store_created_through_the_use_case_takes_a_purchase_through_the_api_at_once()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app, ApiScopes.Transactions);
        // Read the cached terms first, so the new store has to invalidate them to be seen.
        await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m));
        var code = NewCode();

        await CreateAsync(code, "Brand New Store");
        var response = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 20m, store: code));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("at Brand New Store", (await response.JsonAsync()).GetProperty("reason").GetString());
        var audit = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Subject == $"store:{code}"));
        Assert.Equal(("store.created", "admin@test", null), (audit.Action, audit.Actor, audit.Before));
        Assert.Contains("\"open\":true", audit.After);
    }

    [Fact]
    public async Task A_closed_store_refuses_a_purchase_made_since_with_409_store_closed_and_writes_nothing_and_reopened_takes_it()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app, ApiScopes.Transactions);
        var store = await CreateAsync(NewCode());
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 10m, store: store.Code))).StatusCode);

        await app.Services.GetRequiredService<CloseStore>().HandleAsync(store.Id, "admin@test");
        var refused = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 20m, store: store.Code, at: DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("store.closed", await refused.ProblemCodeAsync());
        Assert.Equal(["storeCode"], await refused.ProblemFieldsAsync());
        Assert.Equal(1, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.MemberId == memberId)));
        Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == memberId)));

        await app.Services.GetRequiredService<ReopenStore>().HandleAsync(store.Id, "admin@test");
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 20m, store: store.Code))).StatusCode);
        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Subject == $"store:{store.Code}").OrderBy(a => a.At).Select(a => a.Action).ToListAsync());
        Assert.Equal(["store.created", "store.closed", "store.reopened"], actions);
    }

    [Fact]
    public async Task A_closed_store_takes_a_purchase_made_before_it_closed_and_answers_a_replay_with_the_first_receipt()
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app, ApiScopes.Transactions);
        var store = await CreateAsync(NewCode());
        var beforeClosing = DateTimeOffset.UtcNow.AddMinutes(-1);
        var recorded = ApiClient.Purchase(number, 10m, store: store.Code, at: beforeClosing);
        var first = await api.PostAsJsonAsync("/api/v1/transactions", recorded);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        await app.Services.GetRequiredService<CloseStore>().HandleAsync(store.Id, "admin@test");
        var replay = await api.PostAsJsonAsync("/api/v1/transactions", recorded);
        var late = await api.PostAsJsonAsync("/api/v1/transactions", ApiClient.Purchase(number, 20m, store: store.Code, at: beforeClosing.AddSeconds(30)));

        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        Assert.True(replay.Headers.Contains(TransactionsApi.ReplayHeader));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, late.StatusCode); // a till sending late: made while the store was open
        Assert.False(late.Headers.Contains(TransactionsApi.ReplayHeader));
        Assert.Equal(2, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.MemberId == memberId)));
    }

    [Fact]
    public async Task Editing_keeps_the_code_audits_before_and_after_and_a_taken_code_is_refused()
    {
        var save = app.Services.GetRequiredService<SaveStore>();
        var store = await CreateAsync(NewCode(), "Old Name");

        store.Name = "New Name";
        await save.HandleAsync(store, "admin@test");
        store.Code = "something-else";
        var fixedCode = await Assert.ThrowsAsync<DomainException>(() => save.HandleAsync(store, "admin@test"));
        var taken = await Assert.ThrowsAsync<DomainException>(() => CreateAsync("riga-central"));

        Assert.Equal(("store.code-fixed", "code"), (fixedCode.Code, fixedCode.Field));
        Assert.Equal(("store.code-taken", "code", RefusalKind.Conflict), (taken.Code, taken.Field, taken.Kind));
        var change = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "store.changed" && a.Before!.Contains("Old Name")));
        Assert.Contains("New Name", change.After);
    }

    [Fact]
    public async Task The_store_list_is_for_any_key_and_says_which_are_open()
    {
        var open = await CreateAsync(NewCode(), "Listed Open");
        var closed = await CreateAsync(NewCode(), "Listed Closed");
        await app.Services.GetRequiredService<CloseStore>().HandleAsync(closed.Id, "admin@test");
        var api = await ApiClient.CreateAsync(app, ApiScopes.Balance);

        var response = await api.GetAsync("/api/v1/stores");
        var anonymous = await app.CreateClient().GetAsync("/api/v1/stores");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stores = (await response.JsonAsync()).EnumerateArray().ToDictionary(s => s.GetProperty("code").GetString()!);
        Assert.True(stores[open.Code].GetProperty("open").GetBoolean());
        Assert.False(stores[closed.Code].GetProperty("open").GetBoolean());
        Assert.Equal(["code", "name", "city", "address", "latitude", "longitude", "openingHours", "open"],
            stores[open.Code].EnumerateObject().Select(p => p.Name));
        Assert.Equal("Daily 08-22", stores[open.Code].GetProperty("openingHours").GetString());
        Assert.Equal(JsonValueKind.Null, stores[open.Code].GetProperty("address").ValueKind);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_file_with_one_bad_row_imports_nothing_and_the_preview_names_the_row_and_field()
    {
        var (good, bad) = (NewCode(), NewCode());
        var text = $"code,name,city,address,latitude,longitude,openingHours\n{good},Good,Riga,,56.9,24.1,\n{bad},Bad,Riga,,95,24.1,\n";

        var preview = await app.Services.GetRequiredService<PreviewStoreImport>().HandleAsync(Csv(text));
        var refused = await Assert.ThrowsAsync<DomainException>(() => app.Services.GetRequiredService<ImportStores>().HandleAsync(Csv(text), "admin@test"));

        Assert.False(preview.CanImport);
        var error = Assert.Single(preview.Errors);
        Assert.Equal((3, "latitude"), (error.Row, error.Field));
        Assert.Equal([StoreImportAction.Create, StoreImportAction.Invalid], preview.Rows.Select(r => r.Action));
        Assert.Equal("store.import-invalid", refused.Code);
        Assert.Contains("Row 3, latitude", refused.Message);
        Assert.False(await app.WithDbAsync(db => db.Stores.AnyAsync(s => s.Code == good || s.Code == bad)));
    }

    [Fact]
    public async Task The_preview_lists_every_problem_of_every_row()
    {
        var code = NewCode();
        var text = $"code,name,city,latitude,longitude\n{code},Fine,Riga,1,1\nBAD CODE,,Riga,abc,200\n{code},Twice,Riga,1,1\n";

        var preview = await app.Services.GetRequiredService<PreviewStoreImport>().HandleAsync(Csv(text));

        Assert.Equal([(3, "code"), (3, "name"), (3, "latitude"), (3, "longitude"), (4, "code")], preview.Errors.Select(e => (e.Row, e.Field)));
        Assert.Contains("'abc' is not a number", preview.Errors.Single(e => e.Field == "latitude").Message);
    }

    [Fact]
    public async Task A_file_without_a_required_column_is_refused_on_the_header()
    {
        var preview = await app.Services.GetRequiredService<PreviewStoreImport>().HandleAsync(Csv("code,name,city,latitude\nx,X,Riga,1\n"));

        Assert.Equal([(1, "longitude")], preview.Errors.Select(e => (e.Row, e.Field)));
        Assert.Empty(preview.Rows);
    }

    [Fact]
    public async Task The_same_good_file_twice_gives_the_same_stores_and_the_second_time_changes_nothing()
    {
        var (a, b) = (NewCode(), NewCode());
        var existing = await CreateAsync(NewCode(), "Before Import");
        var text = "code,name,city,address,latitude,longitude,openingHours\r\n" +
                   $"{a},Store A,Baku,\"Main St 1, floor 2\",40.37,49.85,Mon-Fri 9-18\r\n" +
                   $"{b},Store B,Riga,,56.9460,24.1059,\r\n" +
                   $"{existing.Code},After Import,Riga,,56.95,24.1,Daily 08-22\r\n";
        var import = app.Services.GetRequiredService<ImportStores>();

        var first = await import.HandleAsync(Csv(text), "admin@test");
        var afterFirst = await Snapshot();
        var preview = await app.Services.GetRequiredService<PreviewStoreImport>().HandleAsync(Csv(text));
        var second = await import.HandleAsync(Csv(text), "admin@test");

        Assert.Equal(new StoreImportResult(2, 1, 0), first);
        Assert.Equal(new StoreImportResult(0, 0, 3), second);
        Assert.All(preview.Rows, r => Assert.Equal(StoreImportAction.Unchanged, r.Action));
        Assert.Equal(afterFirst, await Snapshot());
        var storeA = await app.WithDbAsync(db => db.Stores.SingleAsync(s => s.Code == a));
        Assert.Equal(("Main St 1, floor 2", 40.37, "Mon-Fri 9-18"), (storeA.Address, storeA.Latitude, storeA.OpeningHours));
        Assert.Equal(4, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Subject == $"store:{a}" || e.Subject == $"store:{b}" || e.Subject == $"store:{existing.Code}")));

        Task<string> Snapshot() => app.WithDbAsync(async db => JsonSerializer.Serialize(
            await db.Stores.Where(s => s.Code == a || s.Code == b || s.Code == existing.Code).OrderBy(s => s.Code).ToListAsync()));
    }

    [Fact]
    public async Task A_file_of_more_stores_than_sql_server_takes_parameters_is_looked_up_in_commands_of_fewer_than_2100()
    {
        var parameters = new ParameterCounter();
        await using var fresh = new LoyaltyAppFactory();
        using var counted = fresh.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            s.ConfigureDbContext<SqliteLoyaltyDbContext>(o => o.AddInterceptors(parameters));
            s.ConfigureDbContext<SqlServerLoyaltyDbContext>(o => o.AddInterceptors(parameters));
        }));
        var prefix = $"b{Guid.NewGuid():N}"[..8];
        var text = new StringBuilder("code,name,city,latitude,longitude\r\n");
        for (var i = 0; i < 2_300; i++) text.Append($"{prefix}-{i},Store {i},Riga,56.95,24.1\r\n");
        var import = counted.Services.GetRequiredService<ImportStores>();

        var first = await import.HandleAsync(Csv(text.ToString()), "admin@test");
        var preview = await counted.Services.GetRequiredService<PreviewStoreImport>().HandleAsync(Csv(text.ToString()));
        var second = await import.HandleAsync(Csv(text.ToString()), "admin@test");

        Assert.Equal(new StoreImportResult(2_300, 0, 0), first);
        Assert.Equal(new StoreImportResult(0, 0, 2_300), second); // every existing store was found, across the chunks
        Assert.All(preview.Rows, r => Assert.Equal(StoreImportAction.Unchanged, r.Action));
        Assert.InRange(parameters.MostInOneQuery, 1, 2_099);
    }

    /// <summary>The most parameters seen in one query (SELECT) command.</summary>
    private sealed class ParameterCounter : DbCommandInterceptor
    {
        private int _most;
        public int MostInOneQuery => _most;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
                InterlockedMax(command.Parameters.Count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void InterlockedMax(int count)
        {
            int seen;
            while (count > (seen = _most) && Interlocked.CompareExchange(ref _most, count, seen) != seen) { }
        }
    }

    [Fact]
    public async Task The_search_finds_by_name_or_city_and_pages()
    {
        var city = "Town" + Guid.NewGuid().ToString("N")[..6];
        foreach (var i in Enumerable.Range(1, 3)) await CreateAsync(NewCode(), $"Shop {i}", city);

        var page = await app.Services.GetRequiredService<SearchStores>().HandleAsync(city.ToLowerInvariant(), 1, 2);

        Assert.Equal(3, page.Total);
        Assert.Equal(["Shop 3"], page.Rows.Select(r => r.Name));
    }
}
