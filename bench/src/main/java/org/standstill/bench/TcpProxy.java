package org.standstill.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free local port in front of one target (PostgreSQL), so that a test can cut a service's
 * connections to the database: {@link #cut()} resets every open connection, and while {@link #refusing(boolean)
 * refusing} each new connection is reset as soon as it is accepted, as a broken network would.
 */
public final class TcpProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TcpProxy.class);

    private final String name;
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean refusing;
    private volatile boolean closed;

    public TcpProxy(String name, String targetHost, int targetPort) throws IOException {
        this.name = name;
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port services connect to instead of the target's. */
    public int port() {
        return server.getLocalPort();
    }

    /** How many connections were accepted so far (refused ones included). */
    public int accepted() {
        return accepted.get();
    }

    /** Resets every open connection, both ends; answers how many there were. */
    public int cut() {
        int cut = 0;
        for (Socket socket : open) {
            reset(socket);
            cut++;
        }
        log.info("Proxy {}: cut {} sockets", name, cut);
        return cut / 2;
    }

    /** While true, a new connection is reset at once. */
    public void refusing(boolean refusing) {
        this.refusing = refusing;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("Proxy {} stopped accepting: {}", name, e.toString());
                }
                return;
            }
            accepted.incrementAndGet();
            if (refusing) {
                reset(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 2000);
            } catch (IOException e) {
                reset(client);
                closeQuietly(upstream);
                continue;
            }
            open.add(client);
            open.add(upstream);
            pipe(client, upstream, "up");
            pipe(upstream, client, "down");
        }
    }

    private void pipe(Socket from, Socket to, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ended) {
                // one side closed or was reset: the other goes too
            } finally {
                reset(from);
                reset(to);
            }
        }, "proxy-" + name + "-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes with an RST rather than a FIN: the peer learns at once that the connection is gone. */
    private void reset(Socket socket) {
        open.remove(socket);
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException alreadyClosed) {
            // nothing to reset
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        open.forEach(this::reset);
    }

    @Override
    public String toString() {
        return "proxy " + name + " :" + port() + " -> " + target;
    }
}
