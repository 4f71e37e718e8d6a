using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Loyalty.Web.Features.Mail;

/// <summary>Opens a MailKit connection to the configured SMTP server, secured and logged in as <see cref="SmtpOptions"/> say.</summary>
public sealed class SmtpConnector(IOptions<SmtpOptions> options)
{
    public SmtpOptions Options => options.Value;

    public async Task<SmtpClient> ConnectAsync(TimeSpan? timeout, CancellationToken ct)
    {
        var o = options.Value;
        var client = new SmtpClient { Timeout = (int)(timeout ?? TimeSpan.FromSeconds(o.TimeoutSeconds)).TotalMilliseconds };
        try
        {
            var security = o.Security switch
            {
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(o.Host ?? "", o.Port, security, ct);
            if (!string.IsNullOrEmpty(o.UserName)) await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Says goodbye politely; a connection that is already broken is only closed.</summary>
    public static async Task CloseAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or MailKit.Net.Smtp.SmtpCommandException or OperationCanceledException)
        {
            // the server went away first; nothing to tell it
        }
        finally
        {
            client.Dispose();
        }
    }
}
