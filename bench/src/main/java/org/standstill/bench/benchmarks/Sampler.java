package org.standstill.bench.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Memory and CPU of the platform's processes while a benchmark runs: every second, each service's resident set
 * ({@code VmRSS} of /proc/<pid>/status), every 5 s its used heap ({@code jvm_memory_used_bytes{area="heap"}} of its
 * /actuator/prometheus); at the end, {@code VmHWM} (the resident set's high-water mark since the process started) and
 * the CPU time each process group used in the window: command-service, query-service, PostgreSQL (postmaster and its
 * backends), this benchmark JVM, and everything else on the machine. A service restarted while sampling (its process
 * id changes) is followed: its peaks cover both processes, its CPU is the new process's alone.
 */
final class Sampler implements AutoCloseable {

    private static final long TICKS = 100; // USER_HZ on Linux

    /** A service, its process id and URL looked up at each sample, so that a restarted service is followed. */
    record Service(String name, LongSupplier pid, Supplier<URI> url) {
    }

    private final List<Service> services;
    private final long postmasterPid;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sampler");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, long[]> peaks = new LinkedHashMap<>(); // name -> {peak rss kB, peak heap bytes, max heap}
    private final Map<String, Long> pidsAtStart = new LinkedHashMap<>();
    private final Map<String, Long> cpuAtStart;
    private final long[] machineAtStart;
    private final long started = System.nanoTime();
    private long samples;

    Sampler(List<Service> services, long postmasterPid) {
        this.services = services;
        this.postmasterPid = postmasterPid;
        services.forEach(s -> {
            peaks.put(s.name(), new long[]{0, -1, -1});
            pidsAtStart.put(s.name(), s.pid().getAsLong());
        });
        cpuAtStart = cpu();
        machineAtStart = machine();
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        boolean scrape = samples++ % 5 == 0; // the heap from Prometheus every 5 s: a scrape costs the service CPU
        for (Service service : services) {
            long[] peak = peaks.get(service.name());
            long rss = status(service.pid().getAsLong(), "VmRSS:");
            long[] heap = scrape ? heap(http, service.url().get()) : new long[]{-1, -1};
            synchronized (peak) {
                peak[0] = Math.max(peak[0], rss);
                peak[1] = Math.max(peak[1], heap[0]);
                peak[2] = Math.max(peak[2], heap[1]);
            }
        }
    }

    static long heapBytes(URI url) {
        return heap(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build(), url)[0];
    }

    /**
     * {used, max} heap bytes from a service's Prometheus scrape: the sum of the heap pools' {@code jvm_memory_used_bytes},
     * and of their defined {@code jvm_memory_max_bytes} (G1 gives the old generation the whole limit, the young pools
     * -1); -1 where unavailable.
     */
    private static long[] heap(HttpClient http, URI url) {
        try {
            HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(url.resolve("/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofLines());
            double used = 0;
            double max = 0;
            boolean seen = false;
            for (String l : (Iterable<String>) response.body()::iterator) {
                if (!l.contains("area=\"heap\"")) {
                    continue;
                }
                double value = Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
                if (l.startsWith("jvm_memory_used_bytes{")) {
                    used += value;
                    seen = true;
                } else if (l.startsWith("jvm_memory_max_bytes{") && value > 0) {
                    max += value;
                }
            }
            return seen ? new long[]{(long) used, max > 0 ? (long) max : -1} : new long[]{-1, -1};
        } catch (IOException | RuntimeException e) {
            return new long[]{-1, -1};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new long[]{-1, -1};
        }
    }

    /** A /proc/<pid>/status field in kB, or -1. */
    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return -1;
    }

    /** CPU ticks used so far by each group of processes. */
    private Map<String, Long> cpu() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (Service service : services) {
            long pid = service.pid().getAsLong();
            cpu.put(service.name(), ticks(pid, false));
            cpu.put(service.name() + "#pid", pid);
        }
        if (postmasterPid > 0) {
            long postgres = ticks(postmasterPid, true);
            for (long child : children(postmasterPid)) {
                postgres += ticks(child, false);
            }
            cpu.put("postgres", postgres);
        }
        cpu.put("bench", ticks(ProcessHandle.current().pid(), false));
        return cpu;
    }

    /** utime + stime of a process (and cutime + cstime, its reaped children, if asked), in ticks. */
    private static long ticks(long pid, boolean withReapedChildren) {
        try {
            String[] f = fields(Files.readString(Path.of("/proc/" + pid + "/stat")));
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return withReapedChildren ? own + Long.parseLong(f[13]) + Long.parseLong(f[14]) : own;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * CPU ticks used so far by a process's threads, by kind of thread: its name with the digits taken out (all of
     * Tomcat's {@code http-nio-N-exec-N} together, the garbage collector's, the JIT compilers', ...), in user space and
     * in the kernel ("(kernel)"). JFR samples only threads running Java code; this shows the rest.
     */
    static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> byKind = new java.util.TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
                    String[] f = fields(stat);
                    byKind.merge(name, Long.parseLong(f[11]), Long::sum);
                    byKind.merge(name + " (kernel)", Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended
                }
            });
        } catch (IOException e) {
            // the process ended
        }
        return byKind;
    }

    /** The share of each kind of thread in the ticks used between two {@link #threadTicks} readings, largest first. */
    static Map<String, String> threadShares(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> used = new LinkedHashMap<>();
        after.forEach((kind, ticks) -> used.put(kind, ticks - before.getOrDefault(kind, 0L)));
        long total = used.values().stream().mapToLong(Long::longValue).sum();
        Map<String, String> shares = new LinkedHashMap<>();
        used.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> shares.put(e.getKey(), Math.round(e.getValue() * 1000.0 / Math.max(1, total)) / 10.0 + " %"));
        return shares;
    }

    /**
     * The fields of a /proc stat line after the command name (which may hold spaces and parentheses): state, ppid, ...,
     * utime at 11, stime at 12, cutime at 13, cstime at 14.
     */
    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static List<Long> children(long parent) {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().matches("\\d+")).map(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    long ppid = Long.parseLong(fields(stat)[1]);
                    return ppid == parent ? Long.parseLong(p.getFileName().toString()) : -1L;
                } catch (IOException | RuntimeException e) {
                    return -1L;
                }
            }).filter(pid -> pid > 0).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** {busy, iowait, total, steal} ticks of the whole machine from /proc/stat (steal counts as busy). */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            return new long[]{total - idle - iowait, iowait, total, steal};
        } catch (IOException | RuntimeException e) {
            return new long[4];
        }
    }

    /**
     * Peak memory of each service so far: heap used (sampled every 5 s), the heap limit the service reports, resident
     * set (sampled every second), and the kernel's high-water mark of the resident set since the current process started.
     */
    Map<String, Object> memory() {
        sample();
        Map<String, Object> memory = new LinkedHashMap<>();
        for (Service service : services) {
            long[] peak = peaks.get(service.name());
            long pid = service.pid().getAsLong();
            Map<String, Object> m = new LinkedHashMap<>();
            synchronized (peak) {
                m.put("peakHeapMB", peak[1] < 0 ? -1 : Math.round(peak[1] / 1048576.0));
                m.put("maxHeapMB", peak[2] < 0 ? -1 : Math.round(peak[2] / 1048576.0));
                m.put("peakRssMB", Math.round(peak[0] / 1024.0));
            }
            m.put("vmHwmMB", Math.round(status(pid, "VmHWM:") / 1024.0));
            if (pid != pidsAtStart.get(service.name())) {
                m.put("restarted", true);
            }
            memory.put(service.name(), m);
        }
        return memory;
    }

    /** Cores used on average by each group since the sampler started; "other" is the rest of the machine. */
    Map<String, Object> cpuCores() {
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Long> now = cpu();
        long[] machine = machine();
        Map<String, Object> cores = new LinkedHashMap<>();
        double ours = 0;
        for (Map.Entry<String, Long> e : now.entrySet()) {
            if (e.getKey().endsWith("#pid")) {
                continue;
            }
            boolean restarted = !now.getOrDefault(e.getKey() + "#pid", 0L).equals(cpuAtStart.getOrDefault(e.getKey() + "#pid", 0L));
            double used = (e.getValue() - (restarted ? 0 : cpuAtStart.getOrDefault(e.getKey(), 0L))) / (double) TICKS / seconds;
            ours += used;
            cores.put(e.getKey(), Math.round(used * 100) / 100.0);
        }
        double busy = (machine[0] - machineAtStart[0]) / (double) TICKS / seconds;
        cores.put("other processes", Math.round(Math.max(0, busy - ours) * 100) / 100.0);
        cores.put("machine busy", Math.round(busy * 100) / 100.0);
        cores.put("machine iowait", Math.round((machine[1] - machineAtStart[1]) / (double) TICKS / seconds * 100) / 100.0);
        // Time the hypervisor gave this machine's cores to others: a run with much of it is slower for no fault of ours.
        cores.put("machine steal", Math.round((machine[3] - machineAtStart[3]) / (double) TICKS / seconds * 100) / 100.0);
        cores.put("cores", Runtime.getRuntime().availableProcessors());
        return cores;
    }

    /** The CPU figures as one line for the table. */
    static String line(Map<String, Object> cores) {
        StringBuilder text = new StringBuilder();
        cores.forEach((k, v) -> {
            if (!k.equals("cores")) {
                text.append(text.length() == 0 ? "" : ", ").append(k).append(' ').append(v);
            }
        });
        return text.toString();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
