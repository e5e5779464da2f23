package org.standstill.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Redocly's CLI at the version pinned in {@code bench/openapi/package-lock.json}, installed with {@code npm ci} into
 * {@code bench/target/openapi-lint} the first time (and again when the pin changes), run with the rules of
 * {@code bench/openapi/redocly.yaml}. Node.js and npm must be on the PATH: without them this fails saying how to get
 * them.
 */
final class RedoclyLint {

    static final Path SOURCE = Platform.home().resolve("bench").resolve("openapi");
    static final Path WORK = Platform.home().resolve("bench").resolve("target").resolve("openapi-lint");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "redocly.yaml");

    /** One problem the linter found: its rule, severity, message and where (a JSON pointer into the document). */
    record Problem(String rule, String severity, String message, String where) {

        @Override
        public String toString() {
            return severity + " " + rule + " at " + where + ": " + message;
        }
    }

    /** What one lint run found over the documents, and everything the CLI printed (for a failure's message). */
    record Result(int exitCode, List<Problem> problems, String output) {

        long count(String severity) {
            return problems.stream().filter(p -> p.severity().equals(severity)).count();
        }
    }

    private RedoclyLint() {
    }

    static Result lint(List<Path> documents) throws IOException, InterruptedException {
        install();
        Path report = WORK.resolve("lint-report.json");
        Files.deleteIfExists(report);
        List<String> command = new ArrayList<>(List.of(WORK.resolve("node_modules").resolve(".bin").resolve("redocly")
                        .toString(), "lint", "--config", WORK.resolve("redocly.yaml").toString(), "--format", "json",
                "--max-problems", "1000"));
        documents.forEach(d -> command.add(d.toAbsolutePath().toString()));
        Run run = run(command, report);
        JsonNode json = Api.JSON.readTree(Files.readString(report));
        List<Problem> problems = json.path("problems").valueStream()
                .map(p -> new Problem(p.path("ruleId").asString(), p.path("severity").asString(),
                        p.path("message").asString(), p.path("location").path(0).path("pointer").asString()
                                + " of " + p.path("location").path(0).path("source").path("ref").asString()))
                .toList();
        return new Result(run.exitCode(), problems, run.output());
    }

    /** Installs the pinned CLI unless the version the lock names is the one installed. */
    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        for (String file : FILES) {
            Files.copy(SOURCE.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        String pinned = Api.JSON.readTree(Files.readString(SOURCE.resolve("package-lock.json")))
                .path("packages").path("node_modules/@redocly/cli").path("version").asString();
        Path installed = WORK.resolve("node_modules").resolve("@redocly").resolve("cli").resolve("package.json");
        if (Files.exists(installed)
                && pinned.equals(Api.JSON.readTree(Files.readString(installed)).path("version").asString())) {
            return;
        }
        Run npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), null);
        if (npm.exitCode() != 0) {
            throw new AssertionError("npm ci of bench/openapi (Redocly CLI " + pinned + ") failed:\n" + npm.output());
        }
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(List<String> command, Path stdout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile());
        builder.environment().put("REDOCLY_TELEMETRY", "off");
        builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        builder.environment().put("NO_UPDATE_NOTIFIER", "1");
        Path log = Files.createTempFile(WORK, "run", ".log");
        builder.redirectError(log.toFile());
        builder.redirectOutput(stdout == null ? ProcessBuilder.Redirect.appendTo(log.toFile())
                : ProcessBuilder.Redirect.to(stdout.toFile()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("Linting the OpenAPI documents needs Node.js (20 or later) and npm on the PATH, "
                    + "and could not run " + command.get(0) + " (" + e.getMessage() + "). Install them, e.g. "
                    + "`apt-get install nodejs npm` or from https://nodejs.org/, then run the tests again.", e);
        }
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 5 minutes");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new Run(process.exitValue(), output);
    }
}
