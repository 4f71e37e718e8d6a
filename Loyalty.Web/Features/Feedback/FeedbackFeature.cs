namespace Loyalty.Web.Features.Feedback;

/// <summary>
/// Feedback (README, feature list): members rate and comment on a reward, an offer, a store visit or the programme; staff answer in
/// a thread from their inbox, the answer reaches the member as a notification; staff hide abusive text (audited).
/// </summary>
public static class FeedbackFeature
{
    public static IServiceCollection AddFeedbackFeature(this IServiceCollection services)
    {
        services.AddSingleton<GetFeedbackSubjects>();
        services.AddSingleton<SubmitFeedback>();
        services.AddSingleton<ReplyToFeedback>();
        services.AddSingleton<GetMyFeedback>();
        services.AddSingleton<SearchFeedbackInbox>();
        services.AddSingleton<GetFeedbackThread>();
        services.AddSingleton<AnswerFeedback>();
        services.AddSingleton<HideFeedback>();
        services.AddSingleton<GetRatingSummaries>();
        return services;
    }
}
