using System.Runtime.InteropServices;

namespace Loyalty.Web.Hosting;

/// <summary>
/// glibc gives each thread that allocates at once an arena of its own, up to 8 per core, and keeps their freed memory.
/// Native allocations here are few (SQLite's caches and statements, TLS, compression), but they come from many thread-pool
/// threads, so over hours the arenas hold more and more: a 20-minute soak grew native memory +3 to +4 MB/min with the
/// default and +0.9 MB/min (levelling off) with two arenas (README, performance). So the process limits itself to two,
/// unless the operator set <c>MALLOC_ARENA_MAX</c> (which glibc reads at start). Managed memory is not affected.
/// </summary>
public static class NativeMemory
{
    public const int ArenaLimit = 2;
    private const int M_ARENA_MAX = -8; // glibc's malloc.h

    public enum ArenaSetting
    {
        /// <summary>The limit was applied to this process.</summary>
        Limited,
        /// <summary><c>MALLOC_ARENA_MAX</c> is set: the operator's choice stands.</summary>
        SetByEnvironment,
        /// <summary>Not Linux with glibc (Windows, macOS, musl): nothing to do.</summary>
        NotGlibc,
    }

    /// <summary>Call first thing in Main, before the app starts its threads' work.</summary>
    public static ArenaSetting LimitMallocArenas()
    {
        if (!OperatingSystem.IsLinux()) return ArenaSetting.NotGlibc;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX"))) return ArenaSetting.SetByEnvironment;
        try
        {
            return Mallopt(M_ARENA_MAX, ArenaLimit) == 1 ? ArenaSetting.Limited : ArenaSetting.NotGlibc;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return ArenaSetting.NotGlibc; // musl (Alpine) has no mallopt
        }
    }

    // DllImport, not LibraryImport: two ints need no marshalling code, and the project stays free of unsafe code.
    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054
    private static extern int Mallopt(int param, int value);
#pragma warning restore SYSLIB1054
}
