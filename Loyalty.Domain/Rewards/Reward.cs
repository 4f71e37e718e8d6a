namespace Loyalty.Domain.Rewards;

public enum RewardCategory
{
    DiscountVoucher = 1,
    FreeProduct = 2,
    Experience = 3,
    Donation = 4,
    PartnerReward = 5,
}

/// <summary>Something members spend points on. Retiring keeps it (and its redemptions) for history.</summary>
public sealed class Reward
{
    private Reward() { Name = ""; Description = ""; }

    public Reward(string name, string description, RewardCategory category, long costPoints, int? stock, int? perMemberLimit,
        DateTimeOffset? availableFrom, DateTimeOffset? availableUntil, int? minimumTierId)
    {
        Name = "";
        Description = "";
        Update(name, description, category, costPoints, perMemberLimit, availableFrom, availableUntil, minimumTierId);
        SetStock(stock);
    }

    public int Id { get; private set; }
    public string Name { get; private set; }
    public string Description { get; private set; }
    public string? ImagePath { get; private set; }
    public RewardCategory Category { get; private set; }
    public long CostPoints { get; private set; }

    /// <summary>Items left; null means unlimited.</summary>
    public int? Stock { get; private set; }

    public int? PerMemberLimit { get; private set; }
    public DateTimeOffset? AvailableFrom { get; private set; }
    public DateTimeOffset? AvailableUntil { get; private set; }
    public int? MinimumTierId { get; private set; }
    public DateTimeOffset? RetiredAt { get; private set; }

    /// <summary>The partner that funds it (the program pays the partner for points spent on it); null for the program's own.</summary>
    public int? PartnerId { get; private set; }

    /// <summary>Concurrency token: two instances cannot both take the last item.</summary>
    public long Version { get; private set; }

    /// <summary>Only members with Plus benefits may redeem it; others see it locked, with a way to join Plus.</summary>
    public bool PlusOnly { get; private set; }

    public void SetPlusOnly(bool plusOnly) => PlusOnly = plusOnly;

    /// <summary>The refusal for a member without Plus benefits, or null when they may redeem it.</summary>
    public DomainException? RefusePlusOnly(bool memberHasPlus) => PlusOnly && !memberHasPlus
        ? DomainException.Forbidden("reward.plus-only", $"{Name} is for Plus members only; join Plus to redeem it.", field: "rewardId")
        : null;

    public void Update(string name, string description, RewardCategory category, long costPoints, int? perMemberLimit,
        DateTimeOffset? availableFrom, DateTimeOffset? availableUntil, int? minimumTierId)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 100) throw new DomainException("reward.name", "A reward needs a name of 1-100 characters.");
        if ((description ?? "").Length > 2000) throw new DomainException("reward.description", "The description can be at most 2,000 characters.");
        if (!Enum.IsDefined(category)) throw new DomainException("reward.category", "Choose a category.");
        if (costPoints is < 1 or > 100_000_000) throw new DomainException("reward.cost", "The cost must be between 1 and 100,000,000 points.");
        if (perMemberLimit is < 1) throw new DomainException("reward.limit", "The per-member limit must be at least 1, or none.");
        if (availableFrom is not null && availableUntil is not null && availableUntil <= availableFrom)
            throw new DomainException("reward.window", "The availability must end after it starts.");
        (Name, Description, Category, CostPoints, PerMemberLimit, AvailableFrom, AvailableUntil, MinimumTierId) =
            (name, (description ?? "").Trim(), category, costPoints, perMemberLimit, availableFrom, availableUntil, minimumTierId);
        Version++;
    }

    public void SetStock(int? stock)
    {
        if (stock is < 0) throw new DomainException("reward.stock", "Stock cannot be negative; leave it empty for unlimited.");
        Stock = stock;
        Version++;
    }

    public void SetImage(string? path) => ImagePath = path;

    public void FundedBy(int? partnerId) => PartnerId = partnerId;

    public void Retire(DateTimeOffset at)
    {
        RetiredAt ??= at;
        Version++;
    }

    /// <summary>
    /// Why this member cannot redeem it now, or null if they can. Points are checked by the ledger. Without
    /// <paramref name="countStock"/> the stock is left out (a catalog page follows the stock live and adds it itself).
    /// </summary>
    public RedeemRefusal? Check(DateTimeOffset now, long memberTierThreshold, long? minimumTierThreshold, string? minimumTierName, int redeemedByMember,
        bool countStock = true)
    {
        if (RetiredAt is not null) return new(RewardBlock.Retired, "reward.retired", "This reward is no longer offered.");
        if (AvailableFrom is { } from && now < from) return new(RewardBlock.NotYet, "reward.not-yet", $"This reward is available from {from:yyyy-MM-dd}.");
        if (AvailableUntil is { } until && now >= until)
            return new(RewardBlock.Ended, "reward.ended", $"This reward was available until {until.AddTicks(-1):yyyy-MM-dd}.");
        if (minimumTierThreshold is { } min && memberTierThreshold < min)
            return new(RewardBlock.Tier, "reward.tier", $"This reward is for {minimumTierName} members and above.");
        if (PerMemberLimit is { } limit && redeemedByMember >= limit)
            return new(RewardBlock.Limit, "reward.limit", $"You have redeemed this reward {redeemedByMember} time(s); the limit is {limit} per member.");
        if (countStock && Stock is 0) return new(RewardBlock.OutOfStock, "reward.out-of-stock", "This reward is out of stock.");
        return null;
    }

    public void TakeOne()
    {
        if (Stock is 0) throw DomainException.Conflict("reward.out-of-stock", "This reward is out of stock.");
        if (Stock is { } s) Stock = s - 1;
        Version++;
    }

    public void PutBack()
    {
        if (Stock is { } s) Stock = s + 1;
        Version++;
    }
}

/// <summary>Why a member cannot redeem a reward now: a code to choose words by, never the words themselves.</summary>
public enum RewardBlock
{
    Retired,
    NotYet,
    Ended,
    Tier,
    Limit,
    OutOfStock,

    /// <summary>The member owes points from a return; the ledger refuses every debit until it is paid back.</summary>
    Debt,

    /// <summary>For Plus members only, and the member has no Plus benefits.</summary>
    PlusOnly,
}

public sealed record RedeemRefusal(RewardBlock Reason, string Code, RefusalText Message);
