package org.standstill.query.config;

import java.time.Duration;

/** The service cannot take this request now (a bounded resource is in use); answered 503 with Retry-After. */
public class Busy extends RuntimeException {

    private final transient Duration retryAfter;

    public Busy(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
