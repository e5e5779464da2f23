package org.standstill.query.config;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;

/** Reporters' tokens are bound to one day: what they may read is that day's. */
public final class Reporters {

    private Reporters() {
    }

    /** Refuses (403) a REPORTER token of another day; any other caller passes. */
    public static void requireOwnDay(Authentication caller, String dayId) {
        if (caller.getPrincipal() instanceof Jwt token && "REPORTER".equals(token.getClaimAsString("role"))
                && !dayId.equals(token.getClaimAsString("day"))) {
            throw new AccessDeniedException("This reporter token belongs to another day");
        }
    }
}
