package org.standstill.query.live;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * CONNECT must carry a COORDINATOR, AUDITOR or ADMIN bearer token; SUBSCRIBE only to a day's topics, a campaign's or a rebuild's, and
 * only while that token is still good (not revoked or expired since CONNECT).
 */
class StompAuthentication implements ChannelInterceptor {

    private static final Set<String> WATCHERS = Set.of("ROLE_COORDINATOR", "ROLE_AUDITOR", "ROLE_ADMIN");
    private static final Pattern TOPICS = Pattern.compile(
            "/topic/days/[a-z0-9-]{3,64}/(tally|map|feed)|/topic/campaigns/[a-z0-9-]{3,64}/(tally|days)|/topic/rebuilds/[0-9a-f-]{36}");

    private final AuthenticationManager bearerTokens;

    StompAuthentication(AuthenticationManager bearerTokens) {
        this.bearerTokens = bearerTokens;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (stomp == null || stomp.getCommand() == null) {
            return message;
        }
        if (stomp.getCommand() == StompCommand.CONNECT) {
            String header = stomp.getFirstNativeHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new BadCredentialsException("CONNECT needs an Authorization: Bearer <token> header");
            }
            Authentication user = bearerTokens.authenticate(new BearerTokenAuthenticationToken(header.substring(7).strip()));
            if (user.getAuthorities().stream().map(GrantedAuthority::getAuthority).noneMatch(WATCHERS::contains)) {
                throw new AccessDeniedException("Only coordinators and auditors watch the live views");
            }
            stomp.setUser(user);
        } else if (stomp.getCommand() == StompCommand.SUBSCRIBE) {
            if (stomp.getUser() == null) {
                throw new AccessDeniedException("Not connected");
            }
            if (stomp.getUser() instanceof JwtAuthenticationToken connected) {
                // checked again: a token revoked (or expired) since CONNECT subscribes to nothing more
                bearerTokens.authenticate(new BearerTokenAuthenticationToken(connected.getToken().getTokenValue()));
            }
            if (stomp.getDestination() == null || !TOPICS.matcher(stomp.getDestination()).matches()) {
                throw new AccessDeniedException("No such topic: " + stomp.getDestination());
            }
        } else if (stomp.getCommand() == StompCommand.SEND) {
            throw new AccessDeniedException("The live views are read-only");
        }
        return message;
    }
}
