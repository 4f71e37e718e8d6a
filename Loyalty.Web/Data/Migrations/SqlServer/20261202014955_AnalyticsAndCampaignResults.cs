using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AnalyticsAndCampaignResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CampaignIssues_CampaignId",
                table: "CampaignIssues");

            migrationBuilder.AddColumn<byte[]>(
                name: "FeedPosition",
                table: "Purchases",
                type: "rowversion",
                rowVersion: true,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "BudgetAlertedAt",
                table: "Campaigns",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HoldoutPercent",
                table: "Campaigns",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "CohortCells",
                columns: table => new
                {
                    JoinMonth = table.Column<DateOnly>(type: "date", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    Active = table.Column<long>(type: "bigint", nullable: false),
                    Repeat = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CohortCells", x => new { x.JoinMonth, x.Month });
                });

            migrationBuilder.CreateTable(
                name: "LedgerDailyRollups",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Kind = table.Column<int>(type: "int", nullable: false),
                    Source = table.Column<int>(type: "int", nullable: false),
                    TierId = table.Column<int>(type: "int", nullable: false),
                    City = table.Column<string>(type: "nvarchar(80)", maxLength: 80, nullable: false),
                    Entries = table.Column<long>(type: "bigint", nullable: false),
                    Points = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerDailyRollups", x => new { x.Day, x.Kind, x.Source, x.TierId, x.City });
                });

            migrationBuilder.CreateTable(
                name: "MemberMonthActivities",
                columns: table => new
                {
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    Purchases = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberMonthActivities", x => new { x.MemberId, x.Month });
                    table.ForeignKey(
                        name: "FK_MemberMonthActivities_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SalesDailyRollups",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    StoreId = table.Column<int>(type: "int", nullable: false),
                    TierId = table.Column<int>(type: "int", nullable: false),
                    City = table.Column<string>(type: "nvarchar(80)", maxLength: 80, nullable: false),
                    Purchases = table.Column<long>(type: "bigint", nullable: false),
                    Amount = table.Column<decimal>(type: "decimal(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SalesDailyRollups", x => new { x.Day, x.StoreId, x.TierId, x.City });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Redemptions_IssuedAt",
                table: "Redemptions",
                column: "IssuedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_FeedPosition",
                table: "Purchases",
                column: "FeedPosition");

            migrationBuilder.CreateIndex(
                name: "IX_OfferActivations_ActivatedAt",
                table: "OfferActivations",
                column: "ActivatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_Kind_CreatedAt",
                table: "Notifications",
                columns: new[] { "Kind", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_JoinedAt",
                table: "Members",
                column: "JoinedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CampaignIssues_CampaignId_MemberId",
                table: "CampaignIssues",
                columns: new[] { "CampaignId", "MemberId" });

            migrationBuilder.CreateIndex(
                name: "IX_CampaignIssues_CampaignId_OccurredAt",
                table: "CampaignIssues",
                columns: new[] { "CampaignId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CohortCells_Month",
                table: "CohortCells",
                column: "Month");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CohortCells");

            migrationBuilder.DropTable(
                name: "LedgerDailyRollups");

            migrationBuilder.DropTable(
                name: "MemberMonthActivities");

            migrationBuilder.DropTable(
                name: "SalesDailyRollups");

            migrationBuilder.DropIndex(
                name: "IX_Redemptions_IssuedAt",
                table: "Redemptions");

            migrationBuilder.DropIndex(
                name: "IX_Purchases_FeedPosition",
                table: "Purchases");

            migrationBuilder.DropIndex(
                name: "IX_OfferActivations_ActivatedAt",
                table: "OfferActivations");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_Kind_CreatedAt",
                table: "Notifications");

            migrationBuilder.DropIndex(
                name: "IX_Members_JoinedAt",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_CampaignIssues_CampaignId_MemberId",
                table: "CampaignIssues");

            migrationBuilder.DropIndex(
                name: "IX_CampaignIssues_CampaignId_OccurredAt",
                table: "CampaignIssues");

            migrationBuilder.DropColumn(
                name: "FeedPosition",
                table: "Purchases");

            migrationBuilder.DropColumn(
                name: "BudgetAlertedAt",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "HoldoutPercent",
                table: "Campaigns");

            migrationBuilder.CreateIndex(
                name: "IX_CampaignIssues_CampaignId",
                table: "CampaignIssues",
                column: "CampaignId");
        }
    }
}
