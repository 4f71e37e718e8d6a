using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProgramBrand : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "BrandConfirmedAt",
                table: "ProgramSettings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LogoImage",
                table: "ProgramSettings",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PrimaryColor",
                table: "ProgramSettings",
                type: "TEXT",
                maxLength: 7,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SetupCompletedAt",
                table: "ProgramSettings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TermsConfirmedAt",
                table: "ProgramSettings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ProgramTexts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Language = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    Tagline = table.Column<string>(type: "TEXT", maxLength: 160, nullable: true),
                    HomeText = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgramTexts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProgramTexts_Language",
                table: "ProgramTexts",
                column: "Language",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProgramTexts");

            migrationBuilder.DropColumn(
                name: "BrandConfirmedAt",
                table: "ProgramSettings");

            migrationBuilder.DropColumn(
                name: "LogoImage",
                table: "ProgramSettings");

            migrationBuilder.DropColumn(
                name: "PrimaryColor",
                table: "ProgramSettings");

            migrationBuilder.DropColumn(
                name: "SetupCompletedAt",
                table: "ProgramSettings");

            migrationBuilder.DropColumn(
                name: "TermsConfirmedAt",
                table: "ProgramSettings");
        }
    }
}
