package org.standstill.command.config;

/** A domain refusal: the request is well formed but the state does not allow it (409). */
public class Conflict extends RuntimeException {

    public Conflict(String message) {
        super(message);
    }
}
