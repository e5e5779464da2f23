package org.standstill.bench;

import java.io.IOException;
import java.util.Optional;

/** The run command: starts the whole platform on this machine and keeps it up until Ctrl-C. */
public final class Main {

    private static final String USAGE = """
            usage: standstill [run] [--demo]
                   standstill freshness [reports] [intervalMillis]
              run        start the database and both services (the default), stop them with Ctrl-C
              --demo     also play a simulated day of action against them
              freshness  measure command accepted -> WebSocket tally on a fresh platform""";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("freshness")) {
            Freshness.main(java.util.List.of(args).subList(1, args.length));
            return;
        }
        boolean demo = false;
        for (String arg : args) {
            switch (arg) {
                case "run" -> { }
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
            platform = Platform.startForRun();
        } catch (IOException | IllegalStateException e) {
            System.err.println("standstill: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.printf("""

                Standstill is running.
                  web UI           %s
                  command-service  %s
                  admin token      %s
                Ctrl-C stops it.
                %n""", platform.queryUrl().resolve("/"), platform.commandUrl(), platform.adminToken());
        if (demo) {
            playDemo(platform);
        }
        Optional<String> unexpectedExit = platform.awaitServiceExit();
        if (unexpectedExit.isPresent()) {
            System.err.println("standstill: " + unexpectedExit.get());
            System.exit(1);
        }
    }

    /** Will play a simulated day of action against the platform. */
    private static void playDemo(Platform platform) {
        System.out.println("--demo: the simulated day is not available yet; the platform runs without it.");
    }
}
