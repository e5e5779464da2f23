package org.standstill.command.config;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidTypeIdException;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Every error as an RFC 9457 problem; validation problems name each bad field. */
@RestControllerAdvice
public class Problems extends ResponseEntityExceptionHandler {

    // Stable problem types (API.md "Errors"): clients, our pages among them, translate a problem by its type.
    static final URI INVALID_INPUT = URI.create("/problems/invalid-input");
    static final URI NOT_FOUND = URI.create("/problems/not-found");
    static final URI FORBIDDEN = URI.create("/problems/forbidden");

    @ExceptionHandler({InvalidInput.class, Conflict.class, Forbidden.class, NotFound.class})
    ProblemDetail refused(RuntimeException e) {
        return of(e).orElseThrow();
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail notFound(AggregateNotFoundException e) {
        return typed(problem(HttpStatus.NOT_FOUND, "Not found", "No such day or report: " + e.getAggregateIdentifier()),
                NOT_FOUND);
    }

    /**
     * The problem a refusal is answered with, as the handlers of this class write it; empty for a failure that is not
     * the request's fault (answered 500 by Spring).
     */
    public static Optional<ProblemDetail> of(RuntimeException refusal) {
        if (refusal instanceof InvalidInput e) {
            return Optional.of(invalid(e.errors()));
        } else if (refusal instanceof Conflict e) {
            return Optional.of(typed(problem(HttpStatus.CONFLICT, "Conflict", e.getMessage()), URI.create(e.type())));
        } else if (refusal instanceof Forbidden e) {
            return Optional.of(typed(problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage()), FORBIDDEN));
        } else if (refusal instanceof NotFound e) {
            return Optional.of(typed(problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage()), NOT_FOUND));
        }
        return Optional.empty();
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return ResponseEntity.badRequest().body(invalid(List.of(unreadable(e.getCause()))));
    }

    /** The field a body that JSON could not bind names (its own path), or the body itself. */
    public static FieldError unreadable(Throwable cause) {
        if (cause instanceof InvalidTypeIdException) {
            return new FieldError("kind", "must be one of [CLOSURE, WALKOUT, HEADCOUNT]");
        } else if (cause instanceof InvalidFormatException format && format.getTargetType().isEnum()) {
            return new FieldError(path(format), "must be one of " + Arrays.toString(format.getTargetType().getEnumConstants()));
        } else if (cause instanceof JacksonException json && !json.getPath().isEmpty()) {
            return new FieldError(path(json), "is malformed or of the wrong type");
        }
        return new FieldError("body", "the request body is missing or is not valid JSON");
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    public static ProblemDetail invalid(List<FieldError> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid input",
                errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                        : errors.size() + " fields are invalid");
        problem.setType(INVALID_INPUT);
        problem.setProperty("errors", errors);
        return problem;
    }

    private static ProblemDetail typed(ProblemDetail problem, URI type) {
        problem.setType(type);
        return problem;
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
