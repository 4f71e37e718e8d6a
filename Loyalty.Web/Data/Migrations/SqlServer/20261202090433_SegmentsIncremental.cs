using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SegmentsIncremental : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FirstPurchaseAt",
                table: "MemberInsights",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ReadAtVersion",
                table: "MemberInsights",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SegmentRunStates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false),
                    WindowDays = table.Column<int>(type: "int", nullable: false),
                    FullRunAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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
