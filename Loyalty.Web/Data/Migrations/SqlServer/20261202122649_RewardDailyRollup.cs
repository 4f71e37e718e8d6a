using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RewardDailyRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "FeedPosition",
                table: "Redemptions",
                type: "rowversion",
                rowVersion: true,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RewardDailyRollups",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    RewardId = table.Column<int>(type: "int", nullable: false),
                    Redemptions = table.Column<long>(type: "bigint", nullable: false),
                    Points = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RewardDailyRollups", x => new { x.Day, x.RewardId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Redemptions_FeedPosition",
                table: "Redemptions",
                column: "FeedPosition");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RewardDailyRollups");

            migrationBuilder.DropIndex(
                name: "IX_Redemptions_FeedPosition",
                table: "Redemptions");

            migrationBuilder.DropColumn(
                name: "FeedPosition",
                table: "Redemptions");
        }
    }
}
