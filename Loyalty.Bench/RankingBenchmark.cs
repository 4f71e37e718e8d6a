using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Loyalty.Domain.Tournaments;
using StackExchange.Redis;

namespace Loyalty.Bench;

/// <summary>
/// The leaderboard against a Redis sorted set, on the same workload: fill with N participants, then U random
/// score changes; then rank look-ups and top/around reads. Redis is Debian's redis-server started on a free
/// loopback port (or an existing one given with --redis host:port), driven through StackExchange.Redis.
/// </summary>
internal static class RankingBenchmark
{
    private const int RankQueries = 100_000;
    private const int RedisRoundTrips = 20_000;
    private const int PipelineBatch = 1_000;

    /// <summary>Usage: ranking [participants=100000] [updates=2000000] [--redis host:port]</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var redisAt = args.SkipWhile(a => a != "--redis").Skip(1).FirstOrDefault();
        var numbers = args.Where((a, i) => a != "--redis" && (i == 0 || args[i - 1] != "--redis")).ToArray();
        var participants = int.TryParse(numbers.ElementAtOrDefault(0), out var p) ? p : 100_000;
        var updates = int.TryParse(numbers.ElementAtOrDefault(1), out var u) ? u : 2_000_000;

        Process? server = null;
        string? serverDir = null;
        if (redisAt is null)
        {
            var executable = FindOnPath("redis-server");
            if (executable is null)
            {
                Console.Error.WriteLine("redis-server is not installed. Install it with: sudo apt-get install -y redis-server " +
                                        "(or point the benchmark at a running Redis with --redis host:port).");
                return 2;
            }
            (server, serverDir, redisAt) = StartRedis(executable);
        }

        try
        {
            var workload = Workload.Create(participants, updates, seed: 2026);
            Console.WriteLine($"Ranking: {participants:N0} participants, {updates:N0} score updates, " +
                              $"{Environment.ProcessorCount} cores, Redis at {redisAt}{(server is null ? "" : " (started here)")}");
            var loadBefore = LoadAverage();
            var engine = RunEngine(workload);
            var redis = await RunRedisAsync(workload, redisAt, server);
            Print(engine, redis);
            // Both sides are single runs on a shared machine: a busy machine shows here, not in the table.
            Console.WriteLine($"  Load average (1 min) before / after: {loadBefore} / {LoadAverage()}");
            return 0;
        }
        finally
        {
            if (server is not null)
            {
                if (!server.HasExited)
                    server.Kill();
                server.WaitForExit();
                server.Dispose();
                Directory.Delete(serverDir!, recursive: true);
            }
        }
    }

    private sealed record Figures(
        double UpdatesPerSecond, double RankP50, double RankP99, double RankMax, double RanksPerSecond,
        double TopP99, double? AroundP99, double? CpuMicrosPerUpdate, string? Note = null);

    /// <summary>Members 1..N, their starting scores, and the updates as (member, new score) with increasing times.</summary>
    private sealed record Workload(long[] StartScores, long[] UpdateMembers, long[] UpdateScores, long[] RankMembers)
    {
        public int Participants => StartScores.Length;

        public static Workload Create(int participants, int updates, int seed)
        {
            var random = new Random(seed);
            var scores = new long[participants];
            for (var i = 0; i < participants; i++)
                scores[i] = random.Next(0, 1_000_000);
            var start = (long[])scores.Clone();
            var members = new long[updates];
            var newScores = new long[updates];
            for (var i = 0; i < updates; i++)
            {
                var m = random.Next(participants);
                scores[m] += random.Next(-500, 1_000);
                members[i] = m + 1;
                newScores[i] = scores[m];
            }
            var rankMembers = new long[RankQueries];
            for (var i = 0; i < rankMembers.Length; i++)
                rankMembers[i] = random.Next(participants) + 1;
            return new Workload(start, members, newScores, rankMembers);
        }
    }

    private static Figures RunEngine(Workload w)
    {
        // Warm-up on a throwaway board, so the timed run measures tiered, optimised code.
        var warm = new Leaderboard();
        Fill(warm, w);
        Update(warm, w, Math.Min(w.UpdateMembers.Length, 300_000));
        for (var i = 0; i < w.RankMembers.Length; i++)
            warm.RankOf(w.RankMembers[i]);

        var board = new Leaderboard();
        Fill(board, w);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = CpuTime(Process.GetCurrentProcess());
        var started = Stopwatch.GetTimestamp();
        Update(board, w, w.UpdateMembers.Length);
        var elapsed = Stopwatch.GetElapsedTime(started);
        cpu = CpuTime(Process.GetCurrentProcess()) - cpu;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var updatesPerSecond = w.UpdateMembers.Length / elapsed.TotalSeconds;

        var rankTimes = new double[w.RankMembers.Length];
        var sink = 0L;
        for (var i = 0; i < rankTimes.Length; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            sink += board.RankOf(w.RankMembers[i]);
            rankTimes[i] = Micros(Stopwatch.GetTimestamp() - t0);
        }
        started = Stopwatch.GetTimestamp();
        for (var i = 0; i < w.RankMembers.Length; i++)
            sink += board.RankOf(w.RankMembers[i]);
        var ranksPerSecond = w.RankMembers.Length / Stopwatch.GetElapsedTime(started).TotalSeconds;

        var topTimes = new double[w.RankMembers.Length / 2];
        var aroundTimes = new double[w.RankMembers.Length / 2];
        for (var i = 0; i < topTimes.Length; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            sink += board.Top(10).Count;
            var t1 = Stopwatch.GetTimestamp();
            sink += board.Around(w.RankMembers[i], 5, 5).Count;
            var t2 = Stopwatch.GetTimestamp();
            topTimes[i] = Micros(t1 - t0);
            aroundTimes[i] = Micros(t2 - t1);
        }
        GC.KeepAlive(sink);

        Array.Sort(rankTimes);
        Array.Sort(topTimes);
        Array.Sort(aroundTimes);
        return new Figures(updatesPerSecond, Percentile(rankTimes, 0.50), Percentile(rankTimes, 0.99), rankTimes[^1],
            ranksPerSecond, Percentile(topTimes, 0.99), Percentile(aroundTimes, 0.99), cpu.TotalMicroseconds / w.UpdateMembers.Length,
            $"{allocated / (double)w.UpdateMembers.Length:F2} bytes allocated per update");
    }

    private static void Fill(Leaderboard board, Workload w)
    {
        for (var i = 0; i < w.Participants; i++)
            board.Set(i + 1, w.StartScores[i], 0);
    }

    private static void Update(Leaderboard board, Workload w, int count)
    {
        for (var i = 0; i < count; i++)
            board.Set(w.UpdateMembers[i], w.UpdateScores[i], i + 1);
    }

    private static async Task<Figures> RunRedisAsync(Workload w, string endpoint, Process? server)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"{endpoint},abortConnect=false,connectTimeout=5000");
        var db = connection.GetDatabase();
        RedisKey key = $"loyalty-bench:ranking:{Guid.NewGuid():N}";
        try
        {
            var entries = new SortedSetEntry[PipelineBatch];
            var pending = new List<Task>();
            for (var from = 0; from < w.Participants; from += PipelineBatch)
            {
                var n = Math.Min(PipelineBatch, w.Participants - from);
                var batch = new SortedSetEntry[n];
                for (var i = 0; i < n; i++)
                    batch[i] = new SortedSetEntry(from + i + 1, w.StartScores[from + i]);
                pending.Add(db.SortedSetAddAsync(key, batch));
            }
            await Task.WhenAll(pending);

            // Warm-up: connection, buffers and the JIT on the client side.
            await Pipelined(db, key, w, Math.Min(w.UpdateMembers.Length, 100_000), rank: false);

            var client = Process.GetCurrentProcess();
            var cpu = CpuTime(client) + CpuTime(server);
            var started = Stopwatch.GetTimestamp();
            await Pipelined(db, key, w, w.UpdateMembers.Length, rank: false);
            var updatesPerSecond = w.UpdateMembers.Length / Stopwatch.GetElapsedTime(started).TotalSeconds;
            cpu = CpuTime(client) + CpuTime(server) - cpu;

            var rankTimes = new double[RedisRoundTrips];
            for (var i = 0; i < rankTimes.Length; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                await db.SortedSetRankAsync(key, w.RankMembers[i], Order.Descending);
                rankTimes[i] = Micros(Stopwatch.GetTimestamp() - t0);
            }
            started = Stopwatch.GetTimestamp();
            await Pipelined(db, key, w, w.RankMembers.Length, rank: true);
            var ranksPerSecond = w.RankMembers.Length / Stopwatch.GetElapsedTime(started).TotalSeconds;

            var topTimes = new double[RedisRoundTrips / 4];
            for (var i = 0; i < topTimes.Length; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                await db.SortedSetRangeByRankWithScoresAsync(key, 0, 9, Order.Descending);
                topTimes[i] = Micros(Stopwatch.GetTimestamp() - t0);
            }

            Array.Sort(rankTimes);
            Array.Sort(topTimes);
            return new Figures(updatesPerSecond, Percentile(rankTimes, 0.50), Percentile(rankTimes, 0.99), rankTimes[^1],
                ranksPerSecond, Percentile(topTimes, 0.99), null, server is null ? null : cpu.TotalMicroseconds / w.UpdateMembers.Length,
                $"pipelined in batches of {PipelineBatch:N0} async commands; latencies are loopback round trips");
        }
        finally
        {
            await db.KeyDeleteAsync(key);
        }
    }

    /// <summary>Fires batches of async commands on the one connection and awaits each batch: Redis pipelining.</summary>
    private static async Task Pipelined(IDatabase db, RedisKey key, Workload w, int count, bool rank)
    {
        var batch = new Task[PipelineBatch];
        for (var from = 0; from < count; from += PipelineBatch)
        {
            var n = Math.Min(PipelineBatch, count - from);
            for (var i = 0; i < n; i++)
            {
                var at = from + i;
                batch[i] = rank
                    ? db.SortedSetRankAsync(key, w.RankMembers[at], Order.Descending)
                    : db.SortedSetAddAsync(key, w.UpdateMembers[at], w.UpdateScores[at]);
            }
            await Task.WhenAll(n == PipelineBatch ? batch : batch[..n]);
        }
    }

    private static void Print(Figures engine, Figures redis)
    {
        Console.WriteLine();
        Console.WriteLine($"  {"",-28} {"Leaderboard",14} {"Redis",14}");
        Row("updates/s (Set vs ZADD)", $"{engine.UpdatesPerSecond:N0}", $"{redis.UpdatesPerSecond:N0}");
        Row("CPU µs per update", $"{engine.CpuMicrosPerUpdate:F2}",
            redis.CpuMicrosPerUpdate is { } c ? $"{c:F2}" : "n/a");
        Row("rank p50 µs (RankOf/ZREVRANK)", $"{engine.RankP50:F2}", $"{redis.RankP50:F1}");
        Row("rank p99 µs", $"{engine.RankP99:F2}", $"{redis.RankP99:F1}");
        Row("rank max µs", $"{engine.RankMax:F1}", $"{redis.RankMax:F1}");
        Row("ranks/s (loop vs pipelined)", $"{engine.RanksPerSecond:N0}", $"{redis.RanksPerSecond:N0}");
        Row("top 10 p99 µs", $"{engine.TopP99:F2}", $"{redis.TopP99:F1}");
        Row("around ±5 p99 µs", $"{engine.AroundP99:F2}", "—");
        Console.WriteLine();
        Console.WriteLine($"  Leaderboard: single-threaded, {engine.Note}.");
        Console.WriteLine($"  Redis: {redis.Note}; its CPU per update counts this client and the server.");
        var ratio = engine.UpdatesPerSecond / redis.UpdatesPerSecond;
        Console.WriteLine($"  Updates: leaderboard / Redis = {ratio:F1}x (target >= 5x: {(ratio >= 5 ? "met" : "MISSED")})");
        Console.WriteLine($"  RankOf p99 = {engine.RankP99:F2} µs (target <= 10 µs: {(engine.RankP99 <= 10 ? "met" : "MISSED")})");
        Console.WriteLine($"  Machine: {Environment.ProcessorCount} cores; the Redis server shares them with this process.");

        static void Row(string what, string a, string b) => Console.WriteLine($"  {what,-28} {a,14} {b,14}");
    }

    private static (Process Server, string Directory, string Endpoint) StartRedis(string executable)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var dir = Directory.CreateTempSubdirectory("loyalty-bench-redis-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir })
            start.ArgumentList.Add(arg);
        var server = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"redis-server: {e.Data}"); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();

        // Ready when it accepts a connection.
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return (server, dir, $"127.0.0.1:{port}");
            }
            catch (SocketException) when (Stopwatch.GetTimestamp() < deadline && !server.HasExited)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(d => Path.Combine(d, name))
        .FirstOrDefault(File.Exists);

    private static TimeSpan CpuTime(Process? process)
    {
        if (process is null)
            return TimeSpan.Zero;
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static double Micros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

    private static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
}
