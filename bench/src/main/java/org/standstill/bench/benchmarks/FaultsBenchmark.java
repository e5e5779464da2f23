package org.standstill.bench.benchmarks;

import org.standstill.bench.Faults;
import org.standstill.bench.Platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Faults: the fault sequence of {@code FaultsIT} (issue 14) on a platform of its own — kill -9 of each service, a
 * PostgreSQL crash and restart, each service's connections to PostgreSQL cut and refused for a few seconds, query-service
 * killed during a rebuild, and cut from PostgreSQL during one — under steady load from reporters that retry each report until it is acknowledged. Per
 * fault: how long from its injection until both services were UP again, and until a live tally push (a dashboard on
 * {@code /topic/days/{dayId}/tally} that reconnects) reflected a report accepted after it; how many answers were lost,
 * and whether every acknowledged report was still counted exactly once. Reported, not asserted: the test asserts.
 */
final class FaultsBenchmark {

    private FaultsBenchmark() {
    }

    static Result run(Options o) throws Exception {
        Result result = new Result("faults", "Faults: recovery under steady load (issue 14)");
        result.header("fault", "health UP s", "live push resumed s", "answers lost", "stored, answer lost",
                "acknowledged", "exactly once", "rebuild");
        Faults.Settings settings = new Faults.Settings(o.quick() ? 4 : 6, Duration.ofMillis(150), Duration.ofSeconds(3),
                Duration.ofSeconds(180), true, true, o.serviceJvmOptions(), Map.of());
        List<Map<String, Object>> outcomes = new ArrayList<>();
        try (Faults faults = Faults.start(Platform.home().resolve("bench").resolve("target").resolve("bench-logs")
                .resolve("faults"), settings, System.out)) {
            faults.steady(Duration.ofSeconds(o.quick() ? 5 : 10));
            for (String fault : Faults.SEQUENCE) {
                Faults.Outcome outcome = faults.inject(fault);
                outcomes.add(Faults.toMap(outcome));
                result.row(fault, seconds(outcome.healthy()), seconds(outcome.pushResumed()),
                        Integer.toString(outcome.answersLost()), Integer.toString(outcome.storedDespiteLostAnswer()),
                        Integer.toString(outcome.check().acknowledged()), outcome.check().exactlyOnce() ? "yes" : "NO",
                        outcome.rebuild() == null ? "" : outcome.rebuild().clean() ? "clean" : "NOT CLEAN");
                result.note(fault + ": " + outcome.note());
            }
            int sent = faults.stopSending();
            Faults.Check last = faults.checkExactlyOnce(settings.recovery());
            Faults.Rebuild rebuild = faults.rebuild(settings.recovery());
            result.row("(end: load stopped)", "", "", "", "", Integer.toString(last.acknowledged()),
                    last.exactlyOnce() ? "yes" : "NO", rebuild.clean() ? "clean" : "NOT CLEAN");
            Map<String, Object> end = new LinkedHashMap<>();
            end.put("sent", sent);
            end.put("check", last.toString());
            end.put("exactlyOnce", last.exactlyOnce());
            end.put("rebuild", rebuild.toString());
            end.put("anomalies", faults.anomalies());
            result.put("end", end);
            result.note("load: " + settings.reporters() + " reporters (invites + join), each sending a new CLOSURE report "
                    + settings.pause().toMillis() + " ms after its last was acknowledged and retrying the same body "
                    + "(same reportId) every 200 ms on no answer or a 5xx; " + sent + " reports sent in all");
            result.note("health UP: from the fault's injection (a killed service is started again at once) until both "
                    + "/actuator/health say UP; live push resumed: from the injection until the dashboard receives a "
                    + "tally whose position reaches the first report acknowledged after the injection (a push that "
                    + "reflects new work, reconnecting included)");
            result.note("answers lost: requests with no answer or a 5xx (each retried); stored, answer lost: of those, "
                    + "the ones whose retry was answered 200 (the first attempt had been stored)");
            result.note("PostgreSQL: embedded, durable (fsync and synchronous_commit on), crashed with SIGQUIT to its "
                    + "postmaster (an immediate shutdown: WAL recovery at the next start) and started again on the same "
                    + "port and data; each service reaches it through a TCP proxy of the benchmark that can reset its "
                    + "connections and refuse new ones");
        }
        result.put("reporters", settings.reporters());
        result.put("outcomes", outcomes);
        return result;
    }

    private static String seconds(Duration duration) {
        return duration == null ? "never" : Result.f1(duration.toMillis() / 1000.0);
    }
}
