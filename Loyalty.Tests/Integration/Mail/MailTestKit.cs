using System.Diagnostics;
using System.Globalization;
using Loyalty.Web.Data.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Loyalty.Tests.Integration.Mail;

internal static class MailTestKit
{
    public const string From = "rewards@mail.test";

    /// <summary>SMTP on the test server's port, without TLS (the test server has no certificate).</summary>
    public static Dictionary<string, string?> Smtp(int port, int maxAttempts = 8) => new()
    {
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",
        ["Mail:Smtp:FromAddress"] = From,
        ["Mail:Smtp:MaxAttempts"] = maxAttempts.ToString(CultureInfo.InvariantCulture),
        ["Mail:Smtp:PollSeconds"] = "1",
    };

    public static Task<OutboxMessage> MessageAsync(LoyaltyAppFactory app, Guid id) =>
        app.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    /// <summary>
    /// Waits for the dispatcher (a background service) to get somewhere; with a fake clock, moves it on by
    /// <paramref name="step"/> between looks so retries come due.
    /// </summary>
    public static async Task EventuallyAsync(Func<Task<bool>> reached, string what, FakeTimeProvider? clock = null, TimeSpan? step = null)
    {
        var watch = Stopwatch.StartNew();
        while (!await reached())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"Not reached within 60 s: {what}");
            clock?.Advance(step ?? TimeSpan.FromSeconds(5));
            await Task.Delay(50);
        }
    }
}
