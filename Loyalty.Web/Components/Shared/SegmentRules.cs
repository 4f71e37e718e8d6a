using System.Globalization;
using Loyalty.Web.Features.Segments;
using Microsoft.Extensions.Localization;

namespace Loyalty.Web.Components.Shared;

/// <summary>A rule segment's rules in words: "Tier: Gold · City: Riga · Age 18-30".</summary>
public static class SegmentRules
{
    public static string Describe(IStringLocalizer l, SegmentRow row)
    {
        var f = row.Form;
        var parts = new List<string>();
        if (row.TierNames.Count > 0) parts.Add(l["Segments.Rule.Tiers", string.Join(", ", row.TierNames)]);
        if (f.CityList().Count > 0) parts.Add(l["Segments.Rule.Cities", string.Join(", ", f.CityList())]);
        if (f.MinAge is { } min && f.MaxAge is { } max) parts.Add(l["Segments.Rule.Age", min, max]);
        else if (f.MinAge is { } from) parts.Add(l["Segments.Rule.AgeFrom", from]);
        else if (f.MaxAge is { } to) parts.Add(l["Segments.Rule.AgeTo", to]);
        if (f.TopCategory is { } category) parts.Add(l["Segments.Rule.Category", category]);
        if (f.ActiveWithinDays is { } days) parts.Add(l["Segments.Rule.Active", days.ToString(CultureInfo.CurrentCulture)]);
        return string.Join(" · ", parts);
    }
}
