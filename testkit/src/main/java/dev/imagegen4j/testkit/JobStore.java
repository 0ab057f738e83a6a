package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The remote jobs of the job hosts: each is accepted at once and then moves by the clock, queued for the first third
 * of the emulator's job duration and running for the rest, then succeeded (its images rendered once, on first
 * request, and served at {@code /files/...} until they expire) or failed; a cancelled job stops where it was.
 * Thread-safe.
 */
final class JobStore {

    /** The states, as each dialect names them in its own words. */
    enum State { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELED }

    /** One job. Its outputs are file names in {@link EmulatorContext#files}. */
    static final class Job {
        final String id;
        final Dialect dialect;
        final String model;
        final JsonNode input;
        final Instant createdAt = Instant.now();
        final long createdNanos = System.nanoTime();
        final long queueNanos;
        final long runNanos;
        /** Why it fails, or null when it succeeds. */
        final String failure;
        private final Supplier<List<String>> render;
        private List<String> outputs;
        private long cancelledAt = -1;

        Job(String id, Dialect dialect, String model, JsonNode input, Duration duration, String failure,
                Supplier<List<String>> render) {
            this.id = id;
            this.dialect = dialect;
            this.model = model;
            this.input = input;
            long total = Math.max(0, duration.toNanos());
            this.queueNanos = total / 3;
            this.runNanos = total - queueNanos;
            this.failure = failure;
            this.render = render;
        }

        synchronized State state() {
            long now = cancelledAt >= 0 ? cancelledAt : System.nanoTime();
            long elapsed = now - createdNanos;
            if (elapsed < queueNanos) {
                return cancelledAt >= 0 ? State.CANCELED : State.QUEUED;
            }
            if (elapsed < queueNanos + runNanos) {
                return cancelledAt >= 0 ? State.CANCELED : State.RUNNING;
            }
            return failure == null ? State.SUCCEEDED : State.FAILED;
        }

        /** Cancels the job unless it finished; returns its state afterwards. */
        synchronized State cancel() {
            State s = state();
            if (s == State.QUEUED || s == State.RUNNING) {
                cancelledAt = System.nanoTime();
                return State.CANCELED;
            }
            return s;
        }

        /** When it started running, if it did. */
        synchronized Instant startedAt() {
            return state() == State.QUEUED ? null : createdAt.plusNanos(queueNanos);
        }

        /** When it finished, if it did. */
        synchronized Instant completedAt() {
            State s = state();
            if (s == State.CANCELED) {
                return createdAt.plusNanos(cancelledAt - createdNanos);
            }
            return s == State.SUCCEEDED || s == State.FAILED ? createdAt.plusNanos(queueNanos + runNanos) : null;
        }

        /** The output file names of a succeeded job (rendered on first call). */
        synchronized List<String> outputs() {
            if (outputs == null) {
                outputs = List.copyOf(render.get());
            }
            return outputs;
        }

        /** Seconds it ran, for metrics. */
        double runSeconds() {
            return runNanos / 1e9;
        }

        /** Waits until the job finished or {@code max} passed (Replicate's {@code Prefer: wait}). */
        void awaitDone(Duration max) {
            long until = System.nanoTime() + max.toNanos();
            while (System.nanoTime() < until) {
                State s = state();
                if (s != State.QUEUED && s != State.RUNNING) {
                    return;
                }
                long left = Math.min(until, createdNanos + queueNanos + runNanos) - System.nanoTime();
                try {
                    Thread.sleep(Math.max(1, Math.min(left, 50_000_000) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private final Map<String, Job> jobs = new LinkedHashMap<>();

    synchronized void add(Job job) {
        jobs.put(job.id, job);
        if (jobs.size() > 10_000) {
            jobs.remove(jobs.keySet().iterator().next());
        }
    }

    synchronized Job get(String id) {
        return jobs.get(id);
    }

    /** Queued jobs of the dialect accepted before {@code job}: its position in the queue (0 = next). */
    synchronized int position(Job job) {
        int ahead = 0;
        for (Job j : jobs.values()) {
            if (j == job) {
                break;
            }
            if (j.dialect == job.dialect && j.state() == State.QUEUED) {
                ahead++;
            }
        }
        return ahead;
    }

    synchronized List<Job> all() {
        return new ArrayList<>(jobs.values());
    }

    synchronized void clear() {
        jobs.clear();
    }
}
