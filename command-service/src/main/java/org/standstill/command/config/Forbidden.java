package org.standstill.command.config;

/** The caller may not do this to this resource, e.g. correct another reporter's report (403). */
public class Forbidden extends RuntimeException {

    public Forbidden(String message) {
        super(message);
    }
}
