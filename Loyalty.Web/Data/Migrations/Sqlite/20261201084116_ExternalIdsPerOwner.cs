using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExternalIdsPerOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Purchases_ExternalId",
                table: "Purchases");

            migrationBuilder.DropIndex(
                name: "IX_MemberEvents_ExternalId",
                table: "MemberEvents");

            migrationBuilder.AddColumn<int>(
                name: "OwnerId",
                table: "Purchases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "OwnerId",
                table: "MemberEvents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_OwnerId_ExternalId",
                table: "Purchases",
                columns: new[] { "OwnerId", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MemberEvents_OwnerId_ExternalId",
                table: "MemberEvents",
                columns: new[] { "OwnerId", "ExternalId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Purchases_OwnerId_ExternalId",
                table: "Purchases");

            migrationBuilder.DropIndex(
                name: "IX_MemberEvents_OwnerId_ExternalId",
                table: "MemberEvents");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "Purchases");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "MemberEvents");

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_ExternalId",
                table: "Purchases",
                column: "ExternalId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MemberEvents_ExternalId",
                table: "MemberEvents",
                column: "ExternalId",
                unique: true);
        }
    }
}
