package org.standstill.command.config;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every bad field of a request — bean-validation constraints first, then the rules that
 * need more than one field or a lookup — and refuses the request once, naming them all.
 */
@Component
public class Checks {

    private final Validator validator;

    Checks(Validator validator) {
        this.validator = validator;
    }

    /** Starts the checks of one request with its bean-validation constraints. */
    public Errors of(Object request) {
        Errors errors = new Errors();
        validator.validate(request).stream()
                .sorted(Comparator.comparing((ConstraintViolation<?> v) -> v.getPropertyPath().toString()))
                .forEach(v -> errors.add(v.getPropertyPath().toString(), v.getMessage()));
        return errors;
    }

    public static final class Errors {

        private final List<FieldError> list = new ArrayList<>();

        public Errors add(String field, String message) {
            list.add(new FieldError(field, message));
            return this;
        }

        /** Records {@code message} against {@code field} unless {@code ok}. */
        public Errors require(boolean ok, String field, String message) {
            return ok ? this : add(field, message);
        }

        public boolean has(String field) {
            return list.stream().anyMatch(e -> e.field().equals(field) || e.field().startsWith(field + "."));
        }

        public void orThrow() {
            if (!list.isEmpty()) {
                throw new InvalidInput(list);
            }
        }
    }
}
