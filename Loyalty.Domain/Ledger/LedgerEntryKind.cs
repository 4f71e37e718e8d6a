namespace Loyalty.Domain.Ledger;

public enum LedgerEntryKind
{
    Earn = 1,
    Bonus = 2,
    Redeem = 3,
    Refund = 4,
    Reverse = 5,
    Expire = 6,
    Adjust = 7,
    Transfer = 8,
}

public enum LedgerSource
{
    Transaction = 1,
    Redemption = 2,
    Campaign = 3,
    Tournament = 4,
    Referral = 5,
    Admin = 6,
    System = 7,
    Activity = 8,
    /// <summary>Brought from the program's previous system (an opening balance); the reference names the member's old id.</summary>
    Import = 9,
    /// <summary>Points one member gave another (a Transfer pair); the reference is "gift:{id}" on both entries.</summary>
    Gift = 10,
}
