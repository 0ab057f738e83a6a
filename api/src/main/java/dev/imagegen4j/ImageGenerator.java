package dev.imagegen4j;

import dev.imagegen4j.internal.AsyncSupport;
import java.util.concurrent.CompletableFuture;

/**
 * Generates and edits images through one vendor (a provider) or a route of several (a router).
 *
 * <p>Everything goes through {@link #generate(ImageRequest, ImageListener)}: a request without reference
 * images is a generation, with images an edit, with a mask an inpainting edit. Before sending, the
 * request is checked against the model's {@linkplain #capabilities(ModelId) capabilities}; a rule it
 * breaks throws {@link InvalidRequestException} and costs nothing.
 *
 * <p>Implementations are thread-safe: one instance serves any number of concurrent calls. Close it
 * when done to release connections; it must not be used afterwards.
 *
 * <pre>{@code
 * try (ImageGenerator images = ImageGenerators.create("openai", settings)) {
 *     ImageResult result = images.generate(ImageRequest.builder()
 *         .prompt("a corgi on grass").model(ModelId.GPT_IMAGE_2).build());
 *     Files.write(Path.of("corgi.png"), result.image().bytes());
 * }
 * }</pre>
 */
public interface ImageGenerator extends AutoCloseable {

    /**
     * Generates or edits, reporting progress and streamed partial images to {@code listener}.
     * Partial images are requested with {@link ImageRequest.Builder#partialImages(Integer)}.
     *
     * @throws InvalidRequestException    if the request breaks a rule (before anything is sent) or the
     *                                    vendor rejects it
     * @throws ImageGenerationException   a subtype saying what to do next (see its Javadoc)
     */
    ImageResult generate(ImageRequest request, ImageListener listener);

    /** Generates or edits without a listener. */
    default ImageResult generate(ImageRequest request) {
        return generate(request, ImageListener.NONE);
    }

    /**
     * Runs {@link #generate(ImageRequest)} without blocking the caller. The default runs it on a shared
     * pool of daemon threads; providers may override it with non-blocking I/O. The future completes
     * exceptionally with the same exceptions {@code generate} throws.
     */
    default CompletableFuture<ImageResult> generateAsync(ImageRequest request) {
        return AsyncSupport.supply(() -> generate(request));
    }

    /**
     * What {@code model} can do through this generator: the catalog's rules narrowed to what this
     * vendor takes. Ask before you call to pick options or to skip a provider.
     */
    ModelCapabilities capabilities(ModelId model);

    /**
     * Checks {@code request} exactly as {@link #generate} would before sending, and sends nothing: the model's
     * catalog rules (with the catalog's policy for models it does not know), the vendor's own rules and the model's
     * lifecycle on this vendor. Routes use it to skip a member that cannot serve a request. The default checks the
     * request's model against {@link #capabilities(ModelId)}; providers override it with their full check.
     *
     * @return the warnings the request would carry (ignored options, inferred rules)
     * @throws InvalidRequestException naming the rule the request breaks here
     * @throws ProviderException       if this vendor cannot serve the model at all (no deployment, shut down)
     */
    default java.util.List<String> check(ImageRequest request) {
        ModelId model = request.model().orElse(null);
        return model == null ? java.util.List.of() : capabilities(model).validate(request, model);
    }

    /**
     * What {@link #generate} would send, without sending anything: the {@linkplain #check checks} run, and for
     * providers that can show them the exact HTTP requests (secrets masked) and the estimated cost. The default
     * reports the checks' warnings and says the requests cannot be shown.
     *
     * @throws InvalidRequestException naming the rule the request breaks here
     * @throws ProviderException       if this vendor cannot serve the model at all
     */
    default DryRun dryRun(ImageRequest request) {
        return new DryRun(java.util.List.of(), check(request), java.util.Optional.empty(),
                java.util.List.of(providerId() + " does not show its wire requests; the request passed its checks"));
    }

    /** The provider id, e.g. {@code openai}, {@code azure}; for routers, the route's name. */
    String providerId();

    /**
     * The generator that runs the remote jobs of {@code providerId}, if this generator is one
     * ({@link AsyncJobGenerator}) or a route holding one: what resumes or cancels a {@link JobHandle}. Default: this
     * generator, when it is an {@code AsyncJobGenerator} of that provider.
     */
    default java.util.Optional<AsyncJobGenerator> asyncJobs(String providerId) {
        return this instanceof AsyncJobGenerator && providerId().equals(providerId)
                ? java.util.Optional.of((AsyncJobGenerator) this) : java.util.Optional.empty();
    }

    /** Releases connections and threads. Idempotent. The default does nothing. */
    @Override
    default void close() {
    }
}
