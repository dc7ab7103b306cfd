// Side-by-side comparison of server builds (not part of make bench): starts the OpenAI stub and one server per jar
// (the same set-up, flags and warm-up as scripts/Bench.java, whose helpers it uses), then sends the same load to each
// in alternating rounds (the order flips every round: ABC, CBA, ...) so that the shared machine's slow moments fall on
// all alike. Per round and server: server CPU per run (REST and GraphQL at concurrency 64, /proc utime+stime less the
// JIT threads), runs/s at 64, added p50 over the stub at concurrency 1; then medians [min..max] over the rounds and the
// resident memory (VmRSS) after each round; then the server CPU of the whole measured phase by thread name (GC, Redis client, span writer...).
//   java scripts/BenchCompare.java <java> <stub.mjs> <rounds> name=path/to/draftnrun.jar name2=... 
// A jar needs its lib/ beside it (copy bootstrap/target/draftnrun.jar and bootstrap/target/lib of each build).
// BENCH_COMPARE_WARM (rounds of the Bench warm-up, 4 = 22,000 runs), BENCH_COMPARE_N64 (4000), BENCH_COMPARE_N1 (400),
// BENCH_COMPARE_REWARM (500: unmeasured REST and GraphQL runs at 64 just before each server's measured phase);
// BENCH_COMPARE_JFR=<dir> records each server's measured phase with JFR (BENCH_COMPARE_JFC: settings, default profile).
import java.nio.file.*;
import java.util.*;

public class BenchCompare {
    record Srv(String name, Process p, Path dir, String base, String key, String project, String token) {}

    public static void main(String[] args) throws Exception {
        String java = args[0];
        Path stubScript = Path.of(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Path work = Files.createTempDirectory("draftnrun-compare");
        Bench.WORK = work;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { all.forEach(s -> s.p.destroy()); if (Bench.stub != null) Bench.stub.destroy(); }));
        int stubPort = Bench.freePort();
        Bench.stub = Bench.startStub(stubScript.toAbsolutePath(), stubPort, 0);
        for (int i = 3; i < args.length; i++) {
            String[] nj = args[i].split("=", 2);
            int port = Bench.freePort();
            Path dir = work.resolve(nj[0]);
            Process p = Bench.startServer(java, Path.of(nj[1]).toAbsolutePath(), dir, port, stubPort, true);
            String base = "http://127.0.0.1:" + port;
            Bench.setUp(base);
            all.add(new Srv(nj[0], p, dir, base, Bench.KEY, Bench.SINGLE, Bench.TOKEN));
            System.out.printf("%s: pid %d %s%n", nj[0], p.pid(), base);
        }
        String stubUrl = "http://127.0.0.1:" + stubPort + "/v1/chat/completions";
        Bench.Load direct = () -> Bench.post(stubUrl, Map.of("Content-Type", "application/json"),
                "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}", "[DONE]");
        int warm = Integer.parseInt(System.getenv().getOrDefault("BENCH_COMPARE_WARM", "4"));
        System.out.println("warming up...");
        for (int i = 0; i < warm; i++) {
            for (Srv s : all) {
                for (int[] step : new int[][] {{1, 250}, {16, 1000}, {64, 1500}}) {
                    Bench.run(rest(s), step[0], step[1]);
                    Bench.run(graphql(s), step[0], step[1]);
                }
            }
        }
        if (System.getenv("BENCH_COMPARE_JFR") != null) {
            for (Srv s : all) {
                new ProcessBuilder(Path.of(java).getParent().resolve("jcmd").toString(), String.valueOf(s.p.pid()), "JFR.start",
                        "settings=" + System.getenv().getOrDefault("BENCH_COMPARE_JFC", "profile"), "name=ab", "filename=" + s.dir.resolve("rec.jfr")).inheritIO().start().waitFor();
            }
        }
        Map<String, List<double[]>> res = new LinkedHashMap<>();
        Map<String, Map<String, Long>> threadsBefore = new HashMap<>();
        for (Srv s : all) { res.put(s.name, new ArrayList<>()); threadsBefore.put(s.name, threads(s.p.pid())); }
        Map<String, long[]> totals = new HashMap<>();
        for (Srv s : all) totals.put(s.name, new long[] {Bench.cpuTicks(s.p.pid()), Bench.postgresTicks(s.dir), Bench.jitTicks(s.p.pid()), 0});
        int n64 = Integer.parseInt(System.getenv().getOrDefault("BENCH_COMPARE_N64", "4000"));
        int n1 = Integer.parseInt(System.getenv().getOrDefault("BENCH_COMPARE_N1", "400"));
        int rewarm = Integer.parseInt(System.getenv().getOrDefault("BENCH_COMPARE_REWARM", "500"));
        for (int r = 0; r < rounds; r++) {
            List<Srv> order = new ArrayList<>(all);
            if (r % 2 == 1) Collections.reverse(order);
            for (Srv s : order) {
                // unmeasured re-warm: in the alternating order the server measured second in a round has idled through
                // two measured phases (its heap shrunk by the periodic GC, its model connections timed out), the
                // first only through none; both start their measured phase from the same state this way
                Bench.run(rest(s), 64, rewarm);
                Bench.run(graphql(s), 64, rewarm);
                long c0 = Bench.cpuTicks(s.p.pid()), j0 = Bench.jitTicks(s.p.pid()), pg0 = Bench.postgresTicks(s.dir);
                Bench.Result a = Bench.run(rest(s), 64, n64);
                long c1 = Bench.cpuTicks(s.p.pid()), j1 = Bench.jitTicks(s.p.pid()), pg1 = Bench.postgresTicks(s.dir);
                Bench.Result g = Bench.run(graphql(s), 64, n64);
                long c2 = Bench.cpuTicks(s.p.pid()), j2 = Bench.jitTicks(s.p.pid());
                Bench.Result d1 = Bench.run(direct, 1, n1);
                Bench.Result r1 = Bench.run(rest(s), 1, n1);
                Bench.Result g1 = Bench.run(graphql(s), 1, n1);
                double[] row = {
                    (c1 - c0 - (j1 - j0)) * 10.0 / n64, // REST server CPU ms/run excl JIT
                    (c2 - c1 - (j2 - j1)) * 10.0 / n64, // GraphQL
                    n64 / a.seconds(), n64 / g.seconds(),
                    r1.p50() - d1.p50(), g1.p50() - d1.p50(),
                    (pg1 - pg0) * 10.0 / n64,
                    (j2 - j0) * 10.0 / (2 * n64),
                    Bench.rssKb(s.p.pid()) / 1024.0 // resident memory after the round's load
                };
                res.get(s.name).add(row);
                System.out.printf("round %d %-6s restCPU %.3f gqlCPU %.3f  rest/s %.0f gql/s %.0f  +p50 rest %.3f gql %.3f  pg %.3f jit %.3f  rss %.0f MB%n",
                        r, s.name, row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8]);
            }
        }
        String[] names = {"REST server CPU ms/run (c64, excl. JIT)", "GraphQL server CPU ms/run (c64, excl. JIT)",
            "REST runs/s c64", "GraphQL runs/s c64", "REST added p50 ms c1", "GraphQL added p50 ms c1", "PostgreSQL CPU ms/run (REST c64)", "JIT ms/run",
            "resident memory MB after the round"};
        System.out.println("\nmedian [min..max] over " + rounds + " rounds");
        for (int m = 0; m < names.length; m++) {
            System.out.printf("%-44s", names[m]);
            for (Srv s : all) {
                final int mm = m;
                double[] v = res.get(s.name).stream().mapToDouble(x -> x[mm]).sorted().toArray();
                System.out.printf("  %s %.3f [%.3f..%.3f]", s.name, v[v.length / 2], v[0], v[v.length - 1]);
            }
            System.out.println();
        }
        System.out.println("\nCPU ticks by thread (whole measured phase), top deltas:");
        for (Srv s : all) {
            Map<String, Long> after = threads(s.p.pid());
            Map<String, Long> before = threadsBefore.get(s.name);
            System.out.println("  " + s.name + ":");
            after.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 0).sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(25)
                    .forEach(e -> System.out.printf("    %-30s %6d%n", e.getKey(), e.getValue()));
        }
        if (System.getenv("BENCH_COMPARE_JFR") != null) {
            for (Srv s : all) {
                Path out = Path.of(System.getenv("BENCH_COMPARE_JFR")).resolve(s.name + ".jfr");
                new ProcessBuilder(Path.of(java).getParent().resolve("jcmd").toString(), String.valueOf(s.p.pid()), "JFR.stop",
                        "name=ab", "filename=" + out).inheritIO().start().waitFor();
            }
        }
        all.forEach(s -> s.p.destroy());
        Bench.stub.destroy();
        for (Srv s : all) s.p.waitFor();
        if (!"true".equals(System.getenv("BENCH_KEEP"))) Bench.deleteTree(work);
        System.exit(0);
    }

    static final List<Srv> all = new ArrayList<>();

    static Bench.Load rest(Srv s) {
        return () -> Bench.post(s.base + "/projects/" + s.project + "/draft/run",
                Map.of("Content-Type", "application/json", "X-API-Key", s.key),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}]}", "\"pong\"");
    }

    static Bench.Load graphql(Srv s) {
        return () -> Bench.post(s.base + "/graphql",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + s.token),
                "{\"query\":\"mutation($p: ID!) { runProject(projectId: $p, environment: DRAFT, input: "
                        + "{messages: [{role: \\\"user\\\", content: \\\"ping\\\"}]}) { status message } }\","
                        + "\"variables\":{\"p\":\"" + s.project + "\"}}", "\"pong\"");
    }

    /** CPU ticks by thread name (digits folded) */
    static Map<String, Long> threads(long pid) throws Exception {
        Map<String, Long> m = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String name = Files.readString(t.resolve("comm")).strip().replaceAll("[0-9]+", "#");
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    m.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (Exception e) { }
            }
        }
        return m;
    }
}
