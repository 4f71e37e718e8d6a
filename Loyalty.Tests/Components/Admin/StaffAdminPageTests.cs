using Bunit;
using Loyalty.Tests.Integration;
using Loyalty.Web.Components.Pages.Admin;
using Loyalty.Web.Data;
using Loyalty.Web.Features.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Loyalty.Tests.Components.Admin;

/// <summary>An app of its own: the staff page lists every staff member of it.</summary>
public sealed class StaffAppFactory() : LoyaltyAppFactory();

/// <summary>/admin/staff rendered against the real use cases.</summary>
public sealed class StaffAdminPageTests : ComponentTestContext, IClassFixture<StaffAppFactory>
{
    private readonly StaffAppFactory _app;

    public StaffAdminPageTests(StaffAppFactory app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<ManageStaff>());
        AddAuthorization().SetAuthorized("admin@test").SetRoles(Roles.Admin);
    }

    [Fact]
    public async Task A_pending_invitation_has_a_button_that_sends_it_again_and_an_accepted_admin_has_none()
    {
        var email = $"pending-{Guid.NewGuid():N}"[..16] + "@example.com";
        await _app.Services.GetRequiredService<ManageStaff>().InviteAsync(email, Roles.Manager, "admin@test", "http://localhost/");
        Render<MudPopoverProvider>();
        var snackbars = Render<MudSnackbarProvider>();

        var page = Render<StaffAdmin>();

        page.WaitForAssertion(() => Assert.Contains(email, page.Markup), TimeSpan.FromSeconds(10));
        var adminRow = page.FindAll("tr").Single(r => r.TextContent.Contains(Web.Data.Seeding.SeedOptions.DevelopmentAdminEmail));
        Assert.DoesNotContain(adminRow.QuerySelectorAll("button"), b => b.TextContent.Contains("Send the invitation again"));
        page.FindAll("tr").Single(r => r.TextContent.Contains(email))
            .QuerySelectorAll("button").Single(b => b.TextContent.Contains("Send the invitation again")).Click();

        snackbars.WaitForAssertion(() => Assert.Contains("gets a new invitation", snackbars.Markup), TimeSpan.FromSeconds(10));
        Assert.Equal(2, await _app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == email)));
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "staff.invitation-resent" && a.Subject == $"user:{email}" && a.Actor == "admin@test")));
    }
}
