using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchTermsAndFoldedRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FoldedFeedRows",
                columns: table => new
                {
                    Feed = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FoldedFeedRows", x => new { x.Feed, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "MemberSearchTerms",
                columns: table => new
                {
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Term = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberSearchTerms", x => new { x.MemberId, x.Term });
                    table.ForeignKey(
                        name: "FK_MemberSearchTerms_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MemberSearchTerms_Term_MemberId",
                table: "MemberSearchTerms",
                columns: new[] { "Term", "MemberId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FoldedFeedRows");

            migrationBuilder.DropTable(
                name: "MemberSearchTerms");
        }
    }
}
