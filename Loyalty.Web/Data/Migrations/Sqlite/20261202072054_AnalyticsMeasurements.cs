using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AnalyticsMeasurements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Redemptions_IssuedAt",
                table: "Redemptions");

            migrationBuilder.DropIndex(
                name: "IX_Members_TierId",
                table: "Members");

            migrationBuilder.CreateTable(
                name: "CampaignResultSnapshots",
                columns: table => new
                {
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    TreatedMembers = table.Column<long>(type: "INTEGER", nullable: false),
                    TreatedSales = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    TreatedSquares = table.Column<double>(type: "REAL", nullable: false),
                    HoldoutMembers = table.Column<long>(type: "INTEGER", nullable: false),
                    HoldoutSales = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    HoldoutSquares = table.Column<double>(type: "REAL", nullable: false),
                    SalesTouched = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    ComputedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CampaignResultSnapshots", x => x.CampaignId);
                    table.ForeignKey(
                        name: "FK_CampaignResultSnapshots_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TournamentSpendSnapshots",
                columns: table => new
                {
                    TournamentId = table.Column<int>(type: "INTEGER", nullable: false),
                    Participants = table.Column<int>(type: "INTEGER", nullable: false),
                    Members = table.Column<int>(type: "INTEGER", nullable: false),
                    ParticipantSales = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    OtherSales = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    ComputedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TournamentSpendSnapshots", x => x.TournamentId);
                    table.ForeignKey(
                        name: "FK_TournamentSpendSnapshots_Tournaments_TournamentId",
                        column: x => x.TournamentId,
                        principalTable: "Tournaments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Redemptions_IssuedAt_Status_RewardId_Points",
                table: "Redemptions",
                columns: new[] { "IssuedAt", "Status", "RewardId", "Points" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_TierId_ErasedAt",
                table: "Members",
                columns: new[] { "TierId", "ErasedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CampaignResultSnapshots");

            migrationBuilder.DropTable(
                name: "TournamentSpendSnapshots");

            migrationBuilder.DropIndex(
                name: "IX_Redemptions_IssuedAt_Status_RewardId_Points",
                table: "Redemptions");

            migrationBuilder.DropIndex(
                name: "IX_Members_TierId_ErasedAt",
                table: "Members");

            migrationBuilder.CreateIndex(
                name: "IX_Redemptions_IssuedAt",
                table: "Redemptions",
                column: "IssuedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Members_TierId",
                table: "Members",
                column: "TierId");
        }
    }
}
