using Loyalty.Domain.Feedback;
using Loyalty.Domain.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Loyalty.Web.Data.Configurations;

internal sealed class FeedbackItemConfiguration : IEntityTypeConfiguration<FeedbackItem>
{
    public void Configure(EntityTypeBuilder<FeedbackItem> b)
    {
        b.ToTable("Feedback");
        b.Property(f => f.SubjectType).HasConversion<string>().HasMaxLength(20);
        b.Property(f => f.SubjectKey).HasMaxLength(40);
        b.Property(f => f.SubjectName).HasMaxLength(FeedbackItem.MaxSubjectNameLength);
        b.Property(f => f.Comment).HasMaxLength(FeedbackItem.MaxTextLength);
        b.Property(f => f.HiddenBy).HasMaxLength(FeedbackItem.MaxStaffNameLength);
        b.Ignore(f => f.IsHidden);
        // One rating per member, subject and day: of two racing submits the second insert fails.
        b.HasIndex(f => new { f.MemberId, f.SubjectKey, f.Day }).IsUnique();
        b.HasIndex(f => new { f.SubjectType, f.SubjectId }); // averages per reward and offer
        b.HasIndex(f => f.LastActivityAt); // the staff inbox, most recent first
        b.HasOne<Member>().WithMany().HasForeignKey(f => f.MemberId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(f => f.Messages).WithOne().HasForeignKey(m => m.FeedbackId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(f => f.Messages).HasField("_messages").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class FeedbackMessageConfiguration : IEntityTypeConfiguration<FeedbackMessage>
{
    public void Configure(EntityTypeBuilder<FeedbackMessage> b)
    {
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.StaffName).HasMaxLength(FeedbackItem.MaxStaffNameLength);
        b.Property(m => m.Text).HasMaxLength(FeedbackItem.MaxTextLength);
        b.Ignore(m => m.ByStaff);
        b.HasIndex(m => new { m.FeedbackId, m.At });
    }
}
