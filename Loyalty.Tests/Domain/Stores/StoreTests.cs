using Loyalty.Domain;
using Loyalty.Domain.Stores;

namespace Loyalty.Tests.Domain.Stores;

public sealed class StoreTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private static Store Riga() => new("riga-central", "Riga Central", "Riga", 56.946, 24.1059, "Brīvības iela 1", "Mon–Sat 09:00–21:00");

    [Fact]
    public void A_valid_store_keeps_its_values_trimmed_and_is_open()
    {
        var store = new Store(" riga-central ", " Riga Central ", " Riga ", 56.946, 24.1059, "  ", " Mon–Sat ");

        Assert.Equal(("riga-central", "Riga Central", "Riga", null, 56.946, 24.1059, "Mon–Sat"),
            (store.Code, store.Name, store.City, store.Address, store.Latitude, store.Longitude, store.OpeningHours));
        Assert.True(store.IsOpen);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Riga-Central")]
    [InlineData("riga central")]
    [InlineData("riga_central")]
    [InlineData("rīga")]
    [InlineData("a12345678901234567890123456789012345678901")]
    public void A_code_that_is_not_lowercase_letters_digits_and_dashes_of_1_to_40_is_refused(string code)
    {
        var refused = Assert.Throws<DomainException>(() => new Store(code, "Name", "City", 1, 1));

        Assert.Equal(("store.code", "code", RefusalKind.Invalid), (refused.Code, refused.Field, refused.Kind));
    }

    [Fact]
    public void A_code_of_40_characters_is_accepted() =>
        Assert.Equal(40, new Store(new string('a', 39) + "1", "Name", "City", 0, 0).Code.Length);

    [Theory]
    [InlineData("", "City", null, null, "store.name", "name")]
    [InlineData("Name", " ", null, null, "store.city", "city")]
    [InlineData("Name", "City", 201, null, "store.address", "address")]
    [InlineData("Name", "City", null, 201, "store.opening-hours", "openingHours")]
    public void Text_out_of_its_length_is_refused_naming_its_field(string name, string city, int? addressLength, int? hoursLength, string code, string field)
    {
        var refused = Assert.Throws<DomainException>(() => new Store("s1", name, city, 0, 0,
            addressLength is { } a ? new string('x', a) : null, hoursLength is { } h ? new string('x', h) : null));

        Assert.Equal((code, field), (refused.Code, refused.Field));
    }

    [Fact]
    public void Names_of_101_and_cities_of_81_characters_are_refused()
    {
        Assert.Equal("name", Assert.Throws<DomainException>(() => new Store("s1", new string('n', 101), "City", 0, 0)).Field);
        Assert.Equal("city", Assert.Throws<DomainException>(() => new Store("s1", "Name", new string('c', 81), 0, 0)).Field);
    }

    [Theory]
    [InlineData(null, 0.0, "latitude")]
    [InlineData(-90.0001, 0.0, "latitude")]
    [InlineData(90.5, 0.0, "latitude")]
    [InlineData(double.NaN, 0.0, "latitude")]
    [InlineData(0.0, null, "longitude")]
    [InlineData(0.0, 180.1, "longitude")]
    [InlineData(0.0, -181.0, "longitude")]
    public void Coordinates_are_required_and_on_the_globe(double? latitude, double? longitude, string field)
    {
        var refused = Assert.Throws<DomainException>(() => new Store("s1", "Name", "City", latitude, longitude));

        Assert.Equal(($"store.{field}", field), (refused.Code, refused.Field));
    }

    [Fact]
    public void The_edges_of_the_globe_are_accepted()
    {
        var store = new Store("edge", "Edge", "Nowhere", -90, 180);

        Assert.Equal((-90d, 180d), (store.Latitude, store.Longitude));
    }

    [Fact]
    public void Check_lists_every_broken_rule_in_form_order()
    {
        var broken = Store.Check("Bad Code", "", "", new string('a', 201), null, 500, new string('h', 201));

        Assert.Equal(["code", "name", "city", "address", "latitude", "longitude", "openingHours"], broken.Select(b => b.Field));
        Assert.Empty(Store.Check("ok", "Name", "City", null, 0, 0, null));
    }

    [Fact]
    public void An_update_changes_everything_but_the_code_and_keeps_the_rules()
    {
        var store = Riga();

        store.Update("Riga Old Town", "Rīga", null, 56.95, 24.11, null);

        Assert.Equal(("riga-central", "Riga Old Town", "Rīga", null, 56.95, 24.11, null),
            (store.Code, store.Name, store.City, store.Address, store.Latitude, store.Longitude, store.OpeningHours));
        var refused = Assert.Throws<DomainException>(() => store.Update("Riga", "Riga", null, 100, 24, null));
        Assert.Equal("latitude", refused.Field);
        Assert.Equal("Riga Old Town", store.Name);
    }

    [Fact]
    public void Differs_is_false_for_the_same_values_however_they_are_spaced()
    {
        var store = Riga();

        Assert.False(store.Differs(" Riga Central", "Riga ", "Brīvības iela 1", 56.946, 24.1059, "Mon–Sat 09:00–21:00"));
        Assert.True(store.Differs("Riga Central", "Riga", null, 56.946, 24.1059, "Mon–Sat 09:00–21:00"));
        Assert.True(store.Differs("Riga Central", "Riga", "Brīvības iela 1", 56.947, 24.1059, "Mon–Sat 09:00–21:00"));
    }

    [Fact]
    public void Closing_keeps_the_first_date_and_reopening_opens_it_again()
    {
        var store = Riga();

        store.Close(Monday);
        store.Close(Monday.AddDays(1));

        Assert.False(store.IsOpen);
        Assert.Equal(Monday, store.ClosedAt);
        store.Reopen();
        Assert.True(store.IsOpen);
        Assert.Null(store.ClosedAt);
    }

    [Fact]
    public void An_open_store_takes_any_purchase_and_a_closed_one_only_those_made_before_it_closed()
    {
        var store = Riga();
        Assert.True(store.TakesPurchaseAt(Monday.AddYears(1)));

        store.Close(Monday);

        Assert.Equal((true, false, false), (store.TakesPurchaseAt(Monday.AddTicks(-1)), store.TakesPurchaseAt(Monday), store.TakesPurchaseAt(Monday.AddDays(1))));
    }
}
