package org.standstill.bench.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingest: sustained accepted reports a second through HTTP (closed loop, {@code clients} concurrent reporters' phones,
 * each report new) with the query side running and projecting, p50/p99 HTTP latency; against raw single-row INSERT
 * transactions a second into the same PostgreSQL with as many clients. A Flight Recorder profile of the command service
 * during the measured window says where its time goes.
 */
final class IngestBenchmark {

    /** Reports a batch holds in the batched phase. */
    static final int BATCH = 100;
    /** Statements listed per phase, those that took PostgreSQL the most time first. */
    static final int TOP_STATEMENTS = 8;

    private IngestBenchmark() {
    }

    /** The command service's CPU time per accepted report, from its cores used over the window. */
    static double cpuMsPerReport(Map<String, Object> cpu, double seconds, long accepted) {
        Object cores = cpu.get("command-service");
        return accepted == 0 || !(cores instanceof Number n) ? Double.NaN : n.doubleValue() * seconds * 1000 / accepted;
    }

    static Result run(Options o, Path results, Benchmarks.Shared shared) throws Exception {
        Result result = new Result("ingest", "Ingest: accepted reports/s over HTTP vs raw INSERT transactions/s");
        try (Rig rig = Rig.start(System.out, o)) {
            String day = rig.liveDay("ingest");
            List<String> tokens = rig.reporters(day, o.reporters());
            Load load = new Load(rig.platform.commandUrl(), day, tokens, o.seed() * 31 + day.hashCode());
            System.out.printf("Warming up for %d s with %d clients...%n", o.warmUp().toSeconds(), o.clients());
            load.closedLoop(o.clients(), Duration.ZERO, o.warmUp());
            load.reset();
            Profile profile = o.profile() ? Profile.start(rig.platform.commandPid(),
                    org.standstill.bench.Platform.home().resolve("bench").resolve("target")
                    .resolve("ingest-command-service.jfr")) : null;
            Statements statements = Statements.reset(rig.platform);
            Sampler sampler = rig.sampler();
            Metrics before = Metrics.scrape(rig.platform.commandUrl());
            Map<String, Long> threadsBefore = Sampler.threadTicks(rig.platform.commandPid());
            System.out.printf("Measuring for %d s...%n", o.measure().toSeconds());
            double seconds = load.closedLoop(o.clients(), Duration.ZERO, o.measure());
            Map<String, Object> breakdown = Metrics.scrape(rig.platform.commandUrl()).reportBreakdown(before);
            Map<String, Object> cpu = sampler.cpuCores();
            Map<String, String> threads = Sampler.threadShares(threadsBefore,
                    Sampler.threadTicks(rig.platform.commandPid()));
            Map<String, Integer> compileQueues = Profile.compileQueues(rig.platform.commandPid());
            Map<String, Object> memory = sampler.memory();
            sampler.close();
            List<Map<String, Object>> singleStatements = statements.top(TOP_STATEMENTS);
            Map<String, Object> profiled = null;
            if (profile != null) {
                profiled = Profile.summarise(profile.stop());
            }
            long accepted = load.accepted.size();
            double rate = accepted / seconds;
            Stats latency = Stats.of(load.latencyMillis());
            long lastPosition = load.accepted.stream().mapToLong(Load.Accepted::position).max().orElse(0);
            Duration catchUp = rig.awaitProjected(day, lastPosition, Duration.ofMinutes(5));
            shared.capacity = rate;

            System.out.printf("Baseline: single-row INSERT transactions, %d clients, %d s...%n", o.clients(), o.measure().toSeconds());
            Sampler baselineSampler = rig.sampler();
            InsertBaseline.Outcome baseline = InsertBaseline.run(rig.platform.jdbcUrl(), rig.platform.databaseUsername(),
                    rig.platform.databasePassword(), o.clients(), o.measure());
            Map<String, Object> baselineCpu = baselineSampler.cpuCores();
            baselineSampler.close();

            result.row("accepted reports/s (HTTP, " + o.clients() + " clients)", Result.f0(rate),
                    Result.f0(baseline.transactionsPerSecond()) + " INSERT tx/s",
                    Result.ratio(rate / baseline.transactionsPerSecond()));
            result.row("latency p50 ms", Stats.ms(latency.p50()), Stats.ms(baseline.latency().p50()),
                    Result.ratio(latency.p50() / baseline.latency().p50()));
            result.row("latency p99 ms", Stats.ms(latency.p99()), Stats.ms(baseline.latency().p99()),
                    Result.ratio(latency.p99() / baseline.latency().p99()));
            result.row("latency max ms", Stats.ms(latency.max()), Stats.ms(baseline.latency().max()), "");
            result.row("  in command-service (server timer) mean ms", String.valueOf(breakdown.get("serverMeanMsPerReport")),
                    "", "");
            result.row("  of which DB connection held, ms/report", String.valueOf(breakdown.get("connectionHeldMsPerReport")),
                    "", "");
            result.row("  waiting for a pooled connection mean ms", String.valueOf(breakdown.get("connectionAcquireMeanMs")),
                    "", "");
            result.row("client mean ms (for the breakdown)", Stats.ms(latency.mean()), Stats.ms(baseline.latency().mean()), "");
            result.row("command-service CPU ms per report (/proc)", Result.f2(cpuMsPerReport(cpu, seconds, accepted)), "", "");

            // Batches: a phone flushing its outbox, an import. A new day, so the batches' subjects are their own.
            String batchDay = rig.liveDay("ingest-batches");
            Load batches = new Load(rig.platform.commandUrl(), batchDay, rig.reporters(batchDay, o.reporters()),
                    o.seed() * 37 + batchDay.hashCode());
            int batchClients = Math.max(1, o.clients() / 2);
            System.out.printf("Batches of %d reports, %d clients: warming up %d s, measuring %d s...%n", BATCH,
                    batchClients, o.warmUp().toSeconds(), o.measure().toSeconds());
            batches.closedLoop(batchClients, BATCH, o.warmUp(), Duration.ZERO);
            batches.reset();
            Statements batchStatements = Statements.reset(rig.platform);
            Sampler batchSampler = rig.sampler();
            double batchSeconds = batches.closedLoop(batchClients, BATCH, Duration.ZERO, o.measure());
            Map<String, Object> batchCpu = batchSampler.cpuCores();
            batchSampler.close();
            List<Map<String, Object>> batchTop = batchStatements.top(TOP_STATEMENTS);
            long batchAccepted = batches.accepted.size();
            double batchRate = batchAccepted / batchSeconds;
            Stats batchLatency = Stats.of(batches.latencyMillis());
            result.row("accepted reports/s in batches of " + BATCH + " (" + batchClients + " clients)",
                    Result.f0(batchRate), Result.f0(baseline.transactionsPerSecond()) + " INSERT tx/s",
                    Result.ratio(batchRate / baseline.transactionsPerSecond()));
            result.row("  batch latency p50 / p99 ms", Stats.ms(batchLatency.p50()) + " / " + Stats.ms(batchLatency.p99()),
                    "", "");
            result.row("  command-service CPU ms per report (/proc)",
                    Result.f2(cpuMsPerReport(batchCpu, batchSeconds, batchAccepted)), "", "");
            result.note("CPU cores used by batches: " + Sampler.line(batchCpu));
            result.note("batch answers: " + batches.statuses + ", failures " + batches.failures.get());
            result.row("query side caught up after the last answer", catchUp == null ? "> 5 min"
                    : Result.f1(catchUp.toMillis() / 1000.0) + " s", "", "");
            memory.forEach((service, m) -> {
                @SuppressWarnings("unchecked") Map<String, Object> mm = (Map<String, Object>) m;
                result.row(service + " peak heap / VmHWM MB", mm.get("peakHeapMB") + " / " + mm.get("vmHwmMB"), "", "");
            });
            result.note("CPU cores used while measuring: " + Sampler.line(cpu));
            result.note("CPU cores used by the baseline: " + Sampler.line(baselineCpu));
            result.note("baseline: " + baseline.tool() + ", one INSERT of an event-sized row per transaction, same database");
            result.note("command-service CPU by thread (/proc): " + threads);
            result.note("command-service JIT: methods waiting to be compiled at the end of the window " + compileQueues
                    + "; JVM options " + rig.platform.jvmOptions().get("command-service"));
            result.note("answers: " + load.statuses + ", failures " + load.failures.get());

            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("clients", o.clients());
            settings.put("reporters", tokens.size());
            settings.put("warmUpSeconds", o.warmUp().toSeconds());
            settings.put("measuredSeconds", Stats.round(seconds));
            settings.put("database", "embedded PostgreSQL 17, fsync on, synchronous_commit on");
            result.put("settings", settings);
            result.put("acceptedPerSecond", Stats.round(rate));
            result.put("commandCpuMsPerReport", Stats.round(cpuMsPerReport(cpu, seconds, accepted)));
            Map<String, Object> batched = new LinkedHashMap<>();
            batched.put("batchSize", BATCH);
            batched.put("clients", batchClients);
            batched.put("acceptedPerSecond", Stats.round(batchRate));
            batched.put("ratio", Math.round(batchRate / baseline.transactionsPerSecond() * 1000) / 1000.0);
            batched.put("batchLatencyMs", batchLatency.toMap());
            batched.put("commandCpuMsPerReport", Stats.round(cpuMsPerReport(batchCpu, batchSeconds, batchAccepted)));
            batched.put("answers", batches.statuses.toString());
            batched.put("cpuCores", batchCpu);
            batched.put("postgresStatements", batchTop);
            result.put("batches", batched);
            result.put("accepted", accepted);
            result.put("httpLatencyMs", latency.toMap());
            result.put("answers", load.statuses.toString());
            result.put("commandServiceTimings", breakdown);
            result.put("querySideCatchUpSeconds", catchUp == null ? null : catchUp.toMillis() / 1000.0);
            Map<String, Object> base = new LinkedHashMap<>();
            base.put("tool", baseline.tool());
            base.put("transactionsPerSecond", Stats.round(baseline.transactionsPerSecond()));
            base.put("latencyMs", baseline.latency().toMap());
            base.put("cpuCores", baselineCpu);
            result.put("baseline", base);
            result.put("ratio", Math.round(rate / baseline.transactionsPerSecond() * 1000) / 1000.0);
            result.put("cpuCores", cpu);
            result.put("commandCpuByThread", threads);
            result.put("postgresStatements", singleStatements);
            result.put("commandCompileQueues", compileQueues);
            result.put("memory", memory);
            rig.requireAlive();
            result.put("platform", rig.record());
            if (profiled != null) {
                result.put("commandServiceProfile", profiled);
                @SuppressWarnings("unchecked") Map<String, String> layers = (Map<String, String>) profiled.get("cpuByLayer");
                result.note("command-service CPU samples by layer (JFR): " + layers);
            }
        }
        return result;
    }
}
