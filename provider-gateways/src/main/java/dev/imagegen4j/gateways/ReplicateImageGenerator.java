package dev.imagegen4j.gateways;

import dev.imagegen4j.AsyncJobGenerator;
import dev.imagegen4j.openai.wire.WireClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Replicate ({@code https://api.replicate.com/v1}) as an {@link AsyncJobGenerator}: each request is one prediction.
 *
 * <pre>{@code
 * ReplicateImageGenerator replicate = ReplicateImageGenerator.builder()
 *     .apiKey(System.getenv("REPLICATE_API_TOKEN"))
 *     .build();
 * ImageResult r = replicate.generate(ImageRequest.builder().prompt("a corgi")
 *     .model(ModelId.GPT_IMAGE_2_5_FLARE).aspectRatio("3:2").build());   // openai/gpt-image-2.5-flare
 * }</pre>
 *
 * <p><b>On the wire.</b> {@code POST /models/{owner}/{name}/predictions} with {@code {"input": {...}}} and
 * {@code Prefer: wait=60} (the answer holds the output when it finishes within that time), then
 * {@code GET /predictions/{id}} with backoff ({@link Builder#pollInterval}, growing by half up to
 * {@link Builder#maxPollInterval}) until it succeeded, failed or was cancelled; {@code Authorization: Bearer}. Output
 * URLs are downloaded under the URL rules (https only, every address checked, size cap, timeouts); they expire
 * after about an hour. Model ids and input names come from {@code hosts.yaml} ({@code gpt-image-2.6-flare} is
 * {@code openai/gpt-image-2.6-flare} with {@code aspect_ratio}, {@code input_images}, {@code number_of_images};
 * {@code flux-1.1-pro} is {@code black-forest-labs/flux-1.1-pro} with {@code aspect_ratio}, {@code seed},
 * {@code output_format}); {@link Builder#models} adds or replaces entries.
 *
 * <p><b>Never paid twice</b>: see {@link AsyncJobGenerator}. Thread-safe; share one instance.
 */
public final class ReplicateImageGenerator extends JobBackedGenerator {

    /** {@code https://api.replicate.com/v1}. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.replicate.com/v1");

    private ReplicateImageGenerator(JobGeneratorCore core) {
        super(core);
    }

    /** A builder. An API token is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ReplicateImageGenerator}. Not thread-safe; {@link #build()} validates. */
    public static final class Builder extends GatewayBuilder<Builder> {
        private URI baseUrl = DEFAULT_BASE_URL;
        private Duration wait = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The base URL, up to and including {@code /v1}. Default {@link #DEFAULT_BASE_URL}. */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            return this;
        }

        /** The base URL as text. */
        public Builder baseUrl(String baseUrl) {
            return baseUrl(URI.create(baseUrl));
        }

        /**
         * How long the submit may wait for the prediction to finish ({@code Prefer: wait=N}, 1 to 60 s), or zero
         * to send no {@code Prefer} header and always poll. Default 60 s.
         */
        public Builder syncWait(Duration wait) {
            Objects.requireNonNull(wait, "wait");
            if (wait.isNegative() || wait.toSeconds() > 60 || (!wait.isZero() && wait.toSeconds() < 1)) {
                throw new IllegalArgumentException("sync wait " + wait + ": must be zero or 1 to 60 seconds");
            }
            this.wait = wait;
            return this;
        }

        /**
         * The generator.
         *
         * @throws IllegalArgumentException without an API token, or for an insecure base URL
         */
        public ReplicateImageGenerator build() {
            requireKey("a Replicate API token is required (api-key, or REPLICATE_API_TOKEN when the environment is "
                    + "passed in)");
            URI base = checked(baseUrl, "base-url");
            WireClient client = client("replicate", base, List.of("x-request-id", "replicate-request-id"));
            ReplicateHost host = new ReplicateHost(base, apiKey, wait);
            HostCalls calls = calls("replicate", false);
            return new ReplicateImageGenerator(new JobGeneratorCore(calls, client,
                    new JobRunner("replicate", client, host, polling()), host::submit));
        }
    }
}
