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
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "redocly.yaml",
            ".redocly.lint-ignore.yaml");

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

    /** Lints each document on its own (the CLI's JSON report covers one document), and gathers what it found. */
    static Result lint(List<Path> documents) throws IOException, InterruptedException {
        install();
        int exitCode = 0;
        List<Problem> problems = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        for (Path document : documents) {
            Path report = WORK.resolve(document.getFileName() + ".lint.json");
            Files.deleteIfExists(report);
            Run run = run(List.of(WORK.resolve("node_modules").resolve(".bin").resolve("redocly").toString(), "lint",
                    "--config", WORK.resolve("redocly.yaml").toString(), "--format", "json", "--max-problems", "1000",
                    document.toAbsolutePath().toString()), report);
            exitCode = Math.max(exitCode, run.exitCode());
            output.append(run.output());
            if (!Files.exists(report) || Files.size(report) == 0) {
                throw new AssertionError("Redocly's CLI wrote no report for " + document + ":\n" + run.output());
            }
            Api.JSON.readTree(Files.readString(report)).path("problems").valueStream()
                    .map(p -> new Problem(p.path("ruleId").asString(), p.path("severity").asString(),
                            p.path("message").asString(), p.path("location").path(0).path("pointer").asString()
                                    + " of " + document.getFileName()))
                    .forEach(problems::add);
        }
        return new Result(exitCode, problems, output.toString());
    }

    /** Installs the pinned CLI unless the version the lock names is the one installed. */
    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        requireNode();
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

    /** Node.js 20.19 or later (Redocly CLI 2 needs it), and npm. */
    private static void requireNode() throws IOException, InterruptedException {
        Run node = run(List.of("node", "--version"), null);
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("v(\\d+)\\.(\\d+)").matcher(node.output());
        if (node.exitCode() != 0 || !version.find()) {
            throw new AssertionError(HOW_TO_GET_NODE + " `node --version` said: " + node.output());
        }
        int major = Integer.parseInt(version.group(1));
        int minor = Integer.parseInt(version.group(2));
        if (major < 20 || major == 20 && minor < 19 || major == 21 || major == 22 && minor < 12) {
            throw new AssertionError(HOW_TO_GET_NODE + " This is Node.js " + node.output().strip() + ".");
        }
        run(List.of("npm", "--version"), null);
    }

    private static final String HOW_TO_GET_NODE = "Linting the OpenAPI documents needs Node.js 20.19+ or 22.12+ and "
            + "npm 10+ on the PATH (Redocly CLI 2 needs them): install them from https://nodejs.org/ or your "
            + "distribution's NodeSource packages (`apt-get install nodejs`), then run the tests again.";

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
            throw new AssertionError(HOW_TO_GET_NODE + " Could not run " + command.get(0) + ": " + e.getMessage(), e);
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
