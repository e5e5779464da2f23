package org.standstill.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * STOMP 1.2 over a plain WebSocket, frame by frame, for the access tests: what the server answers a CONNECT, a
 * SUBSCRIBE or a SEND is seen as it is (an ERROR frame, a closed connection), not as a client library handles it.
 */
final class Stomp implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);
    /** What {@link #next()} answers when the server closed the connection. */
    static final String CLOSED = "CLOSED";
    static final String TIMEOUT = "TIMEOUT";

    private final BlockingQueue<String> frames;
    private final AtomicInteger ids = new AtomicInteger();
    private final WebSocket socket;

    private Stomp(WebSocket socket, BlockingQueue<String> frames) {
        this.socket = socket;
        this.frames = frames;
    }

    /** Opens {@code /ws} and sends CONNECT, with {@code Authorization: Bearer <token>} if a token is given. */
    static Stomp connect(URI queryUrl, String token) throws Exception {
        StringBuilder received = new StringBuilder();
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT)
                .buildAsync(URI.create("ws://" + queryUrl.getAuthority() + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        received.append(data);
                        int end;
                        while ((end = received.indexOf("\0")) >= 0) {
                            String frame = received.substring(0, end).replaceFirst("^[\r\n]+", "");
                            received.delete(0, end + 1);
                            if (!frame.isBlank()) {
                                frames.add(frame);
                            }
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        frames.add(CLOSED);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        frames.add(CLOSED);
                    }
                }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Stomp stomp = new Stomp(socket, frames);
        stomp.frame("CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n"
                + (token == null ? "" : "Authorization:Bearer " + token + "\n"), "");
        return stomp;
    }

    void subscribe(String destination) {
        frame("SUBSCRIBE\nid:sub-" + ids.incrementAndGet() + "\ndestination:" + destination + "\n", "");
    }

    void send(String destination, String body) {
        frame("SEND\ndestination:" + destination + "\ncontent-type:application/json\n", body);
    }

    /** The next frame from the server, {@link #CLOSED} if the connection was closed, or {@link #TIMEOUT}. */
    String next() throws InterruptedException {
        String frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return frame == null ? TIMEOUT : frame;
    }

    /** A frame's command (its first line). */
    static String command(String frame) {
        int end = frame.indexOf('\n');
        return end < 0 ? frame : frame.substring(0, end);
    }

    private void frame(String headers, String body) {
        try {
            socket.sendText(headers + "\n" + body + "\0", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception closed) {
            // The server closed the connection: onClose says so, after the frames it sent before closing (an ERROR
            // frame among them), which a CLOSED queued here could overtake.
        }
    }

    @Override
    public void close() {
        socket.abort();
    }
}
