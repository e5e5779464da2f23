package org.standstill.command.config;

/** One bad field of a request, named by its JSON path (e.g. {@code business.location.lat}). */
public record FieldError(String field, String message) {
}
