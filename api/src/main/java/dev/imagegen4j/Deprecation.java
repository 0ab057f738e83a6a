package dev.imagegen4j;

import java.time.LocalDate;
import java.util.Objects;

/**
 * When and where a model was or will be retired, e.g. DALL·E 2 and 3 on OpenAI on 2026-05-12 (still
 * served by Azure and some gateways). Immutable and thread-safe.
 *
 * @param shutdown the shutdown date
 * @param note     where it applies and what to use instead
 */
public record Deprecation(LocalDate shutdown, String note) {

    /** Validates the fields. */
    public Deprecation {
        Objects.requireNonNull(shutdown, "shutdown");
        Objects.requireNonNull(note, "note");
    }

    @Override
    public String toString() {
        return "shut down " + shutdown + ": " + note;
    }
}
