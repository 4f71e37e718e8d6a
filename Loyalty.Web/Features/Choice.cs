namespace Loyalty.Web.Features;

/// <summary>One thing a form offers to pick: what is stored, and the name a person sees.</summary>
public sealed record Choice<T>(T Value, string Name);
