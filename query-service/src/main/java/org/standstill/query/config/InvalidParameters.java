package org.standstill.query.config;

import java.util.List;
import java.util.stream.Collectors;

/** Several parameters or fields that cannot be answered (400, naming every one). */
public class InvalidParameters extends RuntimeException {

    /** One bad parameter or field, and what is wrong with it. */
    public record Problem(String field, String message) {
    }

    private final List<Problem> problems;

    public InvalidParameters(List<Problem> problems) {
        super(problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problem to report");
        }
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
