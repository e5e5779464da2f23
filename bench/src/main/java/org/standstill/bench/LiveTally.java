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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A dashboard's live connection: STOMP over a real WebSocket, subscribed to one day's tally (or map, or feed). */
public final class LiveTally implements AutoCloseable {

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
    private final StompSession session;

    public LiveTally(URI queryUrl, String token, String dayId) throws Exception {
        this(queryUrl, token, dayId, "tally");
    }

    /** Subscribed to one of the day's live views: {@code tally}, {@code map} or {@code feed}. */
    public LiveTally(URI queryUrl, String token, String dayId, String view) throws Exception {
        client.setMessageConverter(new JacksonJsonMessageConverter());
        StompHeaders connect = new StompHeaders();
        if (token != null) {
            connect.add("Authorization", "Bearer " + token);
        }
        URI ws = URI.create("ws://" + queryUrl.getAuthority() + "/ws");
        session = client.connectAsync(ws, new WebSocketHttpHeaders(), connect, new StompSessionHandlerAdapter() {
        }).get(10, TimeUnit.SECONDS);
        session.subscribe("/topic/days/" + dayId + "/" + view, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return JsonNode.class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                messages.add((JsonNode) payload);
            }
        });
    }

    /** The first message pushed from now on that satisfies {@code condition}, or null after {@code timeout}. */
    public JsonNode await(Predicate<JsonNode> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            JsonNode tally = messages.poll(left, TimeUnit.NANOSECONDS);
            if (tally != null && condition.test(tally)) {
                return tally;
            }
        }
        return null;
    }

    @Override
    public void close() {
        session.disconnect();
        client.stop();
    }
}
