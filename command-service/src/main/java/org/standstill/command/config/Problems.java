package org.standstill.command.config;

import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
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

/** Every error as an RFC 9457 problem; validation problems name each bad field. */
@RestControllerAdvice
class Problems extends ResponseEntityExceptionHandler {

    // Stable problem types (API.md "Errors"): clients, our pages among them, translate a problem by its type.
    static final URI INVALID_INPUT = URI.create("/problems/invalid-input");
    static final URI NOT_FOUND = URI.create("/problems/not-found");
    static final URI FORBIDDEN = URI.create("/problems/forbidden");
    static final URI STORAGE_UNAVAILABLE = URI.create("/problems/storage-unavailable");

    @ExceptionHandler(InvalidInput.class)
    ProblemDetail invalid(InvalidInput e) {
        return invalid(e.errors());
    }

    @ExceptionHandler(Conflict.class)
    ProblemDetail conflict(Conflict e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
        problem.setType(URI.create(e.type()));
        return problem;
    }

    @ExceptionHandler(Forbidden.class)
    ProblemDetail forbidden(Forbidden e) {
        return typed(problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage()), FORBIDDEN);
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return typed(problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage()), NOT_FOUND);
    }

    /**
     * PostgreSQL unreachable (a crash, a cut connection): 503 with Retry-After, so that a phone retries. Handled here,
     * and never left to Spring MVC: pgjdbc reports a lost connection as a {@code java.io.EOFException} deep in the
     * cause chain, which Spring takes for a client that disconnected — it then ends the request as an empty 200, and a
     * report that was never stored looks acknowledged.
     */
    @ExceptionHandler({EventStoreException.class, JdbcException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class, CannotCreateTransactionException.class,
            TransactionSystemException.class})
    ResponseEntity<ProblemDetail> storageUnavailable(RuntimeException e) {
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable",
                "The event store cannot be reached just now; nothing was stored by this request unless a retry says so."
                        + " Retry with the same content.");
        problem.setType(STORAGE_UNAVAILABLE);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail notFound(AggregateNotFoundException e) {
        return typed(problem(HttpStatus.NOT_FOUND, "Not found", "No such day or report: " + e.getAggregateIdentifier()),
                NOT_FOUND);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        FieldError error;
        if (e.getCause() instanceof InvalidTypeIdException) {
            error = new FieldError("kind", "must be one of [CLOSURE, WALKOUT, HEADCOUNT]");
        } else if (e.getCause() instanceof InvalidFormatException format && format.getTargetType().isEnum()) {
            error = new FieldError(path(format), "must be one of " + Arrays.toString(format.getTargetType().getEnumConstants()));
        } else if (e.getCause() instanceof JacksonException json && !json.getPath().isEmpty()) {
            error = new FieldError(path(json), "is malformed or of the wrong type");
        } else {
            error = new FieldError("body", "the request body is missing or is not valid JSON");
        }
        return ResponseEntity.badRequest().body(invalid(List.of(error)));
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

    static ProblemDetail invalid(List<FieldError> errors) {
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
