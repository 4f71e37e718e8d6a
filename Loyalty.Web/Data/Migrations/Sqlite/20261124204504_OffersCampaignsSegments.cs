using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Loyalty.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OffersCampaignsSegments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CampaignStacking",
                table: "ProgramSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Rfm_FrequentHigh",
                table: "ProgramSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 12);

            migrationBuilder.AddColumn<int>(
                name: "Rfm_FrequentMid",
                table: "ProgramSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 4);

            migrationBuilder.AddColumn<int>(
                name: "Rfm_HighFrom",
                table: "ProgramSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 8);

            migrationBuilder.AddColumn<int>(
                name: "Rfm_MidFrom",
                table: "ProgramSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 5);

            migrationBuilder.AddColumn<int>(
                name: "Rfm_RecentHighDays",
                table: "ProgramSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 30);

            migrationBuilder.AddColumn<int>(
                name: "Rfm_RecentMidDays",
                table: "ProgramSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 90);

            migrationBuilder.AddColumn<decimal>(
                name: "Rfm_SpendHigh",
                table: "ProgramSettings",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 1000m);

            migrationBuilder.AddColumn<decimal>(
                name: "Rfm_SpendMid",
                table: "ProgramSettings",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: false,
                defaultValue: 250m);

            migrationBuilder.AddColumn<int>(
                name: "Rfm_WindowDays",
                table: "ProgramSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 365);

            migrationBuilder.AddColumn<DateOnly>(
                name: "BirthDate",
                table: "Members",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "MarketingConsent",
                table: "Members",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "PersonalisationConsent",
                table: "Members",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "Campaigns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Multiplier = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    StoreIds = table.Column<string>(type: "TEXT", nullable: false),
                    Days = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Targeting_TierIds = table.Column<string>(type: "TEXT", nullable: false),
                    Targeting_SegmentCodes = table.Column<string>(type: "TEXT", nullable: false),
                    Targeting_Cities = table.Column<string>(type: "TEXT", nullable: false),
                    Targeting_PersonalCategory = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    BudgetPoints = table.Column<long>(type: "INTEGER", nullable: true),
                    IssuedPoints = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Campaigns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MemberInsights",
                columns: table => new
                {
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Value = table.Column<int>(type: "INTEGER", nullable: false),
                    Purchases = table.Column<int>(type: "INTEGER", nullable: false),
                    Spend = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    LastPurchaseAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastActivityAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TopCategories = table.Column<string>(type: "TEXT", nullable: false),
                    ComputedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberInsights", x => x.MemberId);
                    table.ForeignKey(
                        name: "FK_MemberInsights_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MemberSegments",
                columns: table => new
                {
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberSegments", x => new { x.MemberId, x.Code });
                    table.ForeignKey(
                        name: "FK_MemberSegments_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Offers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ImageFileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    Value = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    FreeItemName = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    MinSpend = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    UsesPerMember = table.Column<int>(type: "INTEGER", nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: true),
                    Activations = table.Column<int>(type: "INTEGER", nullable: false),
                    CouponMode = table.Column<int>(type: "INTEGER", nullable: false),
                    SharedCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Targeting_TierIds = table.Column<string>(type: "TEXT", nullable: false),
                    Targeting_SegmentCodes = table.Column<string>(type: "TEXT", nullable: false),
                    Targeting_Cities = table.Column<string>(type: "TEXT", nullable: false),
                    Targeting_PersonalCategory = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    StoreIds = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Offers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Segments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    TierIds = table.Column<string>(type: "TEXT", nullable: false),
                    Cities = table.Column<string>(type: "TEXT", nullable: false),
                    MinAge = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxAge = table.Column<int>(type: "INTEGER", nullable: true),
                    TopCategory = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ActiveWithinDays = table.Column<int>(type: "INTEGER", nullable: true),
                    Size = table.Column<int>(type: "INTEGER", nullable: false),
                    ComputedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Segments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CampaignIssues",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    PurchaseExternalId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Points = table.Column<long>(type: "INTEGER", nullable: false),
                    Sales = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CampaignIssues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CampaignIssues_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CampaignIssues_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "OfferActivations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OfferId = table.Column<int>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    ActivatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CouponCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    UsesLeft = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OfferActivations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OfferActivations_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_OfferActivations_Offers_OfferId",
                        column: x => x.OfferId,
                        principalTable: "Offers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Members_HomeCity",
                table: "Members",
                column: "HomeCity");

            migrationBuilder.CreateIndex(
                name: "IX_CampaignIssues_CampaignId",
                table: "CampaignIssues",
                column: "CampaignId");

            migrationBuilder.CreateIndex(
                name: "IX_CampaignIssues_MemberId",
                table: "CampaignIssues",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_Campaigns_Status_EndsAt",
                table: "Campaigns",
                columns: new[] { "Status", "EndsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberSegments_Code",
                table: "MemberSegments",
                column: "Code");

            migrationBuilder.CreateIndex(
                name: "IX_OfferActivations_MemberId",
                table: "OfferActivations",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_OfferActivations_OfferId_MemberId",
                table: "OfferActivations",
                columns: new[] { "OfferId", "MemberId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Offers_Status_EndsAt",
                table: "Offers",
                columns: new[] { "Status", "EndsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Segments_Code",
                table: "Segments",
                column: "Code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CampaignIssues");

            migrationBuilder.DropTable(
                name: "MemberInsights");

            migrationBuilder.DropTable(
                name: "MemberSegments");

            migrationBuilder.DropTable(
                name: "OfferActivations");

            migrationBuilder.DropTable(
                name: "Segments");

            migrationBuilder.DropTable(
                name: "Campaigns");

            migrationBuilder.DropTable(
                name: "Offers");

            migrationBuilder.DropIndex(
                name: "IX_Members_HomeCity",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "CampaignStacking",
                table: "ProgramSettings");

            migrationBuilder.DropColumn(
                name: "Rfm_FrequentHigh",
                table: "ProgramSettings");

            migrationBuilder.DropColumn(
                name: "Rfm_FrequentMid",
                table: "ProgramSettings");

            migrationBuilder.DropColumn(
                name: "Rfm_HighFrom",
                table: "ProgramSettings");

            migrationBuilder.DropColumn(
                name: "Rfm_MidFrom",
                table: "ProgramSettings");

            migrationBuilder.DropColumn(
                name: "Rfm_RecentHighDays",
                table: "ProgramSettings");

            migrationBuilder.DropColumn(
                name: "Rfm_RecentMidDays",
                table: "ProgramSettings");

            migrationBuilder.DropColumn(
                name: "Rfm_SpendHigh",
                table: "ProgramSettings");

            migrationBuilder.DropColumn(
                name: "Rfm_SpendMid",
                table: "ProgramSettings");

            migrationBuilder.DropColumn(
                name: "Rfm_WindowDays",
                table: "ProgramSettings");

            migrationBuilder.DropColumn(
                name: "BirthDate",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "MarketingConsent",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "PersonalisationConsent",
                table: "Members");
        }
    }
}
