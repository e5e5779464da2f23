package org.standstill.bench.simulator;

import org.standstill.bench.Api;
import org.standstill.bench.simulator.Scenario.Action;
import org.standstill.bench.simulator.Scenario.Step;
import tools.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays a scenario into a day over the public HTTP API. Each reporter (and each coordinator desk) sends its own
 * requests in order, as a person with one phone would, on one of {@code threads} threads; an action on a report waits
 * until the report's previous action was answered, so a correction never overtakes its report even as fast as
 * possible. A 429 is waited out and a lost connection retried with the same content, as the phone app does. A
 * reporter whose reports have piled up (the playback is behind, as a phone is after a march without signal) sends
 * them as one batch, as the phone's outbox does.
 */
public final class Player {

    /** How the requests of one kind were answered. */
    public record Outcome(Map<Step, Map<Integer, Integer>> byStep, long requests, long errors, long retried,
                          long maxPosition, Duration elapsed) {
    }

    /** The most reports a phone sends in one batch. */
    static final int BATCH = 100;

    private final Api command;
    private final Scenario scenario;
    private final DayClock clock;
    private final int threads;
    private final Map<Step, Map<Integer, AtomicInteger>> answers = new EnumMap<>(Step.class);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong maxPosition = new AtomicLong();
    private final AtomicLong latestOffset = new AtomicLong();
    private final List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());

    public Player(Api command, Scenario scenario, DayClock clock, int threads) {
        this.command = command;
        this.scenario = scenario;
        this.clock = clock;
        this.threads = threads;
        for (Step step : Step.values()) {
            answers.put(step, new ConcurrentHashMap<>());
        }
    }

    public long requests() {
        return requests.get();
    }

    public long errors() {
        return errors.get();
    }

    /** The scenario offset of the latest action sent. */
    public long latestOffset() {
        return latestOffset.get();
    }

    public long maxPosition() {
        return maxPosition.get();
    }

    public List<String> firstErrors() {
        return List.copyOf(firstErrors);
    }

    /**
     * Plays every action; {@code tokens} has one bearer token per actor (reporters first, then coordinator desks).
     */
    public Outcome play(String dayId, List<String> tokens) throws InterruptedException {
        if (tokens.size() < scenario.actors()) {
            throw new IllegalArgumentException("need " + scenario.actors() + " tokens, got " + tokens.size());
        }
        List<List<Action>> queues = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            queues.add(new ArrayList<>());
        }
        for (Action action : scenario.actions) {
            queues.get(action.actor() % threads).add(action); // already in order of sendAt
        }
        List<CompletableFuture<Void>> done = new ArrayList<>(scenario.actions.size());
        for (int i = 0; i < scenario.actions.size(); i++) {
            done.add(new CompletableFuture<>());
        }
        long started = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Action> queue = queues.get(t);
            Thread worker = new Thread(() -> {
                for (int i = 0; i < queue.size(); i++) {
                    Action action = queue.get(i);
                    List<Action> sent = List.of(action);
                    try {
                        long due = started + clock.dueAfter(action.sendAt()).toNanos();
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        if (action.before() != null) {
                            done.get(action.before().seq()).get(5, TimeUnit.MINUTES);
                        }
                        sent = pendingSubmissions(queue, i, started);
                        if (sent.size() > 1) {
                            sendBatch(dayId, tokens.get(action.actor()), sent);
                            i += sent.size() - 1;
                        } else {
                            send(dayId, tokens.get(action.actor()), action);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        sent.forEach(a -> error(a, e.toString()));
                    } finally {
                        sent.forEach(a -> done.get(a.seq()).complete(null));
                    }
                }
            }, "reporter-" + t);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        Map<Step, Map<Integer, Integer>> byStep = new EnumMap<>(Step.class);
        answers.forEach((step, statuses) -> {
            Map<Integer, Integer> counts = new TreeMap<>();
            statuses.forEach((status, n) -> counts.put(status, n.get()));
            byStep.put(step, counts);
        });
        return new Outcome(byStep, requests.get(), errors.get(), retried.get(), maxPosition.get(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * The submissions from {@code i} on in the queue that one reporter has waiting now (due, and depending on nothing
     * not yet answered), up to {@value #BATCH}: just the one at {@code i} when the playback keeps up.
     */
    private List<Action> pendingSubmissions(List<Action> queue, int i, long started) {
        List<Action> run = new ArrayList<>();
        long now = System.nanoTime();
        for (int j = i; j < queue.size() && run.size() < BATCH; j++) {
            Action next = queue.get(j);
            boolean waiting = next.step() == Step.SUBMIT && next.before() == null && next.actor() == queue.get(i).actor()
                    && started + clock.dueAfter(next.sendAt()).toNanos() <= now;
            if (!waiting) {
                break;
            }
            run.add(next);
        }
        return run.isEmpty() ? List.of(queue.get(i)) : run;
    }

    /** Sends several submissions as one batch, retried as a whole like a single request; each result counts alone. */
    private void sendBatch(String dayId, String token, List<Action> actions) throws InterruptedException {
        latestOffset.accumulateAndGet(actions.get(actions.size() - 1).sendAt(), Math::max);
        List<Map<String, Object>> reports = actions.stream().map(this::timed).toList();
        Api.Answer answer = post("/api/days/" + dayId + "/report-batches", token, Map.of("reports", reports), actions);
        if (answer == null) {
            return;
        }
        if (answer.status() != 200) {
            actions.forEach(a -> error(a, answer.status() + " " + answer.raw()));
            return;
        }
        for (int k = 0; k < actions.size(); k++) {
            JsonNode result = answer.body().path("results").get(k);
            answered(actions.get(k), result.path("status").asInt(), result.path("position"), result.path("problem"));
        }
    }

    private void send(String dayId, String token, Action action) throws InterruptedException {
        latestOffset.accumulateAndGet(action.sendAt(), Math::max);
        String reports = "/api/days/" + dayId + "/reports";
        String path;
        Object body;
        switch (action.step()) {
            case SUBMIT, RETRY -> {
                path = reports;
                body = timed(action);
            }
            case CORRECT -> {
                path = reports + "/" + action.reportId() + "/corrections";
                body = action.body();
            }
            case RETRACT -> {
                path = reports + "/" + action.reportId() + "/retraction";
                body = "";
            }
            case VERDICT -> {
                path = reports + "/" + action.reportId() + "/verdict";
                body = action.body();
            }
            default -> throw new IllegalStateException();
        }
        Api.Answer answer = post(path, token, body, List.of(action));
        if (answer != null) {
            answered(action, answer.status(), answer.body().path("position"), answer.body());
        }
    }

    /** A submission's body with its observedAt on the day's clock. */
    private Map<String, Object> timed(Action action) {
        Map<String, Object> withTime = new LinkedHashMap<>(action.body());
        withTime.put("observedAt", clock.observedAt(action.observedAt()).toString());
        return withTime;
    }

    /**
     * Posts as the phone app does: a lost connection is sent again with the same content (the ids make it safe), a
     * 429 is waited out. Null, with the actions counted as errors, when no answer came after 5 attempts.
     */
    private Api.Answer post(String path, String token, Object body, List<Action> actions) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Api.Answer answer;
            try {
                requests.incrementAndGet();
                answer = command.post(path, token, body);
            } catch (UncheckedIOException lost) {
                retried.incrementAndGet();
                if (attempt >= 5) {
                    actions.forEach(a -> error(a, "no answer after 5 attempts: " + lost.getMessage()));
                    return null;
                }
                Thread.sleep(500L * attempt);
                continue;
            }
            if (answer.status() == 429 && attempt < 30) {
                retried.incrementAndGet();
                Thread.sleep(1000);
                continue;
            }
            return answer;
        }
    }

    /** Counts one action's answer; a refusal is an error, with what the server said. */
    private void answered(Action action, int status, JsonNode position, JsonNode said) {
        answers.get(action.step()).computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        if (status / 100 == 2) {
            maxPosition.accumulateAndGet(position.asLong(0), Math::max);
        } else {
            error(action, status + " " + said);
        }
    }

    private void error(Action action, String what) {
        errors.incrementAndGet();
        if (firstErrors.size() < 10) {
            firstErrors.add(action.step() + " " + action.reportId() + ": " + what);
        }
    }

    /** The expected answers: 201 for a new report or correction, 200 for a retry, a retraction or a verdict. */
    static String describe(Map<Step, Map<Integer, Integer>> byStep) {
        StringBuilder text = new StringBuilder();
        byStep.forEach((step, statuses) -> {
            if (!statuses.isEmpty()) {
                text.append(String.format("  %-8s %s%n", step, statuses));
            }
        });
        return text.toString();
    }
}
