using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CampaignHoldout : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Redemptions_IssuedAt",
                table: "Redemptions",
                column: "IssuedAt");

            migrationBuilder.CreateIndex(
                name: "IX_OfferActivations_ActivatedAt",
                table: "OfferActivations",
                column: "ActivatedAt");

            migrationBuilder.DropIndex(
                name: "IX_CampaignIssues_CampaignId",
                table: "CampaignIssues");

            migrationBuilder.AddColumn<long>(
                name: "BudgetAlertedAt",
                table: "Campaigns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HoldoutPercent",
                table: "Campaigns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_CampaignIssues_CampaignId_MemberId",
                table: "CampaignIssues",
                columns: new[] { "CampaignId", "MemberId" });

            migrationBuilder.CreateIndex(
                name: "IX_CampaignIssues_CampaignId_OccurredAt",
                table: "CampaignIssues",
                columns: new[] { "CampaignId", "OccurredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Redemptions_IssuedAt",
                table: "Redemptions");

            migrationBuilder.DropIndex(
                name: "IX_OfferActivations_ActivatedAt",
                table: "OfferActivations");

            migrationBuilder.DropIndex(
                name: "IX_CampaignIssues_CampaignId_MemberId",
                table: "CampaignIssues");

            migrationBuilder.DropIndex(
                name: "IX_CampaignIssues_CampaignId_OccurredAt",
                table: "CampaignIssues");

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
