package org.standstill.query.live;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The topics as RabbitMQ's STOMP plugin takes them. Clients subscribe to {@code /topic/days/{dayId}/tally} with either
 * broker; RabbitMQ's {@code /topic/} names are routing keys, which take no {@code /}: on the way to the relay
 * {@code /topic/days/d-1/tally} becomes {@code /topic/days.d-1.tally}, and a message coming back is given the
 * client's name again. Day ids ({@code [a-z0-9-]}) and job ids (UUIDs) hold no dot, so the mapping is exact.
 */
final class RelayDestinations {

    private static final String TOPIC = "/topic/";

    private RelayDestinations() {
    }

    static String toBroker(String destination) {
        return destination != null && destination.startsWith(TOPIC)
                ? TOPIC + destination.substring(TOPIC.length()).replace('/', '.') : destination;
    }

    static String toClient(String destination) {
        return destination != null && destination.startsWith(TOPIC)
                ? TOPIC + destination.substring(TOPIC.length()).replace('.', '/') : destination;
    }

    /** Messages sent by this service, and clients' subscriptions, on their way to the relay. */
    static ChannelInterceptor toBroker() {
        return new ChannelInterceptor() {
            @Override
            public Message<?> preSend(Message<?> message, MessageChannel channel) {
                return renamed(message, toBroker(SimpMessageHeaderAccessor.getDestination(message.getHeaders())));
            }
        };
    }

    /** Messages from the relay, on their way to a client. */
    static ChannelInterceptor toClient() {
        return new ChannelInterceptor() {
            @Override
            public Message<?> preSend(Message<?> message, MessageChannel channel) {
                return renamed(message, toClient(SimpMessageHeaderAccessor.getDestination(message.getHeaders())));
            }
        };
    }

    /** A copy with the destination renamed (the original is left as it is: the session's events keep the client's). */
    private static Message<?> renamed(Message<?> message, String destination) {
        String current = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
        if (destination == null || destination.equals(current)) {
            return message;
        }
        SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.getAccessor(message, SimpMessageHeaderAccessor.class);
        SimpMessageHeaderAccessor copy = accessor instanceof StompHeaderAccessor
                ? StompHeaderAccessor.wrap(message) : SimpMessageHeaderAccessor.wrap(message);
        copy.setDestination(destination);
        if (copy.getNativeHeader("destination") != null) {
            copy.setNativeHeader("destination", destination);
        }
        copy.setLeaveMutable(true);
        return MessageBuilder.createMessage(message.getPayload(), copy.getMessageHeaders());
    }
}
