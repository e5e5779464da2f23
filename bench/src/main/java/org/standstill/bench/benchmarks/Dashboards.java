package org.standstill.bench.benchmarks;

import org.springframework.messaging.converter.SimpleMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code n} coordinators' dashboards: STOMP over real WebSockets, each subscribed to a day's live tally, recording for
 * every message when it arrived (System.nanoTime) and the position it reflects. Payloads are kept as bytes and only
 * the position is read from them, so that the clients cost the machine as little as they can.
 */
final class Dashboards implements AutoCloseable {

    /** The messages one dashboard received: arrival times and positions, in order. */
    static final class Received {
        long[] nanos = new long[256];
        long[] positions = new long[256];
        int size;

        synchronized void add(long at, long position) {
            if (size == nanos.length) {
                nanos = java.util.Arrays.copyOf(nanos, size * 2);
                positions = java.util.Arrays.copyOf(positions, size * 2);
            }
            nanos[size] = at;
            positions[size] = position;
            size++;
        }

        synchronized void clear() {
            size = 0;
        }

        /** When the first message with a position of at least {@code position} arrived, or -1. */
        synchronized long firstReaching(long position) {
            int lo = 0;
            int hi = size - 1;
            int found = -1;
            while (lo <= hi) { // positions only grow on one connection
                int mid = (lo + hi) >>> 1;
                if (positions[mid] >= position) {
                    found = mid;
                    hi = mid - 1;
                } else {
                    lo = mid + 1;
                }
            }
            return found < 0 ? -1 : nanos[found];
        }
    }

    /** A campaign's tally carries every member day's: the WebSocket container's 8 KB default would close the session. */
    static final int MAX_MESSAGE = 4 << 20;
    private final WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient(container()));
    private final List<StompSession> sessions = new ArrayList<>();
    final List<Received> received = new ArrayList<>();
    final AtomicLong bytes = new AtomicLong();

    /** {@code n} dashboards on the day's tally. */
    Dashboards(URI queryUrl, String token, String dayId, int n) throws Exception {
        this(queryUrl, token, n, "/topic/days/" + dayId + "/tally");
    }

    /** {@code n} dashboards on a tally topic (a day's, or a campaign's). */
    Dashboards(URI queryUrl, String token, int n, String topic) throws Exception {
        client.setMessageConverter(new SimpleMessageConverter()); // payloads stay bytes, whatever their content type
        client.setInboundMessageSizeLimit(MAX_MESSAGE);
        URI ws = URI.create("ws://" + queryUrl.getAuthority() + "/ws");
        StompHeaders connect = new StompHeaders();
        connect.add("Authorization", "Bearer " + token);
        for (int start = 0; start < n; start += 50) {
            List<CompletableFuture<StompSession>> connecting = new ArrayList<>();
            for (int i = start; i < Math.min(n, start + 50); i++) {
                connecting.add(client.connectAsync(ws, new WebSocketHttpHeaders(), connect, new StompSessionHandlerAdapter() {
                }));
            }
            for (CompletableFuture<StompSession> session : connecting) {
                StompSession s = session.get(30, TimeUnit.SECONDS);
                Received r = new Received();
                s.subscribe(topic, new StompFrameHandler() {
                    @Override
                    public Type getPayloadType(StompHeaders headers) {
                        return byte[].class;
                    }

                    @Override
                    public void handleFrame(StompHeaders headers, Object payload) {
                        long at = System.nanoTime();
                        byte[] json = (byte[]) payload;
                        bytes.addAndGet(json.length);
                        r.add(at, position(json));
                    }
                });
                sessions.add(s);
                received.add(r);
            }
        }
    }

    private static jakarta.websocket.WebSocketContainer container() {
        jakarta.websocket.WebSocketContainer container = jakarta.websocket.ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(MAX_MESSAGE);
        container.setDefaultMaxBinaryMessageBufferSize(MAX_MESSAGE);
        return container;
    }

    /** The value of the first "position" field of a JSON message, without parsing the rest. */
    static long position(byte[] json) {
        String text = new String(json, StandardCharsets.US_ASCII);
        int at = text.indexOf("\"position\":");
        if (at < 0) {
            return -1;
        }
        int i = at + "\"position\":".length();
        long value = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            value = value * 10 + (text.charAt(i++) - '0');
        }
        return value;
    }

    long messages() {
        long total = 0;
        for (Received r : received) {
            synchronized (r) {
                total += r.size;
            }
        }
        return total;
    }

    void clear() {
        received.forEach(Received::clear);
        bytes.set(0);
    }

    @Override
    public void close() {
        for (StompSession session : sessions) {
            try {
                session.disconnect();
            } catch (RuntimeException e) {
                // already gone
            }
        }
        client.stop();
    }
}
