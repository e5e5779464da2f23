package org.standstill.bench;

import org.standstill.bench.benchmarks.Benchmarks;
import org.standstill.bench.simulator.Simulation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run command: starts the whole platform on this machine and keeps it up until Ctrl-C; with {@code --demo} also
 * plays a simulated day into it. Also the scenario simulator ({@code simulate}) and the benchmarks ({@code bench}).
 */
public final class Main {

    private static final String USAGE = """
            usage: standstill [run] [--instances N] [--demo [simulate options]]
                   standstill simulate [options]
                   standstill bench [ingest|freshness|fanout|replay|pointintime|freshness-large ...] [--quick] [options]
              run        start the database and both services (the default), stop them with Ctrl-C; prints the
                         addresses phones on the same network can use. STANDSTILL_PUBLIC_URL (e.g.
                         http://192.168.1.20:8080) is the address invite sheets, their links and QR codes carry
              --instances N
                         N instances of each service (default 1) on one database, behind one port per service
                         (8080 and 8081): connections go to the instances in turn, skipping one that is down
              --demo     also play a simulated day of action into them: the Twin Cities day compressed x60
                         (about 16 minutes), reporters enrolled through invites; e.g. --demo --speed x120;
                         --demo --campaign [--cities N]: May Day in N cities (default 30) into one campaign, for the
                         national dashboard (/national.html)
              simulate   play a generated day over the HTTP API (see below)
              bench      run benchmarks on a fresh platform each, print a table and write bench/results/<name>.json
                         (all seven when none is named; standstill bench --help for the options)
              freshness  the same as: bench freshness

            """ + Simulation.USAGE;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty(Api.KEEP_ALIVE_PROPERTY, System.getProperty(Api.KEEP_ALIVE_PROPERTY, Api.KEEP_ALIVE_SECONDS));
        List<String> rest = List.of(args).subList(Math.min(1, args.length), args.length);
        if (args.length > 0) {
            switch (args[0]) {
                case "simulate" -> {
                    run(() -> Simulation.main(rest));
                    return;
                }
                case "bench" -> {
                    run(() -> Benchmarks.main(rest));
                    return;
                }
                case "freshness" -> {
                    List<String> freshness = new ArrayList<>(List.of("freshness"));
                    freshness.addAll(rest);
                    run(() -> Benchmarks.main(freshness));
                    return;
                }
                default -> { }
            }
        }
        boolean demo = false;
        int instances = 1;
        List<String> demoOptions = new ArrayList<>();
        for (int a = 0; a < args.length; a++) {
            String arg = args[a];
            if (demo) {
                demoOptions.add(arg);
                continue;
            }
            switch (arg) {
                case "run" -> { }
                case "--instances" -> {
                    try {
                        instances = Integer.parseInt(a + 1 < args.length ? args[++a] : "");
                    } catch (NumberFormatException e) {
                        instances = 0;
                    }
                    if (instances < 1 || instances > 8) {
                        System.err.println("standstill: --instances takes a number from 1 to 8\n" + USAGE);
                        System.exit(2);
                    }
                }
                case "--demo" -> demo = true;
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> {
                    System.err.println("standstill: unknown argument " + arg + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        Platform platform;
        try {
            platform = Platform.startForRun(instances);
        } catch (IOException | IllegalStateException e) {
            System.err.println("standstill: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.print(runningMessage(platform.queryUrl().resolve("/").toString(), platform.commandUrl().toString(),
                platform.adminToken(), System.getenv("STANDSTILL_PUBLIC_URL"),
                PhoneAddresses.of(platform.queryUrl().getPort())));
        if (instances > 1) {
            System.out.printf("%d instances of each service run behind these two ports: query-service at %s,"
                    + " command-service at %s (logs: .standstill/logs/<service>-<n>.log).%n%n", instances,
                    platform.queryUrls(), platform.commandUrls());
        }
        if (demo) {
            Thread player = new Thread(() -> Simulation.demo(platform, demoOptions), "demo");
            player.setDaemon(true);
            player.start();
        }
        Optional<String> unexpectedExit = platform.awaitServiceExit();
        if (unexpectedExit.isPresent()) {
            System.err.println("standstill: " + unexpectedExit.get());
            System.exit(1);
        }
    }

    /** What the run command prints once the platform is up: where to open it, from this machine and from phones. */
    static String runningMessage(String webUi, String commandService, String adminToken, String publicUrl,
                                 List<String> phoneAddresses) {
        StringBuilder message = new StringBuilder(String.format("""

                Standstill is running.
                  web UI           %s
                  command-service  %s
                  admin token      %s
                """, webUi, commandService, adminToken));
        boolean hasPublicUrl = publicUrl != null && !publicUrl.isBlank();
        if (hasPublicUrl) {
            message.append("  public URL       ").append(publicUrl.strip())
                    .append("   (invite sheets, their links and QR codes)\n");
        }
        if (phoneAddresses.isEmpty()) {
            message.append("No network address found: phones cannot reach this machine until it joins a network.\n");
        } else {
            message.append("Phones and other computers on the same network can open:\n");
            for (String address : phoneAddresses) {
                message.append("  ").append(address).append('\n');
            }
            message.append("  reporters: add report.html to the address (e.g. ")
                    .append(phoneAddresses.get(0).split(" ")[0]).append("report.html)\n");
            if (!hasPublicUrl) {
                message.append("Set STANDSTILL_PUBLIC_URL to the one phones use (e.g. STANDSTILL_PUBLIC_URL=")
                        .append(phoneAddresses.get(0).split(" ")[0].replaceAll("/$", ""))
                        .append(" ./standstill) so that printed invite sheets carry it.\n");
            }
        }
        return message.append("Ctrl-C stops it.\n\n").toString();
    }

    private interface Command {
        void run() throws Exception;
    }

    /** Runs a sub-command; a bad option is a message and exit code 2, not a stack trace. */
    private static void run(Command command) throws Exception {
        try {
            command.run();
        } catch (IllegalArgumentException e) {
            System.err.println("standstill: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }
}
