using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PurchaseOwnerIsStoreOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A purchase belongs to the owner of the store it was made at: earlier ones at a partner's stores (sent by program
            // keys before partners had keys, or without a key) move to that partner, so its keys find them and the program's
            // do not; an id that partner already uses stays with the program (the unique (OwnerId, ExternalId) index).
            migrationBuilder.Sql("""
                UPDATE Purchases SET OwnerId = (SELECT s.PartnerId FROM Stores s WHERE s.Id = Purchases.StoreId)
                WHERE OwnerId = 0
                  AND EXISTS (SELECT 1 FROM Stores s WHERE s.Id = Purchases.StoreId AND s.PartnerId IS NOT NULL
                              AND NOT EXISTS (SELECT 1 FROM Purchases q WHERE q.OwnerId = s.PartnerId AND q.ExternalId = Purchases.ExternalId))
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Which purchases were the program's before cannot be told apart any more; they stay with their store's partner.
        }
    }
}
