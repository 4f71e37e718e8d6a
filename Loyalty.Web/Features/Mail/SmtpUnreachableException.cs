namespace Loyalty.Web.Features.Mail;

/// <summary>The SMTP relay could not be reached or refused the connection (or the login): the pass claimed no message.</summary>
public sealed class SmtpUnreachableException(string message, Exception inner) : Exception(message, inner);
