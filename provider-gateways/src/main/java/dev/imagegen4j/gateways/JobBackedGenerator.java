package dev.imagegen4j.gateways;

import dev.imagegen4j.AsyncJobGenerator;
import dev.imagegen4j.DryRun;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.JobHandle;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import java.util.concurrent.CompletableFuture;

/**
 * The base of the public generators of job hosts ({@link ReplicateImageGenerator}, {@link FalImageGenerator}): a
 * named type users can hold, with the {@link AsyncJobGenerator} contract. {@link #generateAsync}'s future, when
 * cancelled, interrupts the call, which cancels the remote job. Thread-safe.
 */
public abstract class JobBackedGenerator implements AsyncJobGenerator {

    private final JobGeneratorCore core;

    JobBackedGenerator(JobGeneratorCore core) {
        this.core = core;
    }

    @Override
    public ImageResult generate(ImageRequest request, ImageListener listener) {
        return core.generate(request, listener);
    }

    @Override
    public java.util.List<String> check(ImageRequest request) {
        return core.check(request);
    }

    @Override
    public DryRun dryRun(ImageRequest request) {
        return core.dryRun(request);
    }

    @Override
    public final CompletableFuture<ImageResult> generateAsync(ImageRequest request) {
        return JobGeneratorCore.async(() -> generate(request, ImageListener.NONE));
    }

    @Override
    public final ImageResult resume(JobHandle job, ImageRequest request, ImageListener listener) {
        return core.resume(job, request, listener);
    }

    @Override
    public final boolean cancel(JobHandle job) {
        return core.cancel(job);
    }

    @Override
    public final ModelCapabilities capabilities(ModelId model) {
        return core.capabilities(model);
    }

    @Override
    public final String providerId() {
        return core.providerId();
    }

    @Override
    public final void close() {
        core.close();
    }

    final JobGeneratorCore core() {
        return core;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + core.providerId() + "]";
    }
}
