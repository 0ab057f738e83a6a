package dev.imagegen4j;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where a remote job stands ({@link ImageListener#onJobProgress}): queued (with its position when the vendor says),
 * running, or finished. Immutable.
 *
 * @param job           the job
 * @param state         the state
 * @param queuePosition the position in the vendor's queue (0 = next), or -1 when unknown
 * @param elapsed       time since the submit was accepted
 */
public record JobProgress(JobHandle job, State state, int queuePosition, Duration elapsed) {

    /** The states of a job, in order. */
    public enum State {
        /** Accepted, waiting for a worker (Replicate {@code starting}, fal {@code IN_QUEUE}). */
        QUEUED,
        /** Generating (Replicate {@code processing}, fal {@code IN_PROGRESS}). */
        RUNNING,
        /** Finished with output. */
        SUCCEEDED,
        /** Finished without output: the vendor reported a failure. */
        FAILED,
        /** Cancelled before it finished. */
        CANCELED;

        /** Whether the job will not change any more. */
        public boolean isTerminal() {
            return this == SUCCEEDED || this == FAILED || this == CANCELED;
        }
    }

    /** Validates. */
    public JobProgress {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** The queue position, when the vendor reported one. */
    public OptionalInt position() {
        return queuePosition < 0 ? OptionalInt.empty() : OptionalInt.of(queuePosition);
    }

    /** For a live line: {@code queued (position 3)}, {@code running}, ... */
    public String describe() {
        String s = state.name().toLowerCase(java.util.Locale.ROOT);
        return state == State.QUEUED && queuePosition >= 0 ? s + " (position " + queuePosition + ")" : s;
    }
}
