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
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
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
    static final URI STORAGE_UNAVAILABLE = URI.create("/problems/storage-unavailable");

    @ExceptionHandler({InvalidInput.class, Conflict.class, Forbidden.class, NotFound.class})
    ProblemDetail refused(RuntimeException e) {
        return of(e).orElseThrow();
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
        String at = org.standstill.platform.Problems.unreadableAt(cause);
        if (cause instanceof InvalidTypeIdException) {
            return new FieldError("kind", "must be one of [CLOSURE, WALKOUT, HEADCOUNT]");
        } else if (cause instanceof InvalidFormatException format && format.getTargetType().isEnum()) {
            return new FieldError(org.standstill.platform.Problems.unreadableAt(format),
                    "must be one of " + Arrays.toString(format.getTargetType().getEnumConstants()));
        } else if (at != null) {
            return new FieldError(at, "is malformed or of the wrong type");
        }
        return new FieldError("body", "the request body is missing or is not valid JSON");
    }

    /** A path variable of the wrong type (a reportId that is no UUID): named like a bad field of the body. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException argument ? argument.getName() : e.getPropertyName();
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(name, "is malformed"))));
    }

    /** Spring's own problems (415, 405, …) get a stable type too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(e, body, headers, status, request);
        if (answer != null && answer.getBody() instanceof ProblemDetail problem) {
            org.standstill.platform.Problems.typed(problem);
        }
        return answer;
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
