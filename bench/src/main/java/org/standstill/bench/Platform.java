package org.standstill.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A whole Standstill platform: a PostgreSQL database, and command-service and query-service running as child
 * processes of this JVM. Closing it, or this JVM ending, stops the services and then gives the database back.
 */
public final class Platform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Platform.class);
    /** How long the services may take to start: 300 s, or {@code -Dstandstill.startup-timeout=<seconds>} on a busy machine. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(Long.getLong("standstill.startup-timeout", 300));
    private static final int RUN_QUERY_PORT = 8080;
    private static final int RUN_COMMAND_PORT = 8081;
    private static final int RUN_POSTGRES_PORT = 54329;

    private final Secrets secrets;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Thread shutdownHook = new Thread(this::close, "standstill-shutdown");
    private boolean closed;
    private Database database;
    private ServiceProcess commandService;
    private ServiceProcess queryService;
    private List<String> commandJvmOptions = List.of();
    private List<String> queryJvmOptions = List.of();
    private Path queryJar;
    private int queryPort;
    private Map<String, String> queryEnvironment;
    private Path commandJar;
    private int commandPort;
    private Map<String, String> commandEnvironment;
    private Path logs;
    private volatile boolean queryStopped;
    /** How many instances of each service run (the first of each is {@code commandService}, {@code queryService}). */
    private int commandInstances = 1;
    private int queryInstances = 1;
    /** With {@link #commandInstances}/{@link #queryInstances} above one, whether one port fronts each service. */
    private boolean fronted;
    private final List<ServiceProcess> commandServices = new ArrayList<>();
    private final List<ServiceProcess> queryServices = new ArrayList<>();
    private final java.util.Set<ServiceProcess> killed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Balancer commandFront;
    private Balancer queryFront;
    private volatile boolean commandStopped;
    /** Between each service and PostgreSQL, when started {@link #startForFaults with faults}; else null. */
    private TcpProxy commandProxy;
    private TcpProxy queryProxy;
    private boolean withProxies;
    private Duration startupTimeout = STARTUP_TIMEOUT;

    private Platform(Secrets secrets) {
        this.secrets = secrets;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * The platform of the run command: the database named by SPRING_DATASOURCE_URL, _USERNAME and _PASSWORD, else an
     * embedded PostgreSQL keeping its data in {@code .standstill/pgdata} on port 54329 (or STANDSTILL_PG_PORT);
     * query-service on 8080, command-service on 8081, logs in {@code .standstill/logs}. Secrets not set in the
     * environment are generated once and kept in {@code .standstill/secrets.properties}.
     */
    public static Platform startForRun() throws IOException, InterruptedException {
        return startForRun(1);
    }

    /**
     * As {@link #startForRun()}, with {@code instances} instances of each service on ports of their own, behind one
     * port per service (8080 and 8081): connections go to the instances in turn ({@link Balancer}).
     */
    public static Platform startForRun(int instances) throws IOException, InterruptedException {
        Path home = home();
        Path state = home.resolve(".standstill");
        Path logs = state.resolve("logs");
        int postgresPort = Integer.parseInt(System.getenv().getOrDefault("STANDSTILL_PG_PORT", "" + RUN_POSTGRES_PORT));
        Map<String, String> querySettings = new HashMap<>();
        commandUrlForBrowsers(System.getenv("STANDSTILL_COMMAND_URL"), System.getenv("STANDSTILL_PUBLIC_URL"),
                RUN_COMMAND_PORT).ifPresent(url -> querySettings.put("STANDSTILL_COMMAND_URL", url));
        Platform platform = new Platform(Secrets.persistent(state.resolve("secrets.properties")));
        platform.commandInstances = instances;
        platform.queryInstances = instances;
        platform.fronted = instances > 1;
        return platform.start(home, logs,
                RUN_QUERY_PORT, RUN_COMMAND_PORT, Map.of(), querySettings, () -> Database.fromEnvironment()
                        .orElseGet(() -> Database.embedded(state.resolve("pgdata"), postgresPort, logs)));
    }

    /**
     * Where browsers reach command-service, when not this machine's {@code localhost}: STANDSTILL_COMMAND_URL as set,
     * else the host of STANDSTILL_PUBLIC_URL at the command port (phones that open the public URL send their reports
     * there). Empty: the local address, which query-service answers with the host each browser used.
     */
    static Optional<String> commandUrlForBrowsers(String commandUrl, String publicUrl, int commandPort) {
        if (commandUrl != null && !commandUrl.isBlank()) {
            return Optional.of(commandUrl.strip());
        }
        if (publicUrl == null || publicUrl.isBlank()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(publicUrl.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("STANDSTILL_PUBLIC_URL is not an address: " + publicUrl, e);
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalStateException("STANDSTILL_PUBLIC_URL must be an address such as http://192.168.1.20:8080"
                    + " (it is " + publicUrl + ")");
        }
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
        return Optional.of(uri.getScheme() + "://" + host + ":" + commandPort);
    }

    /**
     * A platform for tests: a new, empty database (see STANDSTILL_TEST_DATABASE_URL), services on free ports, logs in
     * {@code bench/target/it-logs}, secrets from the environment or random. A reporter's sustained rate is one request
     * a second (the burst stays as configured), so that a test reaches the limit in a known number of requests.
     * Integrity checkpoints are recorded every 3 s, of events older than 1 s, so that a test sees its day's
     * checkpoint within seconds rather than a minute and a half. The public URL (STANDSTILL_PUBLIC_URL) is
     * query-service's address written {@code http://127.0.0.1:<port>}, as a phone would be given one, while the tests
     * browse at {@code http://localhost:<port>}: a link built from the public URL is told apart from the page's own.
     */
    public static Platform startForTests() throws IOException, InterruptedException {
        return startForTests(Map.of());
    }

    /** As {@link #startForTests()}, with {@code querySettings} added to (or replacing) query-service's environment. */
    public static Platform startForTests(Map<String, String> querySettings) throws IOException, InterruptedException {
        return startForTests(1, 1, querySettings);
    }

    /**
     * As {@link #startForTests(Map)}, with {@code commandInstances} command-service and {@code queryInstances}
     * query-service instances on one database, each on a free port of its own (no port in front of them: a test
     * chooses the instance it talks to; see {@link #commandUrls()}, {@link #queryUrls()}).
     */
    public static Platform startForTests(int commandInstances, int queryInstances, Map<String, String> querySettings)
            throws IOException, InterruptedException {
        Path home = home();
        Path logs = home.resolve("bench").resolve("target").resolve("it-logs");
        int queryPort;
        int commandPort;
        try (ServerSocket first = new ServerSocket(0); ServerSocket second = new ServerSocket(0)) {
            queryPort = first.getLocalPort();
            commandPort = second.getLocalPort();
        }
        Map<String, String> query = new HashMap<>();
        query.put("STANDSTILL_PUBLIC_URL", "http://127.0.0.1:" + queryPort);
        query.putAll(querySettings);
        Platform platform = new Platform(Secrets.fromEnvironmentOrRandom());
        platform.commandInstances = commandInstances;
        platform.queryInstances = queryInstances;
        return platform
                .start(home, logs, queryPort, commandPort, Map.of("STANDSTILL_LIMITS_REPORTER_PER_SECOND", "1",
                                "STANDSTILL_CHECKPOINT_INTERVAL", "PT3S", "STANDSTILL_CHECKPOINT_SETTLE", "PT1S"),
                        query, () -> Database.fresh(logs));
    }

    /**
     * A platform for a benchmark: a new, empty and durable database (fsync on; see {@link Database#freshDurable}),
     * services on free ports with {@code commandSettings} added to the command service's environment and the given
     * JVM options, logs in {@code bench/target/bench-logs}, random secrets.
     */
    public static Platform startForBench(Map<String, String> commandSettings, List<String> commandJvmOptions,
                                         List<String> queryJvmOptions) throws IOException, InterruptedException {
        return startForBench(1, 1, commandSettings, Map.of(), commandJvmOptions, queryJvmOptions);
    }

    /**
     * As {@link #startForBench(Map, List, List)}, with several instances of each service, each on a port of its own,
     * and {@code querySettings} added to query-service's environment.
     */
    public static Platform startForBench(int commandInstances, int queryInstances, Map<String, String> commandSettings,
                                         Map<String, String> querySettings, List<String> commandJvmOptions,
                                         List<String> queryJvmOptions) throws IOException, InterruptedException {
        Path home = home();
        Path logs = home.resolve("bench").resolve("target").resolve("bench-logs");
        int queryPort;
        int commandPort;
        try (ServerSocket first = new ServerSocket(0); ServerSocket second = new ServerSocket(0)) {
            queryPort = first.getLocalPort();
            commandPort = second.getLocalPort();
        }
        Platform platform = new Platform(Secrets.fromEnvironmentOrRandom());
        platform.commandInstances = commandInstances;
        platform.queryInstances = queryInstances;
        platform.commandJvmOptions = List.copyOf(commandJvmOptions);
        platform.queryJvmOptions = List.copyOf(queryJvmOptions);
        return platform.start(home, logs, queryPort, commandPort, commandSettings, querySettings,
                () -> Database.freshDurable(logs));
    }

    /**
     * A platform of its own for the fault tests and the faults benchmark: its own embedded PostgreSQL, which can be
     * crashed and started again ({@link #crashAndRestartDatabase()}; fsync on when {@code durable}), each service
     * reaching it through a {@link TcpProxy} of its own that can cut its connections ({@link #proxyOf}), services on
     * free ports, logs in {@code logs}, random secrets. {@code commandSettings} and {@code querySettings} are added to
     * each service's environment.
     */
    public static Platform startForFaults(Path logs, boolean durable, Map<String, String> commandSettings,
                                          Map<String, String> querySettings, List<String> jvmOptions)
            throws IOException, InterruptedException {
        int queryPort;
        int commandPort;
        try (ServerSocket first = new ServerSocket(0); ServerSocket second = new ServerSocket(0)) {
            queryPort = first.getLocalPort();
            commandPort = second.getLocalPort();
        }
        Platform platform = new Platform(Secrets.fromEnvironmentOrRandom());
        platform.commandJvmOptions = List.copyOf(jvmOptions);
        platform.queryJvmOptions = List.copyOf(jvmOptions);
        platform.withProxies = true;
        // Started again and again while the machine is busy with the faults' load: more patience than for one start.
        platform.startupTimeout = Duration.ofSeconds(300);
        return platform.start(home(), logs, queryPort, commandPort, commandSettings, querySettings,
                () -> Database.restartable(logs, durable));
    }

    /**
     * The repository: the system property standstill.home if set, else the nearest directory at or above the working
     * directory that holds mvnw and command-service/.
     */
    public static Path home() {
        String property = System.getProperty("standstill.home");
        if (property != null) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path workingDirectory = Path.of("").toAbsolutePath();
        for (Path directory = workingDirectory; directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve("mvnw")) && Files.isDirectory(directory.resolve("command-service"))) {
                return directory;
            }
        }
        throw new IllegalStateException("No Standstill repository at or above " + workingDirectory
                + ": run from inside it, or pass -Dstandstill.home=<repository>");
    }

    static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private Platform start(Path home, Path logs, int queryPort, int commandPort, Map<String, String> commandSettings,
                           Map<String, String> querySettings, Supplier<Database> newDatabase)
            throws IOException, InterruptedException {
        try {
            Path commandJar = ServiceProcess.jar(home, "command-service");
            Path queryJar = ServiceProcess.jar(home, "query-service");
            requireFree(commandPort, "command-service");
            requireFree(queryPort, "query-service");
            database = own(newDatabase.get());
            Map<String, String> environment = Map.of(
                    "SPRING_DATASOURCE_USERNAME", database.username,
                    "SPRING_DATASOURCE_PASSWORD", database.password,
                    "STANDSTILL_TOKEN_SECRET", secrets.tokenSecret(),
                    "STANDSTILL_ADMIN_TOKEN", secrets.adminToken(),
                    "AXONIQ_UPDATE_CHECKER_DISABLED", "true");
            Map<String, String> commandEnvironment = new HashMap<>(environment);
            Map<String, String> queryEnvironment = new HashMap<>(environment);
            if (withProxies) {
                commandProxy = own(new TcpProxy("command-service", "localhost", database.port()));
                queryProxy = own(new TcpProxy("query-service", "localhost", database.port()));
                commandEnvironment.put("SPRING_DATASOURCE_URL", database.jdbcUrl.replace(":" + database.port() + "/",
                        ":" + commandProxy.port() + "/"));
                queryEnvironment.put("SPRING_DATASOURCE_URL", database.jdbcUrl.replace(":" + database.port() + "/",
                        ":" + queryProxy.port() + "/"));
            } else {
                commandEnvironment.put("SPRING_DATASOURCE_URL", database.jdbcUrl);
                queryEnvironment.put("SPRING_DATASOURCE_URL", database.jdbcUrl);
            }
            commandEnvironment.putAll(commandSettings);
            this.commandJar = commandJar;
            this.commandPort = commandPort;
            this.commandEnvironment = Map.copyOf(commandEnvironment);
            List<Integer> commandPorts = instancePorts(commandPort, commandInstances);
            for (int i = 0; i < commandInstances; i++) {
                commandServices.add(own(ServiceProcess.start(instanceName("command-service", i), commandJar,
                        commandPorts.get(i), commandEnvironment, commandJvmOptions, logs)));
            }
            commandService = commandServices.get(0);
            if (fronted) {
                commandFront = own(new Balancer("command-service", commandPort,
                        commandServices.stream().map(service -> service.url).toList()));
            }
            queryEnvironment.put("STANDSTILL_COMMAND_URL", commandUrl().toString());
            queryEnvironment.putAll(querySettings);
            this.queryJar = queryJar;
            this.queryPort = queryPort;
            this.queryEnvironment = Map.copyOf(queryEnvironment);
            this.logs = logs;
            List<Integer> queryPorts = instancePorts(queryPort, queryInstances);
            for (int i = 0; i < queryInstances; i++) {
                queryServices.add(own(ServiceProcess.start(instanceName("query-service", i), queryJar, queryPorts.get(i),
                        queryEnvironment, queryJvmOptions, logs)));
            }
            queryService = queryServices.get(0);
            if (fronted) {
                queryFront = own(new Balancer("query-service", queryPort,
                        queryServices.stream().map(service -> service.url).toList()));
            }
            List<ServiceProcess> all = new ArrayList<>(commandServices);
            all.addAll(queryServices);
            log.info("Waiting for {} (logs in {})", all, logs);
            awaitHealthy(all);
            return this;
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** {@code name} for the first instance, {@code name-2}, {@code name-3}... for the others (and their logs). */
    private static String instanceName(String name, int index) {
        return index == 0 ? name : name + "-" + (index + 1);
    }

    /**
     * The ports of a service's instances: {@code port} for the first and free ones for the others; all free ones when
     * a front takes {@code port}.
     */
    private List<Integer> instancePorts(int port, int instances) throws IOException {
        List<Integer> ports = new ArrayList<>();
        List<ServerSocket> probes = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                if (i == 0 && !fronted) {
                    ports.add(port);
                } else {
                    ServerSocket probe = new ServerSocket(0);
                    probes.add(probe);
                    ports.add(probe.getLocalPort());
                }
            }
        } finally {
            for (ServerSocket probe : probes) {
                probe.close();
            }
        }
        return ports;
    }

    /** Checked before starting: a service left running on the port would answer the health checks for this one. */
    private static void requireFree(int port, String service) {
        if (!isFree(port)) {
            throw new IllegalStateException("Port " + port + " is taken, so " + service + " cannot start there. "
                    + "Is standstill already running?");
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        synchronized (this) {
            if (!closed) {
                resources.push(resource);
                return resource;
            }
        }
        closeQuietly(resource);
        throw stoppedWhileStarting();
    }

    private void awaitHealthy(List<ServiceProcess> services) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long started = System.nanoTime();
        // JVMs starting side by side share the cores: a minute more for each beyond two.
        Duration timeout = startupTimeout.plus(Duration.ofMinutes(Math.max(0, services.size() - 2)));
        List<ServiceProcess> waiting = new ArrayList<>(services);
        while (true) {
            for (Iterator<ServiceProcess> i = waiting.iterator(); i.hasNext(); ) {
                ServiceProcess service = i.next();
                boolean healthy;
                try {
                    healthy = service.healthy(http);
                } catch (IllegalStateException exited) {
                    throw isClosed() ? stoppedWhileStarting() : exited;
                }
                if (healthy) {
                    log.info("{} is up at {} after {} s", service.name, service.url, (System.nanoTime() - started) / 1_000_000_000);
                    i.remove();
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() - started > timeout.toNanos()) {
                ServiceProcess late = waiting.get(0);
                throw new IllegalStateException(late.name + " is not healthy after " + timeout.toSeconds()
                        + " s. " + late.logTail());
            }
            Thread.sleep(250);
        }
    }

    private static IllegalStateException stoppedWhileStarting() {
        return new IllegalStateException("The platform was stopped while starting");
    }

    /**
     * Stops query-service and leaves the database and command-service running, e.g. to let a backlog of events build
     * up that its live projection then catches up with once {@link #startQueryService() started} again.
     */
    public void stopQueryService() throws InterruptedException {
        ServiceProcess stopping;
        synchronized (this) {
            stopping = queryService;
            resources.remove(stopping);
            queryStopped = true;
        }
        stopping.close();
    }

    /**
     * Starts query-service again, on the same port with the same settings (its log is appended to), and waits until
     * it is healthy. Answers the {@link System#nanoTime()} at which its process was started.
     */
    public long startQueryService() throws IOException, InterruptedException {
        if (!queryStopped || queryService.alive()) {
            throw new IllegalStateException("query-service is running");
        }
        requireFree(queryPort, "query-service");
        long started = System.nanoTime();
        queryService = own(ServiceProcess.start("query-service", queryJar, queryPort, queryEnvironment, queryJvmOptions,
                logs, true));
        queryServices.set(0, queryService);
        queryStopped = false;
        awaitHealthy(List.of(queryService));
        return started;
    }

    /**
     * Kills the service ({@code command-service} or {@code query-service}) with SIGKILL, as {@code kill -9} would:
     * no shutdown hook, no graceful close of its connections. Start it again with {@link #startCommandService()} or
     * {@link #startQueryService()}.
     */
    public void kill(String service) throws InterruptedException {
        ServiceProcess killing;
        synchronized (this) {
            killing = service(service);
            resources.remove(killing);
            if (killing == queryService) {
                queryStopped = true;
            } else {
                commandStopped = true;
            }
        }
        killing.kill();
        log.info("Killed {} (pid {}) with SIGKILL", service, killing.pid());
    }

    /**
     * Starts command-service again after {@link #kill}, on the same port with the same settings (its log is appended
     * to), and waits until it answers its health check. Answers the {@link System#nanoTime()} of its process start.
     */
    public long startCommandService() throws IOException, InterruptedException {
        if (!commandStopped || commandService.alive()) {
            throw new IllegalStateException("command-service is running");
        }
        requireFree(commandPort, "command-service");
        long started = System.nanoTime();
        commandService = own(ServiceProcess.start("command-service", commandJar, commandPort, commandEnvironment,
                commandJvmOptions, logs, true));
        commandServices.set(0, commandService);
        commandStopped = false;
        awaitHealthy(List.of(commandService));
        return started;
    }

    /** The proxy between the service ({@code command-service} or {@code query-service}) and PostgreSQL. */
    public TcpProxy proxyOf(String service) {
        TcpProxy proxy = service.equals("command-service") ? commandProxy : service.equals("query-service") ? queryProxy : null;
        if (proxy == null) {
            throw new IllegalStateException("No proxy for " + service + ": start the platform with startForFaults");
        }
        return proxy;
    }

    /** Crashes PostgreSQL and starts it again on the same port and data (a platform {@link #startForFaults}). */
    public void crashAndRestartDatabase() throws IOException, InterruptedException {
        database.crashAndRestart();
    }

    private ServiceProcess service(String name) {
        return switch (name) {
            case "command-service" -> commandService;
            case "query-service" -> queryService;
            default -> throw new IllegalArgumentException("No service " + name);
        };
    }

    /** Whether both services' processes are still running (a query-service stopped on purpose counts as running). */
    public boolean servicesAlive() {
        return exitedService().isEmpty();
    }

    /** The JVM options each service was started with (before {@code -jar}). */
    public Map<String, List<String>> jvmOptions() {
        return Map.of("command-service", ServiceProcess.jvmOptions("command-service", commandJvmOptions),
                "query-service", ServiceProcess.jvmOptions("query-service", queryJvmOptions));
    }

    /** The service's log file, where an OutOfMemoryError or a stack trace would show. */
    public Path logOf(String service) {
        return logs.resolve(service + ".log");
    }

    /** A service that has ended (by itself, not stopped by us), with the end of its log; empty while both run. */
    public Optional<String> exitedService() {
        List<ServiceProcess> all = new ArrayList<>(commandServices);
        all.addAll(queryServices);
        for (ServiceProcess service : all) {
            if (!service.alive() && !isClosed() && !(service == queryService && queryStopped)
                    && !(service == commandService && commandStopped) && !killed.contains(service)) {
                return Optional.of(service.name + " has stopped. " + service.logTail());
            }
        }
        return Optional.empty();
    }

    /** Blocks until a service ends by itself and answers what happened; answers nothing if the platform was closed. */
    Optional<String> awaitServiceExit() {
        List<ServiceProcess> all = new ArrayList<>(commandServices);
        all.addAll(queryServices);
        CompletableFuture.anyOf(all.stream().map(ServiceProcess::onExit).toArray(CompletableFuture[]::new)).join();
        if (isClosed()) {
            return Optional.empty();
        }
        ServiceProcess ended = all.stream().filter(service -> service.onExit().isDone()).findFirst().orElseThrow();
        return Optional.of(ended.name + " stopped by itself. " + ended.logTail());
    }

    /** query-service, which also serves the web UI at {@code /} (the port in front of its instances, if any). */
    public URI queryUrl() {
        return queryFront != null ? queryFront.url() : queryService.url;
    }

    /** command-service (the port in front of its instances, if any). */
    public URI commandUrl() {
        return commandFront != null ? commandFront.url() : commandService.url;
    }

    /** Each command-service instance's own address, the first one's first. */
    public List<URI> commandUrls() {
        return commandServices.stream().map(service -> service.url).toList();
    }

    /** Each query-service instance's own address, the first one's first. */
    public List<URI> queryUrls() {
        return queryServices.stream().map(service -> service.url).toList();
    }

    /** The process ids of the query-service instances' JVMs, the first one's first. */
    public List<Long> queryPids() {
        return queryServices.stream().map(ServiceProcess::pid).toList();
    }

    /** The process ids of the command-service instances' JVMs, the first one's first. */
    public List<Long> commandPids() {
        return commandServices.stream().map(ServiceProcess::pid).toList();
    }

    /** Kills query-service instance {@code index} with SIGKILL (no shutdown of any kind) and waits until it is gone. */
    public void killQueryInstance(int index) throws InterruptedException {
        ServiceProcess victim = queryServices.get(index);
        killed.add(victim);
        victim.kill();
    }

    /** The process id of command-service's JVM (for /proc, jcmd). */
    public long commandPid() {
        return commandService.pid();
    }

    /** The process id of query-service's JVM (for /proc, jcmd). */
    public long queryPid() {
        return queryService.pid();
    }

    /** The bearer token of the ADMIN role. */
    public String adminToken() {
        return secrets.adminToken();
    }

    /** The HMAC secret the services sign and check tokens with. */
    public String tokenSecret() {
        return secrets.tokenSecret();
    }

    /** The database of both services, to inspect or modify directly. */
    public String jdbcUrl() {
        return database.jdbcUrl;
    }

    public String databaseUsername() {
        return database.username;
    }

    public String databasePassword() {
        return database.password;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Stops the services, then the database (an embedded one) or drops it (a test database on a server). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!resources.isEmpty()) {
            log.info("Stopping the platform");
        }
        while (!resources.isEmpty()) {
            closeQuietly(resources.pop());
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Already running the hooks, maybe this one: nothing to remove.
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Cannot stop {}: {}", resource, e.toString());
        }
    }
}
