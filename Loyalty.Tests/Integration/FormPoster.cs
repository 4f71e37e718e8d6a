using System.Net;
using System.Text.RegularExpressions;

namespace Loyalty.Tests.Integration;

/// <summary>Submits the static server-rendered Identity forms the way a browser does: antiforgery token and form name.</summary>
public static partial class FormPoster
{
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string path, string formName,
        IDictionary<string, string> fields)
    {
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = await TokenAsync(client, path),
            ["_handler"] = formName,
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>The antiforgery token of the page at <paramref name="path"/>, for a form that posts elsewhere (an endpoint).</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var page = await client.GetStringAsync(path);
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, $"No antiforgery token on {path}.");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password) =>
        SubmitAsync(client, "/Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
