package org.standstill.query.live;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * STOMP over WebSocket at {@code /ws}. Clients authenticate with their bearer token on CONNECT (no
 * cookies are involved, so any origin may connect) and subscribe to {@code /topic/days/{dayId}/…}.
 *
 * <p>The broker is this service's own (each instance serves its own clients), or, with {@code standstill.stomp-relay}
 * ({@code STANDSTILL_STOMP_RELAY=host:port}), RabbitMQ's STOMP plugin through Spring's broker relay: then a message one
 * instance sends reaches the clients of every instance, and one instance at a time sends the live views
 * ({@link LivePublisher}). The topics and messages are the same either way.
 */
@Configuration
@EnableWebSocketMessageBroker
class WebSocketConfig implements WebSocketMessageBrokerConfigurer {

    private final AuthenticationManager bearerTokens;
    private final String relay;
    private final String relayLogin;
    private final String relayPasscode;
    private final String relayVirtualHost;

    WebSocketConfig(AuthenticationManager bearerTokens, @Value("${standstill.stomp-relay:}") String relay,
                    @Value("${standstill.stomp-relay-login:guest}") String relayLogin,
                    @Value("${standstill.stomp-relay-passcode:guest}") String relayPasscode,
                    @Value("${standstill.stomp-relay-virtual-host:/}") String relayVirtualHost) {
        this.relayVirtualHost = relayVirtualHost;
        this.bearerTokens = bearerTokens;
        this.relay = relay.strip();
        this.relayLogin = relayLogin;
        this.relayPasscode = relayPasscode;
    }

    private boolean relayed() {
        return !relay.isEmpty();
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        registry.addEndpoint("/ws").setAllowedOriginPatterns("*");
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        if (relayed()) {
            int colon = relay.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalStateException("Set STANDSTILL_STOMP_RELAY to RabbitMQ's STOMP address, host:port"
                        + " (e.g. localhost:61613), not " + relay);
            }
            // Heartbeats both ways every 10 s, between clients and RabbitMQ and on the relay's own connection.
            registry.enableStompBrokerRelay("/topic")
                    .setRelayHost(relay.substring(0, colon))
                    .setRelayPort(Integer.parseInt(relay.substring(colon + 1)))
                    .setClientLogin(relayLogin).setClientPasscode(relayPasscode)
                    .setSystemLogin(relayLogin).setSystemPasscode(relayPasscode)
                    // RabbitMQ reads STOMP's host header as its virtual host (Spring would send the relay's host name)
                    .setVirtualHost(relayVirtualHost)
                    .setSystemHeartbeatSendInterval(10_000).setSystemHeartbeatReceiveInterval(10_000);
            registry.configureBrokerChannel().interceptors(RelayDestinations.toBroker());
            return;
        }
        ThreadPoolTaskScheduler heartbeats = new ThreadPoolTaskScheduler();
        heartbeats.setPoolSize(1);
        heartbeats.setThreadNamePrefix("stomp-heartbeat-");
        heartbeats.initialize();
        // Heartbeats both ways every 10 s: a half-open connection is noticed, and the client reconnects.
        registry.enableSimpleBroker("/topic").setHeartbeatValue(new long[]{10_000, 10_000}).setTaskScheduler(heartbeats);
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        if (relayed()) {
            registration.interceptors(new StompAuthentication(bearerTokens), RelayDestinations.toBroker());
        } else {
            registration.interceptors(new StompAuthentication(bearerTokens));
        }
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        if (relayed()) {
            registration.interceptors(RelayDestinations.toClient());
        }
    }
}
