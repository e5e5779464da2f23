package org.standstill.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One port in front of several instances of a service, for the run command: each TCP connection is handed to the next
 * instance in turn that accepts it, and bytes are copied both ways until either side closes. Working on connections,
 * not requests, it carries HTTP and WebSocket alike (a WebSocket stays on the instance it was opened on, as its STOMP
 * session must); an instance that is down is skipped, so the others serve in its place.
 */
final class Balancer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Balancer.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

    private final String name;
    private final ServerSocket server;
    private final List<URI> instances;
    private final AtomicInteger next = new AtomicInteger();
    private final Thread acceptor;

    /** Listens on {@code port} on every interface (phones on the network reach it as they would one instance). */
    Balancer(String name, int port, List<URI> instances) throws IOException {
        this.name = name;
        this.instances = List.copyOf(instances);
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(port));
        acceptor = new Thread(this::accept, name + "-balancer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI url() {
        return URI.create("http://localhost:" + server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("{} front: accepting failed: {}", name, e.toString());
                }
                continue;
            }
            Thread connection = new Thread(() -> forward(client), name + "-connection");
            connection.setDaemon(true);
            connection.start();
        }
    }

    private void forward(Socket client) {
        Socket instance = connect();
        if (instance == null) {
            log.warn("{} front: no instance accepts a connection", name);
            closeQuietly(client);
            return;
        }
        try {
            client.setTcpNoDelay(true);
            instance.setTcpNoDelay(true);
            Thread back = new Thread(() -> copy(instance, client), name + "-back");
            back.setDaemon(true);
            back.start();
            copy(client, instance);
            back.join();
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            closeQuietly(client);
            closeQuietly(instance);
        }
    }

    /** The next instance in turn that accepts a connection, or null when none does. */
    private Socket connect() {
        for (int tried = 0; tried < instances.size(); tried++) {
            URI target = instances.get(Math.floorMod(next.getAndIncrement(), instances.size()));
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(target.getHost(), target.getPort()), CONNECT_TIMEOUT_MILLIS);
                return socket;
            } catch (IOException down) {
                closeQuietly(socket);
            }
        }
        return null;
    }

    /** Copies until the end of {@code from}, then tells {@code to} that nothing more comes. */
    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException closed) {
            // one side went away: the connection ends
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    @Override
    public String toString() {
        return name + " front";
    }
}
