package org.standstill.bench;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two query-service instances with the STOMP broker relay to RabbitMQ ({@code STANDSTILL_STOMP_RELAY}): a client of
 * each receives the same topics and messages as with the simple broker — the tally, the feed — sent by the one
 * instance that holds the sender's lock; when that instance is killed, the other takes the lock over and the pushes go
 * on. Needs RabbitMQ with its STOMP plugin on localhost:61613 (started here if RabbitMQ is installed but not running).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StompRelayIT {

    static final String RELAY = "localhost:61613";
    static final Duration WAIT = Duration.ofSeconds(60);

    Platform platform;
    StaffClient staff;

    @BeforeAll
    void start() throws Exception {
        RabbitStomp.require(RELAY);
        platform = Platform.startForTests(1, 2, Map.of("STANDSTILL_STOMP_RELAY", RELAY));
        staff = new StaffClient(platform);
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void clientsOfBothInstances_receiveTheSameTopics_fromOneSender_andFromTheOtherOnceItIsKilled() throws Exception {
        String day = staff.openDay("relay");
        List<LiveTally> tallies = new ArrayList<>();
        List<LiveTally> feeds = new ArrayList<>();
        try {
            for (URI query : platform.queryUrls()) {
                tallies.add(new LiveTally(query, staff.coordinator, day, "tally"));
                feeds.add(new LiveTally(query, staff.coordinator, day, "feed"));
            }
            Api.Answer first = staff.closure(day, "Relay Hardware", 44.98, -93.27, "CLOSED");
            long position = first.body().path("position").asLong();
            String reportId = first.body().path("reportId").asString();
            for (int i = 0; i < 2; i++) {
                JsonNode tally = tallies.get(i).await(t -> t.path("position").asLong() >= position, WAIT);
                assertThat(tally).as("a tally at %d on instance %d's client", position, i).isNotNull();
                assertThat(tally.path("businesses").path("closed").asLong()).isEqualTo(1);
                assertThat(tally.path("dayId").asString()).isEqualTo(day);
                JsonNode report = feeds.get(i).await(r -> r.path("reportId").asString().equals(reportId), WAIT);
                assertThat(report).as("the feed's report on instance %d's client", i).isNotNull();
                assertThat(report.path("status").asString()).isEqualTo("CLOSED");
            }

            int sender = awaitSender();
            int other = 1 - sender;
            platform.killQueryInstance(sender);
            Api.Answer second = staff.closure(day, "Relay Bakery", 44.981, -93.271, "CLOSED");
            long next = second.body().path("position").asLong();
            JsonNode tally = tallies.get(other).await(t -> t.path("position").asLong() >= next, WAIT);
            assertThat(tally).as("after the sender was killed, the other instance's client still gets the tally").isNotNull();
            assertThat(tally.path("businesses").path("closed").asLong()).isEqualTo(2);
            assertThat(awaitSender()).isEqualTo(other);
        } finally {
            for (LiveTally client : tallies) {
                closeQuietly(client);
            }
            for (LiveTally client : feeds) {
                closeQuietly(client);
            }
        }
    }

    /** The query instance (0 or 1) whose connection holds the live views' sender lock. */
    private int awaitSender() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> holder = senderName();
            for (int i = 0; i < 2; i++) {
                if (holder.isPresent() && holder.get().startsWith("standstill-live " + platform.queryPids().get(i) + "@")) {
                    return i;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No query instance holds the live views' sender lock");
    }

    private Optional<String> senderName() throws Exception {
        try (Connection db = DriverManager.getConnection(platform.jdbcUrl(), platform.databaseUsername(),
                platform.databasePassword()); PreparedStatement statement = db.prepareStatement("""
                SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'standstill-live %'
                  AND a.datname = current_database()""");
             ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private static void closeQuietly(LiveTally client) {
        try {
            client.close();
        } catch (IllegalStateException closedByTheKill) {
            // its instance is gone
        }
    }

    /** RabbitMQ's STOMP plugin, which the relay needs: started if RabbitMQ is installed here, else a clear failure. */
    static final class RabbitStomp {

        private RabbitStomp() {
        }

        static void require(String address) throws Exception {
            String host = address.substring(0, address.lastIndexOf(':'));
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            if (listening(host, port)) {
                return;
            }
            StringBuilder tried = new StringBuilder();
            if (!listening(host, 5672)) {
                tried.append(run("rabbitmq-server", "-detached"));
                await(host, 5672, Duration.ofSeconds(60));
            }
            tried.append(run("rabbitmq-plugins", "enable", "rabbitmq_stomp"));
            if (!await(host, port, Duration.ofSeconds(30))) {
                throw new AssertionError("RabbitMQ's STOMP plugin is not listening on " + address + ", which the broker"
                        + " relay test needs. Install RabbitMQ (apt-get install -y rabbitmq-server), start it"
                        + " (rabbitmq-server -detached) and enable the plugin (rabbitmq-plugins enable rabbitmq_stomp)."
                        + tried);
            }
        }

        private static String run(String... command) throws InterruptedException {
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes());
                process.waitFor();
                return "\n" + String.join(" ", command) + ": exit " + process.exitValue() + " " + output.strip();
            } catch (IOException e) {
                return "\n" + String.join(" ", command) + ": " + e.getMessage();
            }
        }

        private static boolean await(String host, int port, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (listening(host, port)) {
                    return true;
                }
                Thread.sleep(500);
            }
            return false;
        }

        private static boolean listening(String host, int port) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
