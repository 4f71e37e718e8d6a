namespace Loyalty.Web.Features.ApiKeys;

/// <summary>
/// Who sent an integration call: the key and its owner (a partner, or null for the program). A use case given a caller
/// keeps to that owner's stores; one given none (an admin's own entry, the demo simulator) may act at any store.
/// </summary>
public sealed record ApiCaller(Guid KeyId, string KeyName, int? PartnerId);
