using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AnalyticsRereads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FoldedFeedRows",
                columns: table => new
                {
                    Feed = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FoldedFeedRows", x => new { x.Feed, x.Key });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FoldedFeedRows");
        }
    }
}
