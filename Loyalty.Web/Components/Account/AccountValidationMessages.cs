using System.Globalization;
using System.Resources;

namespace Loyalty.Web.Components.Account;

/// <summary>
/// Data-annotation messages of the account pages from the account resources, looked up in the request's culture
/// (ErrorMessageResourceType needs static properties). The shared ones stay in <see cref="ValidationMessages"/>.
/// </summary>
public static class AccountValidationMessages
{
    private static readonly ResourceManager Resources = new("Loyalty.Web.Resources.AccountResource", typeof(AccountValidationMessages).Assembly);

    private static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public static string CodeLength => Get("Validation.CodeLength");
    public static string PasskeyNameLength => Get("Validation.PasskeyNameLength");
    public static string Phone => Get("Validation.Phone");
}
