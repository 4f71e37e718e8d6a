using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ApiKeyOwnersAndLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Purchases_ExternalId",
                table: "Purchases");

            migrationBuilder.DropIndex(
                name: "IX_MemberEvents_ExternalId",
                table: "MemberEvents");

            migrationBuilder.AddColumn<int>(
                name: "OwnerId",
                table: "Purchases",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "OwnerId",
                table: "MemberEvents",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "AllowedIps",
                table: "ApiKeys",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ExpiresAt",
                table: "ApiKeys",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PartnerId",
                table: "ApiKeys",
                type: "int",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_OwnerId_ExternalId",
                table: "Purchases",
                columns: new[] { "OwnerId", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MemberEvents_OwnerId_ExternalId",
                table: "MemberEvents",
                columns: new[] { "OwnerId", "ExternalId" },
                unique: true);

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
                name: "IX_Purchases_OwnerId_ExternalId",
                table: "Purchases");

            migrationBuilder.DropIndex(
                name: "IX_MemberEvents_OwnerId_ExternalId",
                table: "MemberEvents");

            migrationBuilder.DropIndex(
                name: "IX_ApiKeys_PartnerId",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "Purchases");

            migrationBuilder.DropColumn(
                name: "OwnerId",
                table: "MemberEvents");

            migrationBuilder.DropColumn(
                name: "AllowedIps",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "ExpiresAt",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "PartnerId",
                table: "ApiKeys");

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_ExternalId",
                table: "Purchases",
                column: "ExternalId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MemberEvents_ExternalId",
                table: "MemberEvents",
                column: "ExternalId",
                unique: true);
        }
    }
}
