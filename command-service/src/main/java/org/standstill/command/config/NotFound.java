package org.standstill.command.config;

/** An unknown day or report (404). */
public class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message);
    }
}
