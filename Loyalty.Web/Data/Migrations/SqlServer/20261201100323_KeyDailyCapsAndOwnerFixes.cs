using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class KeyDailyCapsAndOwnerFixes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ApiKeyId",
                table: "Purchases",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ApiKeyId",
                table: "MemberEvents",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RecordedAt",
                table: "MemberEvents",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PurchaseOwnerId",
                table: "CampaignIssues",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CapReachedAt",
                table: "ApiKeys",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DailyPointsCap",
                table: "ApiKeys",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Purchases_ApiKeyId_RecordedAt",
                table: "Purchases",
                columns: new[] { "ApiKeyId", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberEvents_ApiKeyId_RecordedAt",
                table: "MemberEvents",
                columns: new[] { "ApiKeyId", "RecordedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_MemberEvents_ApiKeys_ApiKeyId",
                table: "MemberEvents",
                column: "ApiKeyId",
                principalTable: "ApiKeys",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Purchases_ApiKeys_ApiKeyId",
                table: "Purchases",
                column: "ApiKeyId",
                principalTable: "ApiKeys",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_MemberEvents_ApiKeys_ApiKeyId",
                table: "MemberEvents");

            migrationBuilder.DropForeignKey(
                name: "FK_Purchases_ApiKeys_ApiKeyId",
                table: "Purchases");

            migrationBuilder.DropIndex(
                name: "IX_Purchases_ApiKeyId_RecordedAt",
                table: "Purchases");

            migrationBuilder.DropIndex(
                name: "IX_MemberEvents_ApiKeyId_RecordedAt",
                table: "MemberEvents");

            migrationBuilder.DropColumn(
                name: "ApiKeyId",
                table: "Purchases");

            migrationBuilder.DropColumn(
                name: "ApiKeyId",
                table: "MemberEvents");

            migrationBuilder.DropColumn(
                name: "RecordedAt",
                table: "MemberEvents");

            migrationBuilder.DropColumn(
                name: "PurchaseOwnerId",
                table: "CampaignIssues");

            migrationBuilder.DropColumn(
                name: "CapReachedAt",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "DailyPointsCap",
                table: "ApiKeys");
        }
    }
}
