package org.standstill.bench.benchmarks;

import org.standstill.bench.Api;
import tools.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark measured: a table to print, and every figure in {@code bench/results/<name>.json} (or
 * {@code <name>-<events>.json} for a benchmark on the large day of that many events, one file per size).
 */
final class Result {

    final String name;
    final String title;
    private String file;
    final Map<String, Object> json = new LinkedHashMap<>();
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String[] header = {"figure", "value", "baseline (same run)", "ratio"};

    Result(String name, String title) {
        this.name = name;
        this.title = title;
        this.file = name;
        json.put("benchmark", name);
        json.put("title", title);
        json.put("startedAt", Instant.now().toString());
        json.put("machine", Machine.describe());
    }

    /** A result on the large day of {@code events} events: written as {@code <name>-<events>.json}. */
    Result sized(long events) {
        file = name + "-" + events;
        json.put("dayEvents", events);
        return this;
    }

    Result header(String... columns) {
        header = columns;
        return this;
    }

    Result row(String... cells) {
        rows.add(cells);
        return this;
    }

    Result note(String note) {
        notes.add(note);
        return this;
    }

    Result put(String key, Object value) {
        json.put(key, value);
        return this;
    }

    void print(PrintStream out) {
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length && i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        out.println();
        out.println("== " + title + (json.containsKey("dayEvents")
                ? String.format(" (%,d events)", (long) json.get("dayEvents")) : "") + " ==");
        printRow(out, header, widths);
        StringBuilder rule = new StringBuilder();
        for (int width : widths) {
            rule.append("-".repeat(width)).append("  ");
        }
        out.println(rule.toString().stripTrailing());
        rows.forEach(row -> printRow(out, row, widths));
        notes.forEach(note -> out.println("  * " + note));
    }

    private static void printRow(PrintStream out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String cell = i < cells.length ? cells[i] : "";
            line.append(i == 0 ? String.format("%-" + widths[i] + "s", cell) : String.format("%" + widths[i] + "s", cell))
                    .append("  ");
        }
        out.println(line.toString().stripTrailing());
    }

    /** Writes {@code <directory>/<file>.json} with the table, the notes and every figure. */
    Path write(Path directory) throws IOException {
        json.put("finishedAt", Instant.now().toString());
        json.put("loadAverageAtEnd", Machine.loadAverage());
        List<Map<String, String>> table = new ArrayList<>();
        for (String[] row : rows) {
            Map<String, String> line = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < row.length; i++) {
                line.put(header[i], row[i]);
            }
            table.add(line);
        }
        json.put("table", table);
        json.put("notes", notes);
        Files.createDirectories(directory);
        Path written = directory.resolve(file + ".json");
        Files.writeString(written, Api.JSON.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build()
                .writeValueAsString(json) + "\n");
        return written;
    }

    static String f0(double value) {
        return String.format("%,.0f", value);
    }

    static String f2(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", value);
    }

    static String f1(double value) {
        return String.format("%,.1f", value);
    }

    static String ratio(double value) {
        return String.format("%.2f", value);
    }
}
