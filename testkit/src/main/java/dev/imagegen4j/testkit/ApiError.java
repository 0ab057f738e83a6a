package dev.imagegen4j.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/** An error answer already rendered in a dialect's shape; thrown from validation, caught by the dialect handler. */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String body;
    final String outcome;
    final Map<String, String> headers = new LinkedHashMap<>();

    ApiError(int status, String body, String outcome) {
        super(outcome, null, false, false);
        this.status = status;
        this.body = body;
        this.outcome = outcome;
    }

    ApiError header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Response toResponse() {
        Response r = Response.json(status, body, outcome);
        headers.forEach(r::header);
        return r;
    }
}
