using Loyalty.Domain;
using Loyalty.Domain.Partners;

namespace Loyalty.Tests.Domain.Partners;

public sealed class PartnerTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private static PartnerTerms SkyJet(string email = "partners@skyjet.example", decimal? rate = 2m, decimal? issued = 0.012m, decimal? redeemed = 0.009m,
        string? phone = "+371 6700 0000", string name = "SkyJet", string contact = "Laura Ozola") =>
        new(name, contact, email, phone, rate, issued, redeemed);

    [Fact]
    public void A_new_partner_is_active_with_its_terms_trimmed()
    {
        var partner = new Partner(SkyJet(name: "  SkyJet ", email: " partners@skyjet.example ", phone: "  "), Monday);

        Assert.Equal(("SkyJet", "partners@skyjet.example", null, 2m, 0.012m, 0.009m, PartnerStatus.Active),
            (partner.Name, partner.ContactEmail, partner.ContactPhone, partner.PointsPerUnit, partner.PricePerPointIssued, partner.PricePerPointRedeemed, partner.Status));
        Assert.Equal("SkyJet (partner)", partner.PlaceName);
        Assert.Null(partner.RefusePurchaseAt(Monday));
    }

    [Theory]
    [InlineData("")]
    [InlineData("skyjet")]
    [InlineData("sky jet@skyjet.example")]
    [InlineData("a@b@skyjet.example")]
    [InlineData("partners@skyjet")]
    [InlineData("partners@.example")]
    [InlineData("@skyjet.example")]
    public void A_contact_email_that_is_not_an_address_is_refused(string email)
    {
        var refused = Assert.Throws<DomainException>(() => new Partner(SkyJet(email: email), Monday));

        Assert.Equal(("partner.contact-email", "contactEmail", RefusalKind.Invalid), (refused.Code, refused.Field, refused.Kind));
    }

    [Theory]
    [InlineData("12-34")]
    [InlineData("call me")]
    [InlineData("+371 6700 0000 0000 0000 0000 0000")]
    public void A_phone_that_is_not_a_phone_number_is_refused(string phone)
    {
        var refused = Assert.Throws<DomainException>(() => new Partner(SkyJet(phone: phone), Monday));

        Assert.Equal(("partner.contact-phone", "contactPhone"), (refused.Code, refused.Field));
    }

    [Fact]
    public void Zero_rates_and_prices_are_allowed_and_a_rate_may_differ_from_any_base_rate()
    {
        var partner = new Partner(SkyJet(rate: 0m, issued: 0m, redeemed: 0m), Monday);

        partner.Update(SkyJet(rate: 12.5m));

        Assert.Equal((12.5m, 0.012m), (partner.PointsPerUnit, partner.PricePerPointIssued));
    }

    [Fact]
    public void Check_lists_every_rule_broken_in_form_order_with_its_field()
    {
        var broken = Partner.Check(new PartnerTerms(" ", "", "nope", "x", -1m, null, 0.00001m));

        Assert.Equal(["name", "contactName", "contactEmail", "contactPhone", "pointsPerUnit", "pricePerPointIssued", "pricePerPointRedeemed"],
            broken.Select(e => e.Field));
        Assert.All(broken, e => Assert.Equal(RefusalKind.Invalid, e.Kind));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1000.01)]
    [InlineData(0.00001)]
    public void A_price_per_point_below_zero_above_the_maximum_or_with_too_many_decimals_is_refused(double price)
    {
        var refused = Assert.Throws<DomainException>(() => new Partner(SkyJet(issued: (decimal)price), Monday));

        Assert.Equal("partner.price-issued", refused.Code);
    }

    [Fact]
    public void An_empty_earn_rate_is_refused_rather_than_taken_as_zero()
    {
        var refused = Assert.Throws<DomainException>(() => new Partner(SkyJet(rate: null), Monday));

        Assert.Equal(("partner.points-per-unit", "pointsPerUnit"), (refused.Code, refused.Field));
    }

    [Fact]
    public void A_refused_update_changes_nothing()
    {
        var partner = new Partner(SkyJet(), Monday);

        Assert.Throws<DomainException>(() => partner.Update(SkyJet(name: "SkyJet Air", email: "broken")));

        Assert.Equal(("SkyJet", "partners@skyjet.example"), (partner.Name, partner.ContactEmail));
    }

    [Fact]
    public void A_suspended_partner_refuses_purchases_naming_itself_until_reactivated()
    {
        var partner = new Partner(SkyJet(), Monday);

        partner.Suspend(Monday);
        partner.Suspend(Monday.AddDays(1));
        var refused = partner.RefusePurchaseAt(Monday.AddHours(1));

        Assert.Equal((PartnerStatus.Suspended, Monday), (partner.Status, partner.SuspendedAt));
        Assert.NotNull(refused);
        Assert.Equal(("partner.suspended", RefusalKind.Conflict, "storeCode"), (refused.Code, refused.Kind, refused.Field));
        Assert.Contains("'SkyJet'", refused.Message);
        Assert.NotNull(partner.RefusePurchaseAt(Monday)); // made at the moment of suspension
        Assert.Null(partner.RefusePurchaseAt(Monday.AddSeconds(-1))); // made before, sent late: taken, like at a closed store
        partner.Reactivate();
        Assert.Null(partner.RefusePurchaseAt(Monday.AddDays(2)));
        Assert.Null(partner.SuspendedAt);
    }
}
