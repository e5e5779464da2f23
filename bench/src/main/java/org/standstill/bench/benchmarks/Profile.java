package org.standstill.bench.benchmarks;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Flight Recorder profile of a service while a benchmark loads it: started and stopped with {@code jcmd <pid>
 * JFR.start/JFR.stop}, then summarised from the recording: where the CPU samples are (the hottest methods, and the
 * share of each layer: PostgreSQL driver, JSON, Axon, Spring and Tomcat, hashing, ...), and how long threads waited on
 * the database socket.
 */
final class Profile {

    private final long pid;
    private final Path file;

    private Profile(long pid, Path file) {
        this.pid = pid;
        this.file = file;
    }

    static Profile start(long pid, Path file) throws IOException, InterruptedException {
        jcmd(pid, "JFR.start", "name=bench", "settings=profile", "filename=" + file.toAbsolutePath());
        return new Profile(pid, file);
    }

    Path stop() throws IOException, InterruptedException {
        jcmd(pid, "JFR.stop", "name=bench", "filename=" + file.toAbsolutePath());
        return file;
    }

    /**
     * How many methods wait for each JIT compiler ({@code jcmd Compiler.queue}): a long queue for C2 means much of the
     * service still runs as C1 code or in the interpreter, whatever the warm-up was.
     */
    static Map<String, Integer> compileQueues(long pid) {
        Map<String, Integer> queues = new LinkedHashMap<>();
        try {
            String queue = null;
            for (String line : jcmd(pid, "Compiler.queue").split("\n")) {
                if (line.endsWith("compile queue:")) {
                    queue = line.substring(0, line.indexOf(' '));
                    queues.put(queue, 0);
                } else if (queue != null && line.matches("\\s*\\d+\\s.*")) {
                    queues.merge(queue, 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            queues.put("unknown", -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return queues;
    }

    private static String jcmd(long pid, String... args) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> command = new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0 || output.contains("Exception")) {
            throw new IOException("jcmd " + String.join(" ", args) + ": " + output);
        }
        return output;
    }

    /** Where the CPU went and what the threads waited on, from the recording. */
    static Map<String, Object> summarise(Path recording) throws IOException {
        Map<String, Long> selfByMethod = new HashMap<>();
        Map<String, Long> byLayer = new HashMap<>();
        Map<String, Long> byOwnFrame = new HashMap<>();
        long samples = 0;
        Map<String, Long> waits = new HashMap<>(); // event type -> total ms
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                RecordedFrame top = stack.getFrames().get(0);
                selfByMethod.merge(name(top), 1L, Long::sum);
                byLayer.merge(layer(stack.getFrames()), 1L, Long::sum);
                byOwnFrame.merge(ownFrame(stack.getFrames()), 1L, Long::sum);
            } else if (Set.of("jdk.SocketRead", "jdk.JavaMonitorEnter", "jdk.SocketWrite", "jdk.GarbageCollection")
                    .contains(type)) {
                boolean database = event.getStackTrace() != null && event.getStackTrace().getFrames().stream()
                        .anyMatch(f -> f.getMethod().getType().getName().startsWith("org.postgresql"));
                waits.merge(type + (database ? " (PostgreSQL driver)" : ""), event.getDuration().toMillis(), Long::sum);
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("recording", recording.toString());
        summary.put("cpuSamples", samples);
        long total = Math.max(1, samples);
        summary.put("cpuByLayer", share(byLayer, total, 12));
        summary.put("hotMethods", share(selfByMethod, total, 15));
        summary.put("cpuByNearestStandstillFrame", share(byOwnFrame, total, 12));
        summary.put("waitsMs (events over the profile thresholds)", waits);
        return summary;
    }

    private static Map<String, String> share(Map<String, Long> counts, long total, int limit) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.format("%.1f %%", 100.0 * e.getValue() / total),
                        (a, b) -> a, LinkedHashMap::new));
    }

    /** The nearest Standstill method below the top of the stack: which of our code asked for the work. */
    private static String ownFrame(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (frame.getMethod().getType().getName().startsWith("org.standstill")) {
                return name(frame);
            }
        }
        return "(no Standstill frame: " + layer(frames) + ")";
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    /**
     * The layer a sample belongs to: the first frame from the top that is in a known library, so that time in the
     * JDK's own code is charged to the library that called it.
     */
    static String layer(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("org.postgresql") || type.startsWith("com.zaxxer")) {
                return "PostgreSQL driver and pool";
            }
            if (type.startsWith("org.standstill.api.audit.ChainHash") || type.startsWith("sun.security.provider")) {
                return "SHA-256 chain hash";
            }
            if (type.startsWith("com.fasterxml.jackson") || type.startsWith("tools.jackson")) {
                return "JSON (Jackson)";
            }
            if (type.startsWith("com.nimbusds") || type.startsWith("org.springframework.security")) {
                return "Security (JWT, filters)";
            }
            if (type.startsWith("org.axonframework")) {
                return "Axon";
            }
            if (type.startsWith("org.hibernate") || type.startsWith("jakarta.validation")) {
                return "Validation and JPA";
            }
            if (type.startsWith("io.micrometer")) {
                return "Metrics";
            }
            if (type.startsWith("org.apache.catalina") || type.startsWith("org.apache.coyote")
                    || type.startsWith("org.apache.tomcat")) {
                return "Tomcat (HTTP)";
            }
            if (type.startsWith("org.springframework")) {
                return "Spring (MVC, transactions, JDBC)";
            }
            if (type.startsWith("org.standstill")) {
                return "Standstill code";
            }
            if (type.startsWith("com.uber.h3")) {
                return "H3";
            }
        }
        return "JVM and JDK (GC-free frames, logging, other)";
    }

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
