package dev.imagegen4j.cli;

import dev.imagegen4j.Cost;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of one batch run. Thread-safe. */
final class BatchStats {

    final int total;
    final AtomicInteger done = new AtomicInteger();
    final AtomicInteger skipped = new AtomicInteger();
    final AtomicInteger recovered = new AtomicInteger();
    /** Jobs whose remote job an earlier run left running, finished by polling it (no second submit). */
    final AtomicInteger resumed = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    /** With a coordinator: jobs other workers finished. */
    final AtomicInteger doneElsewhere = new AtomicInteger();
    final AtomicInteger images = new AtomicInteger();
    final AtomicLong tokens = new AtomicLong();
    private final TreeSet<String> unknown = new TreeSet<>();
    private final List<String[]> warnings = new ArrayList<>();
    private BigDecimal cost = BigDecimal.ZERO;

    BatchStats(int total) {
        this.total = total;
    }

    synchronized void addCost(Cost c) {
        if (c.currency().equals("USD")) {
            cost = cost.add(c.amount());
        }
    }

    synchronized BigDecimal cost() {
        return cost.stripTrailingZeros();
    }

    /** A job whose outcome is unknown: it may have been generated and paid for. */
    synchronized void unknown(String id) {
        unknown.add(id);
    }

    synchronized List<String> unknownIds() {
        return List.copyOf(unknown);
    }

    synchronized void warning(String id, String warning) {
        warnings.add(new String[] {id, warning});
    }

    /** The warnings of the results, as {id, warning} pairs in the order they came. */
    synchronized List<String[]> warnings() {
        return List.copyOf(warnings);
    }

    /** The exit code: unknown outcomes first (they need a decision), then failures. */
    synchronized int exitCode() {
        if (!unknown.isEmpty()) {
            return ExitCodes.BATCH_UNKNOWN;
        }
        return failed.get() > 0 ? ExitCodes.BATCH_FAILURES : ExitCodes.OK;
    }
}
