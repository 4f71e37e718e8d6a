namespace Loyalty.Web.Features.ApiKeys;

/// <summary>
/// Who sent an integration call: the key and its owner (a partner, or null for the program). A use case given a caller
/// keeps to that owner's stores; one given none (an admin's own entry, the demo simulator) may act at any store.
/// </summary>
/// <param name="DailyPointsCap">The most points the key's purchases and events may earn per UTC day, or null for no cap.</param>
public sealed record ApiCaller(Guid KeyId, string KeyName, int? PartnerId, long? DailyPointsCap = null);
