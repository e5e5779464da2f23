package org.standstill.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One service's fat jar running as a child process of this JVM, its output going to a log file. */
final class ServiceProcess implements AutoCloseable {

    final String name;
    final URI url;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, URI url, Path log, Process process) {
        this.name = name;
        this.url = url;
        this.log = log;
        this.process = process;
    }

    /** The fat jar of the service {@code name}: {@code <home>/<name>/target/<name>.jar}. */
    static Path jar(Path home, String name) {
        Path jar = home.resolve(name).resolve("target").resolve(name + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw -DskipTests package");
        }
        return jar;
    }

    /** Starts the service {@code name} from {@code jar} on {@code port}, with {@code environment} added to ours. */
    static ServiceProcess start(String name, Path jar, int port, Map<String, String> environment, Path logDirectory)
            throws IOException {
        return start(name, jar, port, environment, List.of(), logDirectory);
    }

    /** As {@link #start(String, Path, int, Map, Path)}, with {@code jvmOptions} before {@code -jar}. */
    static ServiceProcess start(String name, Path jar, int port, Map<String, String> environment,
                                List<String> jvmOptions, Path logDirectory) throws IOException {
        return start(name, jar, port, environment, jvmOptions, logDirectory, false);
    }

    /** As {@link #start(String, Path, int, Map, List, Path)}; with {@code appendLog}, the log is not emptied first. */
    static ServiceProcess start(String name, Path jar, int port, Map<String, String> environment,
                                List<String> jvmOptions, Path logDirectory, boolean appendLog) throws IOException {
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve(name + ".log");
        List<String> command = new java.util.ArrayList<>();
        command.add(javaCommand());
        command.addAll(jvmOptions(name, jvmOptions));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        return new ServiceProcess(name, URI.create("http://localhost:" + port), log, builder.start());
    }

    /**
     * JVM options every start of the service gets, before the caller's (which may override them). On a machine of two
     * cores or fewer, the command service runs with the quick (C1) compiler only: measured, under load its optimising
     * (C2) compiler falls behind for many minutes (over a thousand methods queued after two minutes of reports), so
     * most of each request ran in the interpreter; with C1 alone each report costs about half the CPU, and the
     * service starts in half the time. The query service keeps both compilers: its catch-up of a backlog is faster
     * with C2.
     */
    static List<String> defaultJvmOptions(String name) {
        return defaultJvmOptions(name, Runtime.getRuntime().availableProcessors());
    }

    /** The service's JVM options as it is started: {@link #defaultJvmOptions}, then the caller's. */
    static List<String> jvmOptions(String name, List<String> callers) {
        List<String> all = new java.util.ArrayList<>(defaultJvmOptions(name));
        all.addAll(callers);
        return List.copyOf(all);
    }

    static List<String> defaultJvmOptions(String name, int cores) {
        return name.startsWith("command-service") && cores <= 2 ? List.of("-XX:TieredStopAtLevel=1") : List.of();
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Whether /actuator/health answers 200; fails, with the end of the log, if the process has ended. */
    boolean healthy(HttpClient http) throws InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + ". " + logTail());
        }
        HttpRequest request = HttpRequest.newBuilder(url.resolve("/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            return http.send(request, BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The operating system's id of the service's JVM. */
    long pid() {
        return process.pid();
    }

    /** Whether the process is still running. */
    boolean alive() {
        return process.isAlive();
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** The last 40 lines of the log, introduced by where it is. */
    String logTail() {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return "Last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "Cannot read " + log + ": " + e.getMessage();
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** Ends the process with SIGKILL, as a crash would, and waits until it has ended. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Asks the service to stop, and kills it if it has not within 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
