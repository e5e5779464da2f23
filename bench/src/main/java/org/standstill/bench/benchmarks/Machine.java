package org.standstill.bench.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine a benchmark ran on, and how busy it was. */
final class Machine {

    private Machine() {
    }

    static Map<String, Object> describe() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", cpu());
        machine.put("memoryMB", memoryMb());
        machine.put("loadAverage", loadAverage());
        machine.put("java", System.getProperty("java.version"));
        return machine;
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg has them. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The processor's model name and clock as /proc/cpuinfo has them: runs on different hosts differ. */
    private static String cpu() {
        String model = "unknown";
        String mhz = "";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                String value = line.substring(line.indexOf(':') + 1).trim();
                if (line.startsWith("model name") && model.equals("unknown")) {
                    model = value;
                } else if (line.startsWith("cpu MHz") && mhz.isEmpty()) {
                    mhz = " @ " + Math.round(Double.parseDouble(value)) + " MHz";
                }
            }
        } catch (IOException | NumberFormatException e) {
            // what was read so far
        }
        return model + mhz;
    }

    private static long memoryMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return -1;
    }
}
