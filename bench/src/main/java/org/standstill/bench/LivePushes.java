package org.standstill.bench;

import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;
import tools.jackson.databind.JsonNode;

import java.lang.reflect.Type;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A coordinator's dashboard that stays: subscribed to one day's live tally over STOMP, and connecting again (every
 * 200 ms until it can) whenever its connection is lost, as the web UI does. Records when each tally arrived and the
 * position it reflects.
 */
public final class LivePushes implements AutoCloseable {

    /** A tally received: its arrival ({@link System#nanoTime()}), its position and its {@code reports.total}. */
    public record Push(long nanos, long position, long total) {
    }

    private final WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
    private final URI ws;
    private final String token;
    private final String dayId;
    private final List<Push> pushes = new ArrayList<>();
    private final Thread keeper;
    private volatile StompSession session;
    private volatile boolean closed;
    private volatile int connections;

    public LivePushes(URI queryUrl, String token, String dayId) {
        this.ws = URI.create("ws://" + queryUrl.getAuthority() + "/ws");
        this.token = token;
        this.dayId = dayId;
        client.setMessageConverter(new JacksonJsonMessageConverter());
        keeper = new Thread(this::keepConnected, "live-pushes");
        keeper.setDaemon(true);
        keeper.start();
    }

    private void keepConnected() {
        while (!closed) {
            StompSession current = session;
            if (current == null || !current.isConnected()) {
                try {
                    StompHeaders connect = new StompHeaders();
                    connect.add("Authorization", "Bearer " + token);
                    StompSession connected = client.connectAsync(ws, new WebSocketHttpHeaders(), connect,
                            new StompSessionHandlerAdapter() {
                            }).get(5, TimeUnit.SECONDS);
                    connected.subscribe("/topic/days/" + dayId + "/tally", new StompFrameHandler() {
                        @Override
                        public Type getPayloadType(StompHeaders headers) {
                            return JsonNode.class;
                        }

                        @Override
                        public void handleFrame(StompHeaders headers, Object payload) {
                            JsonNode tally = (JsonNode) payload;
                            received(new Push(System.nanoTime(), tally.path("position").asLong(-1),
                                    tally.path("reports").path("total").asLong(-1)));
                        }
                    });
                    session = connected;
                    connections++;
                } catch (Exception notYet) {
                    session = null;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void received(Push push) {
        pushes.add(push);
        notifyAll();
    }

    /** How many times it has connected (1 + reconnections). */
    public int connections() {
        return connections;
    }

    /** The highest position pushed so far, or -1. */
    public synchronized long lastPosition() {
        return pushes.isEmpty() ? -1 : pushes.get(pushes.size() - 1).position();
    }

    /**
     * The first tally that arrived after {@code afterNanos} reflecting {@code position} or beyond, waiting up to
     * {@code timeout} for it; null if none came.
     */
    public synchronized Push firstReaching(long position, long afterNanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int from = 0;
        while (true) {
            for (int i = from; i < pushes.size(); i++) {
                Push push = pushes.get(i);
                if (push.nanos() > afterNanos && push.position() >= position) {
                    return push;
                }
            }
            from = pushes.size();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    @Override
    public void close() {
        closed = true;
        keeper.interrupt();
        StompSession current = session;
        if (current != null) {
            try {
                current.disconnect();
            } catch (RuntimeException alreadyGone) {
                // the service went first
            }
        }
        client.stop();
    }
}
