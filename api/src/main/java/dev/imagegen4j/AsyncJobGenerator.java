package dev.imagegen4j;

/**
 * An {@link ImageGenerator} whose vendor runs each request as a remote job: submit, then poll until it finishes
 * (Replicate predictions, fal's queue). {@link #generate} still returns an {@link ImageResult}, and
 * {@link #generateAsync} a future; in between, the listener hears {@link ImageListener#onJobSubmitted} once the
 * vendor accepted the job (before the first poll) and {@link ImageListener#onJobProgress} as it moves (queued with
 * its position, running, finished).
 *
 * <p><b>Never paid twice.</b> Once a submit was accepted the {@link JobHandle} is the request: a failed or timed-out
 * poll polls the same job again, and a process that stopped resumes it with {@link #resume}, which never submits. A
 * submit whose answer was lost is a {@link ResultUnknownException} (the job may exist and be paid). A job that
 * outlives the generator's job deadline, or a call that is interrupted (or whose future is cancelled), has its
 * remote job cancelled and ends in a {@link ResultUnknownException} naming the job: it may still have been paid.
 * A job the vendor reports as failed is a {@link ProviderException} (nothing was generated; a route may fail over),
 * or a {@link ContentPolicyException} for a safety refusal.
 *
 * <p>Implementations are thread-safe.
 */
public interface AsyncJobGenerator extends ImageGenerator {

    /**
     * Goes on with a job submitted earlier, perhaps by another process: polls it until it finishes and returns its
     * images (to the request's sink, if any). Never submits.
     *
     * @param job     the job, as {@link ImageListener#onJobSubmitted} reported it
     * @param request the request it was submitted for (for the sink, the expected format and the result's model)
     * @throws ResultUnknownException if the job cannot be reached or its output has expired
     * @throws ProviderException      if the vendor reports that the job failed
     */
    ImageResult resume(JobHandle job, ImageRequest request, ImageListener listener);

    /**
     * Asks the vendor to cancel {@code job}. Best effort and bounded in time; a job that already finished stays
     * finished (and paid).
     *
     * @return whether the vendor accepted the cancellation
     */
    boolean cancel(JobHandle job);
}
