using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApiKeyOwners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PartnerId",
                table: "ApiKeys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_PartnerId",
                table: "ApiKeys",
                column: "PartnerId");

            migrationBuilder.AddForeignKey(
                name: "FK_ApiKeys_Partners_PartnerId",
                table: "ApiKeys",
                column: "PartnerId",
                principalTable: "Partners",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ApiKeys_Partners_PartnerId",
                table: "ApiKeys");

            migrationBuilder.DropIndex(
                name: "IX_ApiKeys_PartnerId",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "PartnerId",
                table: "ApiKeys");
        }
    }
}
