using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MemberExternalIdKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Members_ExternalId",
                table: "Members");

            migrationBuilder.AddColumn<string>(
                name: "ExternalIdKey",
                table: "Members",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            // Existing members get their key before it must be unique (ids were trimmed when imported).
            migrationBuilder.Sql("UPDATE Members SET ExternalIdKey = UPPER(ExternalId) WHERE ExternalId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Members_ExternalIdKey",
                table: "Members",
                column: "ExternalIdKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Members_ExternalIdKey",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "ExternalIdKey",
                table: "Members");

            migrationBuilder.CreateIndex(
                name: "IX_Members_ExternalId",
                table: "Members",
                column: "ExternalId",
                unique: true);
        }
    }
}
