using Loyalty.Web.Hosting;

namespace Loyalty.Tests.Features.Hosting;

/// <summary>The process limits glibc's malloc arenas (native memory that otherwise creeps up over hours) unless the operator chose.</summary>
public sealed class NativeMemoryTests
{
    [Fact]
    public void On_linux_with_glibc_the_arena_limit_is_applied_and_an_operators_MALLOC_ARENA_MAX_is_left_alone()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && File.Exists("/usr/bin/ldd") && !IsMusl(), "glibc only (this test machine is Debian)");
        var before = Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX");
        try
        {
            Environment.SetEnvironmentVariable("MALLOC_ARENA_MAX", null);
            Assert.Equal(NativeMemory.ArenaSetting.Limited, NativeMemory.LimitMallocArenas()); // mallopt answered 1: glibc took it

            Environment.SetEnvironmentVariable("MALLOC_ARENA_MAX", "4");
            Assert.Equal(NativeMemory.ArenaSetting.SetByEnvironment, NativeMemory.LimitMallocArenas());
        }
        finally
        {
            Environment.SetEnvironmentVariable("MALLOC_ARENA_MAX", before);
        }
    }

    private static bool IsMusl() => Directory.Exists("/lib") && Directory.EnumerateFiles("/lib", "ld-musl-*").Any();
}
