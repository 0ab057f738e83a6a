package dev.imagegen4j.gateways;

import dev.imagegen4j.DryRun;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.JobHandle;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.Usage;
import dev.imagegen4j.internal.AsyncSupport;
import dev.imagegen4j.openai.wire.WireClient;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The shared engine of the job hosts' generators: prepare (validate before anything is sent), submit once through
 * {@link JobRunner}, resume and cancel by {@link JobHandle}, and futures whose cancellation interrupts the call and
 * so cancels the remote job. Thread-safe.
 */
final class JobGeneratorCore {

    final HostCalls calls;
    final WireClient client;
    final JobRunner runner;
    private final BiFunction<HostCalls.Prepared, Map<String, Object>, WireClient.Request> submit;

    JobGeneratorCore(HostCalls calls, WireClient client, JobRunner runner,
            BiFunction<HostCalls.Prepared, Map<String, Object>, WireClient.Request> submit) {
        this.calls = calls;
        this.client = client;
        this.runner = runner;
        this.submit = submit;
    }

    String providerId() {
        return calls.providerId;
    }

    ModelCapabilities capabilities(ModelId model) {
        return calls.capabilities(model);
    }

    ImageResult generate(ImageRequest request, ImageListener listener) {
        Objects.requireNonNull(listener, "listener");
        HostCalls.Prepared p = calls.prepare(Objects.requireNonNull(request, "request"));
        p.warnings.addAll(calls.unmapped(p));
        WireClient.Request r = submit.apply(p, calls.inputs(p, p.request, java.util.Set.of()));
        return runner.run(p, r, listener);
    }

    java.util.List<String> check(ImageRequest request) {
        HostCalls.Prepared p = calls.prepare(Objects.requireNonNull(request, "request"));
        p.warnings.addAll(calls.unmapped(p));
        return java.util.List.copyOf(p.warnings);
    }

    /** The submit this request would make (never sent); polls follow it once the host accepts it. */
    DryRun dryRun(ImageRequest request) {
        HostCalls.Prepared p = calls.prepare(Objects.requireNonNull(request, "request"));
        p.warnings.addAll(calls.unmapped(p));
        WireClient.Request r = submit.apply(p, calls.inputs(p, p.request, java.util.Set.of()));
        return new DryRun(java.util.List.of(r.describe(providerId(), java.util.List.of())), p.warnings,
                calls.catalog.prices().estimate(p.model, Usage.estimate(p.request, p.caps)),
                java.util.List.of(providerId() + " runs a remote job: this request is submitted once, then the job is "
                        + "polled (GET) until it finishes; its id is reported before the first poll"));
    }

    /** On the shared pool; cancelling the future interrupts the call, which cancels its remote job. */
    static CompletableFuture<ImageResult> async(java.util.function.Supplier<ImageResult> call) {
        Interruptible f = new Interruptible();
        AsyncSupport.executor().execute(() -> {
            if (!f.start(Thread.currentThread())) {
                return;
            }
            try {
                f.complete(call.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            } finally {
                f.finish();
            }
        });
        return f;
    }

    ImageResult resume(JobHandle job, ImageRequest request, ImageListener listener) {
        Objects.requireNonNull(job, "job");
        if (!job.providerId().equals(providerId())) {
            throw new IllegalArgumentException("job " + job.id() + " belongs to " + job.providerId() + ", not "
                    + providerId());
        }
        HostCalls.Prepared p = new HostCalls.Prepared();
        p.request = request.withDefaults(calls.defaults);
        p.model = job.model();
        p.expected = p.request.outputFormat().orElse(OutputFormat.PNG);
        p.wireModel = job.wireModel();
        return runner.resume(job, p, Objects.requireNonNull(listener, "listener"));
    }

    boolean cancel(JobHandle job) {
        if (!job.providerId().equals(providerId())) {
            throw new IllegalArgumentException("job " + job.id() + " belongs to " + job.providerId() + ", not "
                    + providerId());
        }
        return runner.cancelQuietly(job);
    }

    void close() {
        client.close();
    }

    /** A future that interrupts its worker when cancelled. */
    private static final class Interruptible extends CompletableFuture<ImageResult> {
        private Thread worker;
        private boolean done;

        synchronized boolean start(Thread t) {
            if (isDone()) {
                return false;
            }
            worker = t;
            return true;
        }

        synchronized void finish() {
            done = true;
            worker = null;
            Thread.interrupted(); // a late cancel must not leak into the pool thread's next task
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (this) {
                if (worker != null && !done) {
                    worker.interrupt();
                    return true; // the worker ends the future with what the vendor may have received
                }
            }
            return super.cancel(mayInterruptIfRunning);
        }
    }

    /** The exception of a failed future, unwrapped. */
    static ImageGenerationException unwrap(Throwable t) {
        RuntimeException e = WireClient.unwrap(t);
        return e instanceof ImageGenerationException ? (ImageGenerationException) e
                : new ImageGenerationException(String.valueOf(e.getMessage()), e, null, 0, null, null);
    }
}
