package dev.imagegen4j.gateways;

import dev.imagegen4j.AsyncJobGenerator;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.openai.wire.WireClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * fal ({@code queue.fal.run}, {@code fal.run}) as an {@link AsyncJobGenerator}: by default each request is one job
 * in fal's queue (submit, status, result, cancel); {@link Builder#sync(boolean)} uses the synchronous endpoint
 * instead (one POST whose answer is the output; nothing to resume, a lost answer is an unknown outcome).
 *
 * <pre>{@code
 * FalImageGenerator fal = FalImageGenerator.builder().apiKey(System.getenv("FAL_KEY")).build();
 * ImageResult r = fal.generate(ImageRequest.builder().prompt("a corgi").model(ModelId.GPT_IMAGE_2_5_FLARE).build());
 * }</pre>
 *
 * <p>Apps and input names come from {@code hosts.yaml}: {@code gpt-image-2.5-flare} is
 * {@code openai/gpt-image-2.5/flare/text-to-image} (edits {@code .../edit} with {@code image_urls} and
 * {@code mask_url}), with {@code image_size}, {@code num_images}, {@code quality}, {@code background},
 * {@code output_format}; {@code flux-dev} is {@code fal-ai/flux/dev} with {@code image_size} as
 * {@code {width, height}} and {@code seed}. {@code Authorization: Key}. Output URLs (fal's CDN) are downloaded under
 * the URL rules; queue results are kept about an hour.
 *
 * <p><b>Never paid twice</b>: see {@link AsyncJobGenerator}. Thread-safe; share one instance.
 */
public final class FalImageGenerator extends JobBackedGenerator {

    /** {@code https://queue.fal.run}. */
    public static final URI DEFAULT_QUEUE_URL = URI.create("https://queue.fal.run");
    /** {@code https://fal.run}. */
    public static final URI DEFAULT_SYNC_URL = URI.create("https://fal.run");

    private final boolean sync;
    private final FalHost host;

    private FalImageGenerator(JobGeneratorCore core, FalHost host, boolean sync) {
        super(core);
        this.host = host;
        this.sync = sync;
    }

    /** A builder. An API key is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public ImageResult generate(ImageRequest request, ImageListener listener) {
        if (!sync) {
            return super.generate(request, listener);
        }
        Objects.requireNonNull(listener, "listener");
        JobGeneratorCore core = core();
        HostCalls.Prepared p = core.calls.prepare(Objects.requireNonNull(request, "request"));
        p.warnings.addAll(core.calls.unmapped(p));
        Map<String, Object> inputs = core.calls.inputs(p, p.request, Set.of());
        long start = System.nanoTime();
        listener.onPhase(ImageListener.Phase.CONNECTING);
        WireClient.Answer a = core.client.send(host.syncCall(p, inputs), listener, p.request.sink().orElse(null), 0,
                p.expected).await();
        String id = a.requestId().orElse("the request");
        ImageResult.Builder b = JobRunner.collect(core.client, "fal", id, p.wireModel, p, listener, a,
                host.outputs(a, id), start);
        host.describe(b, a.json());
        return b.build();
    }

    /** Builds a {@link FalImageGenerator}. Not thread-safe; {@link #build()} validates. */
    public static final class Builder extends GatewayBuilder<Builder> {
        private URI queueUrl = DEFAULT_QUEUE_URL;
        private URI syncUrl = DEFAULT_SYNC_URL;
        private boolean sync;

        private Builder() {
        }

        /** The queue's base URL. Default {@link #DEFAULT_QUEUE_URL}. */
        public Builder queueUrl(URI url) {
            this.queueUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** The queue's base URL as text. */
        public Builder queueUrl(String url) {
            return queueUrl(URI.create(url));
        }

        /** The synchronous endpoint's base URL. Default {@link #DEFAULT_SYNC_URL}. */
        public Builder syncUrl(URI url) {
            this.syncUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** The synchronous endpoint's base URL as text. */
        public Builder syncUrl(String url) {
            return syncUrl(URI.create(url));
        }

        /** Whether to call the synchronous endpoint instead of the queue. Default false (the queue). */
        public Builder sync(boolean sync) {
            this.sync = sync;
            return this;
        }

        /**
         * The generator.
         *
         * @throws IllegalArgumentException without an API key, or for an insecure URL
         */
        public FalImageGenerator build() {
            requireKey("a fal API key is required (api-key, or FAL_KEY when the environment is passed in)");
            URI queue = checked(queueUrl, "queue-url");
            URI syncBase = checked(syncUrl, "sync-url");
            WireClient client = client("fal", sync ? syncBase : queue, List.of("x-fal-request-id", "x-request-id"));
            FalHost host = new FalHost(queue, syncBase, apiKey);
            HostCalls calls = calls("fal", false);
            return new FalImageGenerator(new JobGeneratorCore(calls, client,
                    new JobRunner("fal", client, host, polling()), host::submit), host, sync);
        }
    }
}
