namespace Loyalty.Bench;

// Not top-level statements: those would declare a Program class that hides the web app's Program.
internal static class BenchMain
{
    /// <summary>
    /// Usage: dotnet run -c Release --project Loyalty.Bench -- purchases [clients=32] [seconds=30]
    ///        dotnet run -c Release --project Loyalty.Bench -- ranking [participants=100000] [updates=2000000] [--redis host:port]
    ///        dotnet run -c Release --project Loyalty.Bench -- spectators [count=10000] [updatesPerSecond=1000] [seconds=20] [circuits=100]
    ///        dotnet run -c Release --project Loyalty.Bench -- import [members=100000]
    ///        dotnet run -c Release --project Loyalty.Bench -- soak [minutes=10] [members=20] [spectators=500] [tills=8]
    ///        dotnet run -c Release --project Loyalty.Bench -- generate [members=100000] [file=/tmp/loyalty-scale-{members}.db] [seed=2026]
    ///        dotnet run -c Release --project Loyalty.Bench -- rollup file [--compare]   (brings a generated file's analytics rollups up to date)
    ///        dotnet run -c Release --project Loyalty.Bench -- scale [file=/tmp/loyalty-scale-100000.db] [--only pages,search,jobs,wrk,circuits] [--analytics /admin/analytics]
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        switch (args.ElementAtOrDefault(0) ?? "purchases")
        {
            case "purchases":
                var clients = int.TryParse(args.ElementAtOrDefault(1), out var c) ? c : 32;
                var seconds = int.TryParse(args.ElementAtOrDefault(2), out var s) ? s : 30;
                await PurchaseThroughput.RunAsync(clients, TimeSpan.FromSeconds(seconds));
                return 0;
            case "purchases-direct":
                await PurchaseThroughput.RunAsync(int.TryParse(args.ElementAtOrDefault(1), out var dc) ? dc : 32,
                    TimeSpan.FromSeconds(int.TryParse(args.ElementAtOrDefault(2), out var ds) ? ds : 30), direct: true);
                return 0;
            case "ranking":
                return await RankingBenchmark.RunAsync(args[1..]);
            case "spectators":
                await SpectatorBenchmark.RunAsync(
                    int.TryParse(args.ElementAtOrDefault(1), out var n) ? n : 10_000,
                    int.TryParse(args.ElementAtOrDefault(2), out var rate) ? rate : 1_000,
                    TimeSpan.FromSeconds(int.TryParse(args.ElementAtOrDefault(3), out var ss) ? ss : 20),
                    int.TryParse(args.ElementAtOrDefault(4), out var circuits) ? circuits : 100);
                return 0;
            case "import":
                await ImportBenchmark.RunAsync(int.TryParse(args.ElementAtOrDefault(1), out var members) ? members : 100_000);
                return 0;
            case "soak":
                return await SoakBenchmark.RunAsync(
                    int.TryParse(args.ElementAtOrDefault(1), out var minutes) ? minutes : 10,
                    int.TryParse(args.ElementAtOrDefault(2), out var browsing) ? browsing : 20,
                    int.TryParse(args.ElementAtOrDefault(3), out var watching) ? watching : 500,
                    int.TryParse(args.ElementAtOrDefault(4), out var tills) ? tills : 8);
            case "generate":
                return await DataGenerator.RunAsync(args[1..]);
            case "rollup":
                Console.WriteLine($"rollup {args[1]}: " + (args.Contains("--compare")
                    ? await DataGenerator.CompareRollupsAsync(args[1]) : await DataGenerator.RollUpAsync(args[1])));
                return 0;
            case "scale":
                return await ScaleBenchmark.RunAsync(args[1..]);
            default:
                Console.Error.WriteLine($"Unknown benchmark '{args[0]}'. Available: purchases, purchases-direct, ranking, spectators, import, soak, generate, rollup, scale");
                return 2;
        }
    }
}
