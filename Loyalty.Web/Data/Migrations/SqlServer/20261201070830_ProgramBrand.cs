using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ProgramBrand : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "BrandConfirmedAt",
                table: "ProgramSettings",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LogoImage",
                table: "ProgramSettings",
                type: "nvarchar(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PrimaryColor",
                table: "ProgramSettings",
                type: "nvarchar(7)",
                maxLength: 7,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SetupCompletedAt",
                table: "ProgramSettings",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TermsConfirmedAt",
                table: "ProgramSettings",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ProgramTexts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Language = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(80)", maxLength: 80, nullable: true),
                    Tagline = table.Column<string>(type: "nvarchar(160)", maxLength: 160, nullable: true),
                    HomeText = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
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
