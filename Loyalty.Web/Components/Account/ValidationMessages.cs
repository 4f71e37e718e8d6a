using System.Globalization;
using System.Resources;

namespace Loyalty.Web.Components.Account;

/// <summary>
/// Data-annotation messages from the shared resources, looked up in the request's culture
/// (ErrorMessageResourceType needs static properties).
/// </summary>
public static class ValidationMessages
{
    private static readonly ResourceManager Resources = new("Loyalty.Web.Resources.SharedResource", typeof(ValidationMessages).Assembly);

    private static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public static string Required => Get("Validation.Required");
    public static string Email => Get("Validation.Email");
    public static string PasswordLength => Get("Validation.PasswordLength");
    public static string PasswordsDiffer => Get("Validation.PasswordsDiffer");
    public static string DisplayNameLength => Get("Validation.DisplayNameLength");
    public static string HomeCityLength => Get("Validation.HomeCityLength");
}
