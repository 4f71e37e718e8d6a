namespace Loyalty.Domain.Feedback;

/// <summary>
/// A member's rating (1–5) and optional comment on one subject, with the thread that follows: staff answers and the member's
/// replies. A member rates a subject at most once a day (<see cref="Day"/>). Staff may hide the member's text when it is
/// abusive: the rating stays, and what the member wrote in the thread is shown to no one but admins.
/// </summary>
public sealed class FeedbackItem
{
    public const int MinRating = 1;
    public const int MaxRating = 5;
    public const int MaxTextLength = 1000;
    public const int MaxSubjectNameLength = 200;
    public const int MaxStaffNameLength = 256;

    private readonly List<FeedbackMessage> _messages = [];

    private FeedbackItem() { SubjectKey = SubjectName = ""; }

    public FeedbackItem(long memberId, FeedbackSubject subject, string subjectName, int rating, string? comment, DateTimeOffset at)
    {
        if (rating is < MinRating or > MaxRating)
            throw DomainException.Invalid("feedback.rating_out_of_range", $"Choose a rating from {MinRating} to {MaxRating} stars.", "rating");
        MemberId = memberId;
        SubjectType = subject.Type;
        SubjectId = subject.Id;
        SubjectKey = subject.Key;
        SubjectName = subjectName.Length > MaxSubjectNameLength ? subjectName[..MaxSubjectNameLength] : subjectName;
        Rating = rating;
        Comment = OptionalText(comment, "comment");
        CreatedAt = LastActivityAt = at;
        Day = DateOnly.FromDateTime(at.UtcDateTime);
    }

    public long Id { get; private set; }
    public long MemberId { get; private set; }
    public FeedbackSubjectType SubjectType { get; private set; }
    public int? SubjectId { get; private set; }
    public string SubjectKey { get; private set; }

    /// <summary>What was rated, as it was called when rated (a reward renamed later keeps its feedback readable).</summary>
    public string SubjectName { get; private set; }

    public int Rating { get; private set; }
    public string? Comment { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The UTC day it was written: one rating per member, subject and day (a unique index).</summary>
    public DateOnly Day { get; private set; }

    /// <summary>When staff first answered; null while unanswered.</summary>
    public DateTimeOffset? AnsweredAt { get; private set; }

    public DateTimeOffset LastActivityAt { get; private set; }
    public DateTimeOffset? HiddenAt { get; private set; }
    public string? HiddenBy { get; private set; }
    public bool IsHidden => HiddenAt is not null;

    public IReadOnlyList<FeedbackMessage> Messages => _messages;

    /// <summary>A staff answer (the first, or one more in the thread).</summary>
    public FeedbackMessage Answer(string staffName, string text, DateTimeOffset at)
    {
        var message = new FeedbackMessage(Id, staffName, RequiredText(text), at);
        _messages.Add(message);
        AnsweredAt ??= at;
        LastActivityAt = at;
        return message;
    }

    /// <summary>The member writes back in the thread.</summary>
    public FeedbackMessage Reply(string text, DateTimeOffset at)
    {
        var message = new FeedbackMessage(Id, null, RequiredText(text), at);
        _messages.Add(message);
        LastActivityAt = at;
        return message;
    }

    /// <summary>Hides the member's text in this thread; false when it already was.</summary>
    public bool Hide(string by, DateTimeOffset at)
    {
        if (IsHidden) return false;
        (HiddenAt, HiddenBy) = (at, by.Length > MaxStaffNameLength ? by[..MaxStaffNameLength] : by);
        return true;
    }

    /// <summary>Shows the member's text again; false when it was not hidden.</summary>
    public bool Unhide()
    {
        if (!IsHidden) return false;
        (HiddenAt, HiddenBy) = (null, null);
        return true;
    }

    /// <summary>
    /// The member's account was erased: their comment and replies go (the rating and the subject stay, for the program's
    /// figures); staff answers keep their words but not the member's name or e-mail (<paramref name="identifying"/>), which
    /// become <paramref name="replacement"/>.
    /// </summary>
    public void EraseAuthor(IReadOnlyCollection<string> identifying, string replacement)
    {
        Comment = null;
        foreach (var message in _messages) message.Erase(identifying, replacement);
    }

    private static string? OptionalText(string? text, string field)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length > MaxTextLength)
            throw DomainException.Invalid("feedback.text_too_long", $"Keep it to {MaxTextLength} characters (this has {trimmed.Length}).", field);
        return trimmed.Length == 0 ? null : trimmed;
    }

    private static string RequiredText(string text) =>
        OptionalText(text, "text") ?? throw DomainException.Invalid("feedback.text_required", "Write a reply before sending it.", "text");
}

/// <summary>One message in a feedback thread after the rating: a staff answer (<see cref="StaffName"/> set) or a member reply.</summary>
public sealed class FeedbackMessage
{
    private FeedbackMessage() { Text = ""; }

    internal FeedbackMessage(long feedbackId, string? staffName, string text, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7(at);
        FeedbackId = feedbackId;
        StaffName = staffName is { Length: > FeedbackItem.MaxStaffNameLength } ? staffName[..FeedbackItem.MaxStaffNameLength] : staffName;
        Text = text;
        At = at;
    }

    /// <summary>Known before saving, so the answer's notification can name it in the same change.</summary>
    public Guid Id { get; private set; }

    public long FeedbackId { get; private set; }

    /// <summary>Who answered for the programme (staff only see it); null for the member's own reply.</summary>
    public string? StaffName { get; private set; }

    public bool ByStaff => StaffName is not null;
    public string Text { get; private set; }
    public DateTimeOffset At { get; private set; }

    internal void Erase(IReadOnlyCollection<string> identifying, string replacement) =>
        Text = ByStaff ? Redaction.Replace(Text, identifying, replacement) : "";
}
