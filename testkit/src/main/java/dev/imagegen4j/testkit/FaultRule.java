package dev.imagegen4j.testkit;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies a {@link Fault} to every request it matches, for as long as it is installed with
 * {@link ImageApiEmulator#addRule(FaultRule)}. Rules are consulted in the order they were added, after
 * the queue of {@linkplain ImageApiEmulator#enqueue(Fault...) enqueued} faults is empty; the first rule
 * that matches wins. Matching sees the request method and path only, because some faults act before the
 * body is read.
 *
 * <p>Thread-safe: a rule's counter is atomic.
 */
public final class FaultRule {

    private final String pathContains;
    private final int every;
    private final Fault fault;
    private final AtomicLong seen = new AtomicLong();

    private FaultRule(String pathContains, int every, Fault fault) {
        this.pathContains = pathContains;
        this.every = every;
        this.fault = Objects.requireNonNull(fault, "fault");
    }

    /** Applies {@code fault} to every request. */
    public static FaultRule always(Fault fault) {
        return new FaultRule("", 1, fault);
    }

    /**
     * Applies {@code fault} to every request whose path contains {@code pathFragment}
     * (e.g. {@code "/images/edits"}).
     */
    public static FaultRule forPath(String pathFragment, Fault fault) {
        Objects.requireNonNull(pathFragment, "pathFragment");
        return new FaultRule(pathFragment, 1, fault);
    }

    /**
     * Applies {@code fault} to the n-th, 2n-th, 3n-th... request.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static FaultRule everyNth(int n, Fault fault) {
        return everyNth(n, "", fault);
    }

    /**
     * Applies {@code fault} to the n-th, 2n-th... request among those whose path contains
     * {@code pathFragment}.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static FaultRule everyNth(int n, String pathFragment, Fault fault) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
        Objects.requireNonNull(pathFragment, "pathFragment");
        return new FaultRule(pathFragment, n, fault);
    }

    /** The fault this rule applies. */
    public Fault fault() {
        return fault;
    }

    /** Returns the fault when this rule applies to the request, counting it; {@code null} otherwise. */
    Fault match(String path) {
        if (!path.contains(pathContains)) {
            return null;
        }
        return seen.incrementAndGet() % every == 0 ? fault : null;
    }

    @Override
    public String toString() {
        return "FaultRule[path contains '" + pathContains + "', every " + every + ", " + fault + "]";
    }
}
