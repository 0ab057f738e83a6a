package dev.imagegen4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen4j.AsyncJobGenerator;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.JobHandle;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The batch's record of remote jobs (hosts such as Replicate and fal run each request as a job): when the host accepts
 * a request, before the first poll, a {@code job} line with the job's handle is appended to the manifest and forced
 * to disk ({@code {"id", "status": "job", "run", "job": {provider, id, model, wireModel, submittedAt, attributes},
 * "at"}}). A run killed while the job runs leaves that line as the id's state, and the next run resumes the job (polls
 * it and fetches its output) instead of paying for a new one; Ctrl-C cancels the jobs in flight. The mechanism is this
 * class plus the {@code job} status in {@link Manifest}; it knows nothing of other coordination. Thread-safe.
 */
final class BatchJobs {

    static final String JOB = "job";

    private final Map<String, JobHandle> inFlight = new ConcurrentHashMap<>();

    /**
     * A listener for job {@code id} that records its remote job with {@code append} (the manifest line, forced to disk
     * before the listener returns, so before the first poll) and remembers it for Ctrl-C.
     */
    ImageListener recorder(String id, String runId, Consumer<ObjectNode> append) {
        return new ImageListener() {
            @Override
            public void onJobSubmitted(JobHandle job) {
                inFlight.put(id, job);
                append.accept(line(id, runId, job));
            }
        };
    }

    /** Remembers a job resumed from the manifest, for Ctrl-C. */
    void resuming(String id, JobHandle job) {
        inFlight.put(id, job);
    }

    /** The request {@code id} ended: its job is no longer in flight. */
    void done(String id) {
        inFlight.remove(id);
    }

    /** The remote job of {@code id} in flight, if a host accepted it. */
    Optional<JobHandle> inFlight(String id) {
        return Optional.ofNullable(inFlight.get(id));
    }

    /** Cancels the remote job of {@code id}, if any; returns what to say about it, empty when it had none. */
    Optional<String> cancel(String id, ImageGenerator generator) {
        JobHandle job = inFlight.get(id);
        if (job == null) {
            return Optional.empty();
        }
        boolean cancelled = generator.asyncJobs(job.providerId()).map(g -> g.cancel(job)).orElse(false);
        return Optional.of(job + (cancelled ? " cancelled" : " (cancelling it failed)"));
    }

    static ObjectNode line(String id, String runId, JobHandle job) {
        ObjectNode line = ResultPrinter.JSON.createObjectNode();
        line.put("id", id);
        line.put("status", JOB);
        line.put("run", runId);
        line.set("job", ResultPrinter.JSON.valueToTree(job.toMap()));
        line.put("at", Instant.now().toString());
        return line;
    }

    /** The handle a {@code job} line holds. @throws IllegalArgumentException if the line is damaged */
    static JobHandle handle(JsonNode jobLine) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = ResultPrinter.JSON.convertValue(jobLine.path("job"), Map.class);
        return JobHandle.fromMap(map == null ? Map.of() : map);
    }

    /** The generator that can resume {@code job}, if the chosen generator (or a member of its route) runs its host. */
    static Optional<AsyncJobGenerator> resumer(ImageGenerator generator, JobHandle job) {
        return generator.asyncJobs(job.providerId());
    }
}
