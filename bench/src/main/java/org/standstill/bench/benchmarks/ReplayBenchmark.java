package org.standstill.bench.benchmarks;

import org.standstill.bench.Api;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replay, on the large day ({@link LargeDay}): two rates against one baseline measured in the same run on the same
 * PostgreSQL, every event of the store read with JDBC and deserialised into the api's event classes.
 * <ul>
 *   <li>the live projection catching up a backlog: query-service started behind the whole day, its tracking
 *   processor projecting it (measured while the day was made);</li>
 *   <li>a full rebuild: {@code POST /api/projections/rebuild}, polled ({@code GET /api/projections/rebuild/{jobId}})
 *   until DONE, events rebuilt over the wall time, digests compared by the service.</li>
 * </ul>
 */
final class ReplayBenchmark {

    private ReplayBenchmark() {
    }

    static Result run(Rig rig, LargeDay day) throws Exception {
        Result result = new Result("replay", "Replay: live catch-up and full rebuild vs JDBC read + deserialise");
        System.out.println("Rebuilding every projection (POST /api/projections/rebuild)...");
        Statements statements = Statements.reset(rig.platform);
        Sampler sampler = rig.sampler();
        Metrics metricsBefore = Metrics.scrape(rig.platform.queryUrl());
        long started = System.nanoTime();
        Api.Answer accepted = LargeDay.expect(rig.query.post("/api/projections/rebuild", rig.platform.adminToken(), ""), 202);
        String job = accepted.body().path("jobId").asString();
        JsonNode status;
        long lastPrint = 0;
        while (true) {
            status = rig.query.get("/api/projections/rebuild/" + job, rig.platform.adminToken()).body();
            String state = status.path("state").asString();
            if (!state.equals("RUNNING")) {
                break;
            }
            if (System.nanoTime() - lastPrint > 30e9) {
                lastPrint = System.nanoTime();
                System.out.printf("  rebuild: %,d of %,d events, %.0f/s%n", status.path("processed").asLong(),
                        status.path("total").asLong(), status.path("eventsPerSecond").asDouble());
            }
            Thread.sleep(1000);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> cpu = sampler.cpuCores();
        Map<String, Object> memory = sampler.memory();
        sampler.close();
        Map<String, Object> breakdown = Metrics.scrape(rig.platform.queryUrl()).projectionBreakdown(metricsBefore,
                "rebuild");
        if (!status.path("state").asString().equals("DONE")) {
            throw new IllegalStateException("the rebuild failed: " + status);
        }
        long processed = status.path("processed").asLong();
        double rate = processed / seconds;
        double base = day.baselineRate;
        Map<String, Object> c = day.catchUp;

        result.row("live projection catching up the backlog, events/s", Result.f0(day.catchUpRate),
                Result.f0(base) + " read+deserialise/s", Result.ratio(day.catchUpRate / base));
        result.row("  backlog events; caught up s after the process start", String.format("%,d; %s",
                (long) c.get("backlogEvents"), Result.f1((double) c.get("processStartToCaughtUpSeconds"))), "", "");
        result.row("  measured window: events / s (first answer -> caught up)", String.format("%,d / %s",
                (long) c.get("windowEvents"), Result.f1((double) c.get("windowSeconds"))), "", "");
        result.row("full rebuild events/s (POST .. GET until DONE)", Result.f0(rate), Result.f0(base) + " read+deserialise/s",
                Result.ratio(rate / base));
        result.row("  rebuild wall time s", Result.f1(seconds), Result.f1(day.eventsInStore / base), "");
        result.row("  events rebuilt / in the store", String.format("%,d / %,d", processed, day.eventsInStore), "", "");
        result.row("  digests equal (rebuilt = live)", status.path("digestsEqual").asString(), "", "");
        result.row("JDBC COPY of the day, events/s", Result.f0((double) day.made.get("insertEventsPerSecond")), "", "");
        memory.forEach((service, m) -> {
            @SuppressWarnings("unchecked") Map<String, Object> mm = (Map<String, Object>) m;
            result.row(service + " peak heap / limit / VmHWM MB (rebuild)", mm.get("peakHeapMB") + " / "
                    + mm.get("maxHeapMB") + " / " + mm.get("vmHwmMB"), "", "");
        });
        @SuppressWarnings("unchecked") Map<String, Object> cm = (Map<String, Object>) ((Map<String, Object>) c.get("memory"))
                .get("query-service");
        result.row("query-service peak heap / limit / peak RSS MB (catch-up)", cm.get("peakHeapMB") + " / "
                + cm.get("maxHeapMB") + " / " + cm.get("peakRssMB"), "", "");
        result.note("catch-up: query-service was stopped while the day was written (JDBC COPY) and the baseline read, then "
                + "started again behind " + String.format("%,d", (long) c.get("backlogEvents")) + " events; figure by the "
                + c.get("basis") + "; the service started in " + c.get("serviceStartSeconds") + " s");
        result.note("CPU cores during the catch-up: " + Sampler.line(castMap(c.get("cpuCores"))));
        result.note("CPU cores during the rebuild: " + Sampler.line(cpu));
        result.note("where the rebuild's time went (the service's timers, s): " + breakdown);
        result.note("where the catch-up's time went (the service's timers, s): " + c.get("serviceSeconds"));
        result.note("baseline: " + day.baseline.get("method") + "; measured once per run, before the catch-up");
        result.note(String.format("the day: %,d events written with JDBC COPY in the command service's format (%s), "
                        + "and %,d other events in the store (the day's planning and the template reports over HTTP)",
                day.events, day.made.get("formatChecks"), day.eventsInStore - day.events));
        result.note("service-reported rebuild rate at the end: " + status.path("eventsPerSecond").asDouble() + " events/s");

        Map<String, Object> rebuild = new LinkedHashMap<>();
        rebuild.put("jobId", job);
        rebuild.put("seconds", Stats.round(seconds));
        rebuild.put("processed", processed);
        rebuild.put("eventsPerSecond", Stats.round(rate));
        rebuild.put("ratio", Stats.round3(rate / base));
        rebuild.put("digestsEqual", status.path("digestsEqual").asBoolean());
        rebuild.put("serviceEventsPerSecond", status.path("eventsPerSecond").asDouble());
        rebuild.put("cpuCores", cpu);
        rebuild.put("serviceSeconds", breakdown);
        rebuild.put("postgresStatements", statements.top(IngestBenchmark.TOP_STATEMENTS));
        rebuild.put("memory", memory);
        result.put("rebuild", rebuild);
        result.put("ratio", Stats.round3(rate / base));
        result.put("cpuCores", cpu);
        result.put("memory", memory);
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
