using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Settlement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PartnerId",
                table: "LedgerEntries",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SettlementStatements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    PartnerId = table.Column<int>(type: "int", nullable: false),
                    Month = table.Column<string>(type: "varchar(7)", unicode: false, maxLength: 7, nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ClosedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    PricePerPointIssued = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    PricePerPointRedeemed = table.Column<decimal>(type: "decimal(18,4)", precision: 18, scale: 4, nullable: false),
                    PointsIssued = table.Column<long>(type: "bigint", nullable: false),
                    PointsReturned = table.Column<long>(type: "bigint", nullable: false),
                    PointsRedeemed = table.Column<long>(type: "bigint", nullable: false),
                    PointsRefunded = table.Column<long>(type: "bigint", nullable: false),
                    PartnerOwes = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false),
                    ProgramOwes = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementStatements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SettlementStatements_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SettlementLines",
                columns: table => new
                {
                    LedgerEntryId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    StatementId = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementLines", x => x.LedgerEntryId);
                    table.ForeignKey(
                        name: "FK_SettlementLines_LedgerEntries_LedgerEntryId",
                        column: x => x.LedgerEntryId,
                        principalTable: "LedgerEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SettlementLines_SettlementStatements_StatementId",
                        column: x => x.StatementId,
                        principalTable: "SettlementStatements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_PartnerId_OccurredAt",
                table: "LedgerEntries",
                columns: new[] { "PartnerId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SettlementLines_StatementId",
                table: "SettlementLines",
                column: "StatementId");

            migrationBuilder.CreateIndex(
                name: "IX_SettlementStatements_PartnerId_Month",
                table: "SettlementStatements",
                columns: new[] { "PartnerId", "Month" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_LedgerEntries_Partners_PartnerId",
                table: "LedgerEntries",
                column: "PartnerId",
                principalTable: "Partners",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_LedgerEntries_Partners_PartnerId",
                table: "LedgerEntries");

            migrationBuilder.DropTable(
                name: "SettlementLines");

            migrationBuilder.DropTable(
                name: "SettlementStatements");

            migrationBuilder.DropIndex(
                name: "IX_LedgerEntries_PartnerId_OccurredAt",
                table: "LedgerEntries");

            migrationBuilder.DropColumn(
                name: "PartnerId",
                table: "LedgerEntries");
        }
    }
}
