namespace Loyalty.Tests.Builders;

/// <summary>Gives an entity the id the database would; order-by-id rules need distinct ids without a database.</summary>
public static class SavedEntity
{
    public static T SavedAs<T>(this T entity, long id) where T : class
    {
        var property = typeof(T).GetProperty("Id") ?? throw new InvalidOperationException($"{typeof(T).Name} has no Id.");
        property.SetValue(entity, Convert.ChangeType(id, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
        return entity;
    }
}
