using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReviewFixes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_LotId",
                table: "LedgerEntries",
                column: "LotId");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_MemberId_Source_SourceRef",
                table: "LedgerEntries",
                columns: new[] { "MemberId", "Source", "SourceRef" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_LotId",
                table: "LedgerEntries");

            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_MemberId_Source_SourceRef",
                table: "LedgerEntries");
        }
    }
}
