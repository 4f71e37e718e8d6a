using Loyalty.Domain.Feedback;

namespace Loyalty.Web.Features.Feedback;

/// <summary>Something a member can pick to rate, with its readable name.</summary>
public sealed record FeedbackSubjectChoice(FeedbackSubjectType Type, int? Id, string Name)
{
    public string Key => FeedbackSubject.Of(Type, Id).Key;
}

/// <summary>A member's rating and comment to send; <see cref="SubjectKey"/> as in <see cref="FeedbackSubject.Key"/>.</summary>
public sealed record FeedbackDraft(string? SubjectKey, int Rating, string? Comment);

/// <summary>
/// One message of a thread as a reader may see it: <see cref="Text"/> is null when staff hid it and the reader is not an
/// admin; <see cref="StaffName"/> only reaches staff.
/// </summary>
public sealed record FeedbackMessageView(Guid Id, bool ByStaff, string? StaffName, string? Text, bool Hidden, DateTimeOffset At);

/// <summary>A rating with its thread, as one reader may see it (hidden text already left out unless they may see it).</summary>
public sealed record FeedbackThread(
    long Id, FeedbackSubjectType SubjectType, string SubjectName, int Rating, string? Comment, bool Hidden, DateTimeOffset CreatedAt,
    DateTimeOffset? AnsweredAt, string MemberName, string? MemberNumber, IReadOnlyList<FeedbackMessageView> Messages);

/// <summary>How reads show hidden member text: to admins as written (marked hidden), to everyone else not at all.</summary>
internal static class FeedbackReading
{
    public static FeedbackThread Thread(FeedbackItem item, string memberName, string? memberNumber, bool revealHidden, bool forStaff) =>
        new(item.Id, item.SubjectType, item.SubjectName, item.Rating, Shown(item.Comment, item.IsHidden, revealHidden), item.IsHidden,
            item.CreatedAt, item.AnsweredAt, memberName, memberNumber,
            [.. item.Messages.OrderBy(m => m.At).Select(m => new FeedbackMessageView(m.Id, m.ByStaff, forStaff ? m.StaffName : null,
                m.ByStaff ? m.Text : Shown(m.Text, item.IsHidden, revealHidden), !m.ByStaff && item.IsHidden, m.At))]);

    private static string? Shown(string? text, bool hidden, bool revealHidden) => hidden && !revealHidden ? null : text;
}
