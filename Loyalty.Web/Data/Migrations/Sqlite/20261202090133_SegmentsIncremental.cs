using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SegmentsIncremental : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "FirstPurchaseAt",
                table: "MemberInsights",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ReadAtVersion",
                table: "MemberInsights",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SegmentRunStates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    WindowDays = table.Column<int>(type: "INTEGER", nullable: false),
                    FullRunAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SegmentRunStates", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SegmentRunStates");

            migrationBuilder.DropColumn(
                name: "FirstPurchaseAt",
                table: "MemberInsights");

            migrationBuilder.DropColumn(
                name: "ReadAtVersion",
                table: "MemberInsights");
        }
    }
}
