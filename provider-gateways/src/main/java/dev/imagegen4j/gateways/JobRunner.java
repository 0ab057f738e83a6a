package dev.imagegen4j.gateways;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.JobHandle;
import dev.imagegen4j.JobProgress;
import dev.imagegen4j.ModelNotFoundException;
import dev.imagegen4j.ProviderException;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.openai.wire.WireClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a request as a remote job: one submit, then polls of that job with backoff until it finishes, then its
 * output. The money rules live here, once for every job host:
 *
 * <ul>
 *   <li>The submit is the only request that can pay, and it is sent once. A submit whose answer was lost is a
 *       {@link ResultUnknownException} (the transport classifies it); an accepted submit whose answer names no job
 *       is one too.</li>
 *   <li>Once accepted, the {@link JobHandle} is the request: the listener hears it before the first poll. A poll that
 *       fails (5xx, reset, timeout, 429 after its delay) is sent again later; nothing is submitted again. A poll
 *       refused for good (401, 403, 404) ends in a {@link ResultUnknownException} naming the job.</li>
 *   <li>The job deadline or an interrupt cancels the remote job (best effort) and ends in a
 *       {@link ResultUnknownException} naming it: it may still finish and be billed.</li>
 *   <li>A job the vendor reports as failed generated nothing: {@link ContentPolicyException} for a safety refusal,
 *       else {@link ProviderException} (a route may fail over). A cancelled job is unknown (it may be billed for
 *       the time it ran).</li>
 *   <li>Output that cannot be downloaded (expired, refused by the URL rules) is unknown: it was generated.</li>
 * </ul>
 * Thread-safe; the calling thread polls (sleeping between polls).
 */
final class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    /** What differs between job hosts: the requests and the shape of their answers. */
    interface Host {
        /** The status in a submit, poll or result answer. */
        Status status(JsonNode doc);

        /** The job an accepted submit answer names. @throws ResultUnknownException when it names none */
        JobHandle accepted(WireClient.Answer answer, HostCalls.Prepared p);

        WireClient.Request poll(JobHandle job);

        /** The request that fetches the output of a finished job, when the status does not carry it. */
        Optional<WireClient.Request> result(JobHandle job);

        /** The output images: each a URL to download, or {@code null} for the next image decoded from the answer. */
        List<URI> outputs(WireClient.Answer answer, JobHandle job);

        WireClient.Request cancel(JobHandle job);

        /** Vendor data of a finished job for the result (metrics, seed, ...). */
        default void describe(ImageResult.Builder result, JsonNode status) {
        }
    }

    /** A job's state as one answer told it. */
    record Status(JobProgress.State state, int position, String error) {
    }

    /** The clocks of polling. */
    record Polling(Duration initial, Duration max, Duration jobTimeout) {
    }

    private final String providerId;
    private final WireClient client;
    private final Host host;
    private final Polling polling;

    JobRunner(String providerId, WireClient client, Host host, Polling polling) {
        this.providerId = providerId;
        this.client = client;
        this.host = host;
        this.polling = polling;
    }

    /** Submits once, then follows the job to its result. */
    ImageResult run(HostCalls.Prepared p, WireClient.Request submit, ImageListener listener) {
        long start = System.nanoTime();
        listener.onPhase(ImageListener.Phase.CONNECTING);
        WireClient.Answer accepted = client.send(submit, phases(listener), p.request.sink().orElse(null), 0,
                p.expected).await();
        JobHandle job = host.accepted(accepted, p);
        try {
            listener.onJobSubmitted(job);
        } catch (RuntimeException e) {
            LOG.warn("{}: the listener failed on job {}: {}", providerId, job.id(), e.toString());
        }
        LOG.debug("{}: job {} accepted for {} ({})", providerId, job.id(), p.model, job.wireModel());
        return follow(job, p, listener, accepted, start);
    }

    /** Follows a job submitted earlier (perhaps by another process). Never submits. */
    ImageResult resume(JobHandle job, HostCalls.Prepared p, ImageListener listener) {
        return follow(job, p, listener, null, System.nanoTime());
    }

    private ImageResult follow(JobHandle job, HostCalls.Prepared p, ImageListener listener, WireClient.Answer first,
            long start) {
        long deadline = start + polling.jobTimeout().toNanos();
        listener.onPhase(ImageListener.Phase.WAITING);
        WireClient.Answer last = first;
        Status status = first == null ? null : host.status(first.json());
        JobProgress.State reported = null;
        int reportedPosition = Integer.MIN_VALUE;
        long wait = polling.initial().toNanos();
        int failedPolls = 0;
        while (status == null || !status.state().isTerminal()) {
            if (status != null && (status.state() != reported || status.position() != reportedPosition)) {
                reported = status.state();
                reportedPosition = status.position();
                progress(listener, job, status, start);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                boolean cancelled = cancelQuietly(job);
                throw new ResultUnknownException("job " + job.id() + " did not finish within the job timeout of "
                        + human(polling.jobTimeout()) + "; " + (cancelled ? "it was cancelled" : "cancelling it failed")
                        + ", but it may still be billed", null, providerId, 0, job.id());
            }
            sleep(Math.min(wait, left), job);
            wait = Math.min(polling.max().toNanos(), wait + wait / 2);
            try {
                last = client.send(host.poll(job)).await();
                status = host.status(last.json());
                failedPolls = 0;
            } catch (ImageGenerationException e) {
                interruptedCheck(job, e);
                failedPolls++;
                wait = afterFailedPoll(job, e, wait, failedPolls);
            }
        }
        progress(listener, job, status, start);
        if (status.state() == JobProgress.State.FAILED) {
            throw failed(job, status.error());
        }
        if (status.state() == JobProgress.State.CANCELED) {
            throw new ResultUnknownException("job " + job.id() + " was cancelled before it produced an image; it may "
                    + "be billed for the time it ran", null, providerId, 0, job.id());
        }
        WireClient.Answer output = last;
        Optional<WireClient.Request> fetch = host.result(job);
        if (fetch.isPresent()) {
            output = fetchResult(job, fetch.get(), p, deadline);
        }
        return result(job, p, listener, output, start);
    }

    /** Fetches a finished job's output, again after transient failures, until the deadline. */
    private WireClient.Answer fetchResult(JobHandle job, WireClient.Request fetch, HostCalls.Prepared p, long deadline) {
        long wait = polling.initial().toNanos();
        int failures = 0;
        while (true) {
            try {
                return client.send(fetch, ImageListener.NONE, p.request.sink().orElse(null), 0, p.expected).await();
            } catch (ContentPolicyException e) {
                throw e;
            } catch (InvalidRequestException e) {
                throw new ProviderException("job " + job.id() + " finished without an image: " + message(e), e,
                        providerId, e.httpStatus().orElse(0), job.id(), e.providerCode().orElse(null));
            } catch (ImageGenerationException e) {
                interruptedCheck(job, e);
                failures++;
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ResultUnknownException("job " + job.id() + " finished, but its result could not be "
                            + "fetched before the job timeout: " + message(e), e, providerId, 0, job.id());
                }
                wait = afterFailedPoll(job, e, wait, failures);
                sleep(Math.min(wait, left), job);
            }
        }
    }

    private long afterFailedPoll(JobHandle job, ImageGenerationException e, long wait, int failures) {
        if (e instanceof AuthenticationException || e instanceof ModelNotFoundException) {
            throw new ResultUnknownException("job " + job.id() + " was accepted but can no longer be polled ("
                    + message(e) + "); it may finish and be billed: look it up at the vendor", e, providerId,
                    e.httpStatus().orElse(0), job.id());
        }
        if (e instanceof RateLimitException && ((RateLimitException) e).retryAfter().isPresent()) {
            wait = Math.max(wait, ((RateLimitException) e).retryAfter().get().toNanos());
        }
        LOG.debug("{}: poll {} of job {} failed, polling again: {}", providerId, failures, job.id(), e.toString());
        return wait;
    }

    private ImageResult result(JobHandle job, HostCalls.Prepared p, ImageListener listener, WireClient.Answer output,
            long start) {
        ImageResult.Builder b = collect(client, providerId, job.id(), job.wireModel(), p, listener, output,
                host.outputs(output, job), start);
        b.providerMetadata("job-id", job.id());
        host.describe(b, output.json());
        return b.build();
    }

    /**
     * The images of a finished call or job: each output URL downloaded under the URL rules (into the request's sink),
     * a {@code null} entry taken from the images decoded from the answer itself. Any failure is unknown: the images
     * were generated.
     */
    static ImageResult.Builder collect(WireClient client, String providerId, String id, String wireModel,
            HostCalls.Prepared p, ImageListener listener, WireClient.Answer output, List<URI> urls, long start) {
        if (urls.isEmpty()) {
            throw new ResultUnknownException(id + " succeeded but returned no image", null, providerId,
                    output.status(), id);
        }
        listener.onPhase(ImageListener.Phase.RECEIVING);
        ImageResult.Builder b = ImageResult.builder().providerId(providerId).model(p.model).wireModel(wireModel)
                .requestId(id).addWarnings(p.warnings);
        List<GeneratedImage> decoded = output.images();
        int nextDecoded = 0;
        List<GeneratedImage> images = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            URI url = urls.get(i);
            GeneratedImage image;
            if (url == null) {
                if (nextDecoded >= decoded.size()) {
                    throw new ResultUnknownException(id + " returned image " + i + " as data that did not arrive",
                            null, providerId, output.status(), id);
                }
                image = decoded.get(nextDecoded++);
            } else {
                try {
                    image = client.download(url, p.request.sink().orElse(null), i, p.expected, id);
                } catch (ResultUnknownException e) {
                    throw new ResultUnknownException(id + ": " + message(e) + " (output URLs expire: fetch it at "
                            + "the vendor while it lasts)", e.getCause(), providerId, 0, id);
                }
            }
            images.add(image);
            listener.onImage(image);
        }
        b.images(images);
        b.latency(Duration.ofNanos(System.nanoTime() - start));
        listener.onPhase(ImageListener.Phase.DONE);
        return b;
    }

    private ImageGenerationException failed(JobHandle job, String error) {
        String why = error == null || error.isBlank() ? "no reason given" : error;
        String lower = why.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("nsfw") || lower.contains("safety") || lower.contains("content policy")
                || lower.contains("flagged")) {
            return new ContentPolicyException("job " + job.id() + " was refused: " + why, providerId, 0, job.id(),
                    "content_policy_violation", ContentPolicyException.Stage.UNKNOWN, List.of(), Map.of());
        }
        return new ProviderException("job " + job.id() + " failed without an image: " + why + " (nothing was "
                + "generated)", null, providerId, 0, job.id(), "job_failed");
    }

    private void progress(ImageListener listener, JobHandle job, Status s, long start) {
        try {
            listener.onJobProgress(new JobProgress(job, s.state(), s.position(),
                    Duration.ofNanos(System.nanoTime() - start)));
        } catch (RuntimeException e) {
            LOG.warn("{}: the listener failed on job {}: {}", providerId, job.id(), e.toString());
        }
    }

    private void sleep(long nanos, JobHandle job) {
        try {
            Thread.sleep(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(job);
        }
    }

    /** A failed call whose thread was interrupted: the job is cancelled and the outcome unknown. */
    private void interruptedCheck(JobHandle job, ImageGenerationException e) {
        if (Thread.currentThread().isInterrupted()) {
            ResultUnknownException x = interrupted(job);
            x.addSuppressed(e);
            throw x;
        }
    }

    private ResultUnknownException interrupted(JobHandle job) {
        boolean cancelled = cancelQuietly(job);
        return new ResultUnknownException("interrupted while job " + job.id() + " was running; " + (cancelled
                ? "it was cancelled" : "cancelling it failed") + ", but it may still be billed", null, providerId, 0,
                job.id());
    }

    /** Cancels the remote job; bounded in time, never throws. The caller's interrupt flag is kept. */
    boolean cancelQuietly(JobHandle job) {
        boolean wasInterrupted = Thread.interrupted();
        try {
            client.send(host.cancel(job).timeout(Duration.ofSeconds(10))).await();
            LOG.info("{}: cancelled job {}", providerId, job.id());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("{}: cancelling job {} failed: {}", providerId, job.id(), e.toString());
            return false;
        } finally {
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Forwards only the phases of the submit (the body arrives later, from polls). */
    private static ImageListener phases(ImageListener listener) {
        return new ImageListener() {
            @Override
            public void onPhase(Phase phase) {
                if (phase != Phase.RECEIVING && phase != Phase.DONE) {
                    listener.onPhase(phase);
                }
            }
        };
    }

    static String message(ImageGenerationException e) {
        String m = String.valueOf(e.getMessage());
        String prefix = e.providerId().map(x -> x + ": ").orElse("");
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 60 && s % 60 == 0 ? s / 60 + " min" : s > 0 ? s + " s" : d.toMillis() + " ms";
    }
}
