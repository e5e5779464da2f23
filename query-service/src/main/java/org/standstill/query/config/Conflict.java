package org.standstill.query.config;

/** A request that the state of things refuses for now (409). */
public class Conflict extends RuntimeException {

    public Conflict(String message) {
        super(message);
    }
}
