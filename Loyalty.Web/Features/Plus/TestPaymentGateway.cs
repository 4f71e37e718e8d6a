using System.Collections.Concurrent;
using System.Globalization;

namespace Loyalty.Web.Features.Plus;

/// <summary>
/// The gateway for development and tests: checkout is the in-app page <c>/plus/test-checkout/{sessionRef}</c>, whose buttons
/// deliver a signed event through the webhook path (<see cref="TestGatewayEvents"/>). Renewal charges succeed unless a test
/// queued another outcome (<see cref="NextCharges"/>); the same idempotency key answers as the first time and charges once.
/// </summary>
public sealed class TestPaymentGateway : IPaymentGateway
{
    private readonly ConcurrentDictionary<string, CheckoutRequest> _sessions = new();
    private readonly ConcurrentDictionary<string, ChargeResult> _charges = new();

    public string Name => PaymentGateways.TestName;

    /// <summary>Outcomes for the next renewal charges, in order; empty: approve.</summary>
    public ConcurrentQueue<ChargeOutcome> NextCharges { get; } = new();

    /// <summary>Every distinct charge taken (by idempotency key): what tests count to prove "charged once".</summary>
    public IReadOnlyCollection<KeyValuePair<string, ChargeResult>> Charges => _charges.ToArray();

    public CheckoutRequest? Session(string sessionRef) => _sessions.GetValueOrDefault(sessionRef);

    public Task<CheckoutStart> StartCheckoutAsync(CheckoutRequest request, CancellationToken ct)
    {
        var sessionRef = "tcs_" + Guid.NewGuid().ToString("N");
        _sessions[sessionRef] = request;
        return Task.FromResult(new CheckoutStart(sessionRef, $"/plus/test-checkout/{sessionRef}"));
    }

    /// <summary>Every call of <see cref="ChargeAsync"/>, repeats of a key included.</summary>
    public int ChargeCalls => _calls;

    private int _calls;
    private int _loseAnswers;

    /// <summary>The next <paramref name="count"/> charges go through but their answer is lost (the call throws), as on a network cut.</summary>
    public void LoseNextAnswers(int count) => Interlocked.Exchange(ref _loseAnswers, count);

    public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        var result = Charge(request);
        return Interlocked.Decrement(ref _loseAnswers) >= 0
            ? Task.FromException<ChargeResult>(new HttpRequestException("The test gateway's answer was lost on the way."))
            : Task.FromResult(result);
    }

    private ChargeResult Charge(ChargeRequest request) =>
        _charges.GetOrAdd(request.IdempotencyKey, _ =>
        {
            var outcome = NextCharges.TryDequeue(out var next) ? next : ChargeOutcome.Succeeded;
            var failure = outcome switch
            {
                ChargeOutcome.Declined => "Your card was declined (test gateway).",
                ChargeOutcome.Failed => "The payment could not be processed (test gateway).",
                _ => null,
            };
            return new ChargeResult(outcome, "tch_" + Guid.NewGuid().ToString("N"), failure);
        });

    public Task<string?> CustomerPortalUrlAsync(string customerRef, string returnUrl, CancellationToken ct) => Task.FromResult<string?>(null);

    /// <summary>A customer reference as a real gateway would return with a completed checkout.</summary>
    public static string CustomerFor(CheckoutRequest session) =>
        string.Create(CultureInfo.InvariantCulture, $"tcus_{session.MemberNumber}");
}
