package org.standstill.command.config;

import org.axonframework.modelling.command.AggregateNotFoundException;
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

/** Every error as an RFC 9457 problem; validation problems name each bad field. */
@RestControllerAdvice
class Problems extends ResponseEntityExceptionHandler {

    // Stable problem types (API.md "Errors"): clients, our pages among them, translate a problem by its type.
    static final URI INVALID_INPUT = URI.create("/problems/invalid-input");
    static final URI NOT_FOUND = URI.create("/problems/not-found");
    static final URI FORBIDDEN = URI.create("/problems/forbidden");

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
            error = new FieldError(org.standstill.platform.Problems.unreadableAt(format), "must be one of " + Arrays.toString(format.getTargetType().getEnumConstants()));
        } else if (org.standstill.platform.Problems.unreadableAt(e.getCause()) != null) {
            error = new FieldError(org.standstill.platform.Problems.unreadableAt(e.getCause()),
                    "is malformed or of the wrong type");
        } else {
            error = new FieldError("body", "the request body is missing or is not valid JSON");
        }
        return ResponseEntity.badRequest().body(invalid(List.of(error)));
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
