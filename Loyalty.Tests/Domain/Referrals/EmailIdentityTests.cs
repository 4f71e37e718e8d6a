using Loyalty.Domain.Referrals;

namespace Loyalty.Tests.Domain.Referrals;

public sealed class EmailIdentityTests
{
    [Theory]
    [InlineData("jane@example.com", "JANE@example.com")]
    [InlineData("jane@example.com", "jane+friends@example.com")]
    [InlineData("jane.doe@gmail.com", "janedoe+x@gmail.com")]
    [InlineData("jane.doe@gmail.com", "j.a.n.e.d.o.e@googlemail.com")]
    public void Aliases_of_one_mailbox_are_the_same_mailbox(string a, string b) => Assert.True(EmailIdentity.SameMailbox(a, b));

    [Theory]
    [InlineData("jane@example.com", "jane2@example.com")]
    [InlineData("jane.doe@example.com", "janedoe@example.com")] // dots only mean nothing at Gmail
    [InlineData("jane@example.com", "jane@example.org")]
    public void Different_mailboxes_stay_different(string a, string b) => Assert.False(EmailIdentity.SameMailbox(a, b));
}
