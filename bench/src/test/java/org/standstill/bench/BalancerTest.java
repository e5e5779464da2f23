package org.standstill.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The run command's front: one port, connections to the instances in turn, an instance that is down skipped. */
class BalancerTest {

    final List<HttpServer> instances = new ArrayList<>();
    Balancer front;

    @AfterEach
    void stop() throws IOException {
        if (front != null) {
            front.close();
        }
        instances.forEach(server -> server.stop(0));
    }

    @Test
    void connections_goToTheInstancesInTurn_andSkipOneThatIsDown() throws Exception {
        for (String name : List.of("first", "second")) {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = (name + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            instances.add(server);
        }
        front = new Balancer("test", 0, instances.stream()
                .map(server -> URI.create("http://localhost:" + server.getAddress().getPort())).toList());

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(post("hello " + i));
        }
        assertThat(answers).containsExactly("first hello 0", "second hello 1", "first hello 2", "second hello 3");

        instances.get(0).stop(0);
        List<String> afterwards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            afterwards.add(post("again " + i));
        }
        assertThat(afterwards).containsExactly("second again 0", "second again 1", "second again 2");
    }

    /** A request on a connection of its own (a new client each time: the front balances connections). */
    private String post(String body) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return client.send(HttpRequest.newBuilder(front.url().resolve("/echo"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
