package dev.imagegen4j.openai.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Usage;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The message format of a service that does not speak the OpenAI Images protocol (Gemini's
 * {@code generateContent}, ...): how one call's body is encoded, which JSON strings of a successful answer are
 * base64 images, how the rest of the answer is read, and how error answers map. A {@link WireDialect} that
 * returns one from {@link WireDialect#codec()} keeps everything else of {@link WireImageGenerator}: catalog
 * validation and shape translation, requests split into parallel calls and merged, the transport with its clocks
 * and failure classification, image data decoded from the network buffers into memory or the request's sink.
 * Implementations must be thread-safe.
 */
public interface WireCodec {

    /**
     * One call's encoded body.
     *
     * @param publisher   the body; it must be subscribable again (the request is re-sent once without
     *                    {@code Expect: 100-continue} when a server ignores the header)
     * @param contentType its content type
     */
    record Body(HttpRequest.BodyPublisher publisher, String contentType) {

        /** Checks that neither is null. */
        public Body {
            Objects.requireNonNull(publisher, "publisher");
            Objects.requireNonNull(contentType, "contentType");
        }
    }

    /**
     * What one call is for, as the generator resolved it.
     *
     * @param model        the logical model
     * @param wireModel    the model id on the wire ({@link WireDialect#wireModel})
     * @param capabilities the model's capabilities, narrowed by the dialect
     * @param sendAsAsked  whether the model's rules were inferred: then send every option as asked, never drop one
     */
    record Call(ModelId model, String wireModel, ModelCapabilities capabilities, boolean sendAsAsked) {
    }

    /**
     * Encodes one call. Image inputs should be streamed while sending (e.g. with {@link StreamingJson}), never held
     * whole as a {@code String}.
     *
     * @param request the call's share of the request: generator defaults applied, validated, {@code n} = the images
     *                of this call
     * @throws dev.imagegen4j.InvalidRequestException before anything is sent, for a request the format cannot carry
     */
    Body encode(ImageRequest request, Call call);

    /** The string fields of a successful JSON answer that hold base64 image data, decoded as they arrive. */
    ImageStrings imageStrings();

    /**
     * Reads a complete successful answer.
     *
     * @param answer the answer's JSON, with each image string replaced by {@code ""}
     * @param into   the images decoded from it (in the order they appeared) and where the rest goes
     * @throws dev.imagegen4j.ImageGenerationException for an answer that is not a result: a refusal
     *                                                 ({@link dev.imagegen4j.ContentPolicyException}), or an
     *                                                 answer without images ({@link dev.imagegen4j.ResultUnknownException}
     *                                                 unless the service said why)
     */
    void read(JsonNode answer, Answer into);

    /**
     * The error mapper of this format.
     *
     * @param standard the OpenAI-shape mapper, configured with the dialect's request-id headers and redaction, to
     *                 delegate shapes and statuses this format does not handle itself
     * @return the mapper; default {@code standard}
     */
    default WireErrors errors(ErrorMapper standard) {
        return standard;
    }

    /**
     * Which JSON strings are image data, at any depth, in document order: the values of {@code key} (or the strings
     * of an array that is its value, {@code "output": ["data:...", ...]}) in an object that is itself the value of
     * one of the {@code parents} keys (any object when none is given). With {@link #dataUrls()}, such a string is
     * an image only when it is a base64 {@code data:} URL; any other string (an https URL) stays text in the
     * answer. Immutable.
     */
    final class ImageStrings {
        private final byte[] key;
        private final List<byte[]> parents;
        private final boolean dataUrls;

        private ImageStrings(String key, List<String> parents, boolean dataUrls) {
            this.key = Objects.requireNonNull(key, "key").getBytes(StandardCharsets.UTF_8);
            List<byte[]> p = new ArrayList<>();
            parents.forEach(s -> p.add(Objects.requireNonNull(s, "parent").getBytes(StandardCharsets.UTF_8)));
            this.parents = List.copyOf(p);
            this.dataUrls = dataUrls;
        }

        /**
         * The base64 value of {@code key} in an object held by any of {@code parents} (e.g. {@code data} in
         * Gemini's {@code inlineData}).
         *
         * @throws IllegalArgumentException if no parent is given
         */
        public static ImageStrings keyIn(String key, String... parents) {
            if (parents.length == 0) {
                throw new IllegalArgumentException("at least one parent key is required");
            }
            return new ImageStrings(key, List.of(parents), false);
        }

        /** The base64 value of {@code key} in any object. */
        public static ImageStrings key(String key) {
            return new ImageStrings(key, List.of(), false);
        }

        /**
         * The base64 {@code data:} URLs under {@code key} in an object held by {@code parent} (any object when
         * null), e.g. OpenRouter's {@code image_url.url}.
         */
        public static ImageStrings dataUrlsIn(String key, String parent) {
            return new ImageStrings(key, parent == null ? List.of() : List.of(parent), true);
        }

        /** Whether only base64 data URLs are images (their {@code data:...;base64,} header stays in the answer). */
        public boolean dataUrls() {
            return dataUrls;
        }

        /** Whether a string under {@code key} in an object held by {@code parent} is image data (either may be null). */
        boolean matches(byte[] key, byte[] parent) {
            if (key == null || !java.util.Arrays.equals(key, this.key)) {
                return false;
            }
            if (parents.isEmpty()) {
                return true;
            }
            for (byte[] p : parents) {
                if (java.util.Arrays.equals(p, parent)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * One successful answer being read: its images (decoded already) and what the codec adds to the result. Not
     * thread-safe; valid only during {@link #read}.
     */
    final class Answer {
        private final ResponseDecoder.Decoded decoded;
        private final String providerId;
        private final int status;
        private final String requestId;

        Answer(ResponseDecoder.Decoded decoded, String providerId, int status, String requestId) {
            this.decoded = decoded;
            this.providerId = providerId;
            this.status = status;
            this.requestId = requestId;
        }

        /** The provider id, for exceptions. */
        public String providerId() {
            return providerId;
        }

        /** The HTTP status of the answer. */
        public int status() {
            return status;
        }

        /** The request id: from the response headers, else the one set with {@link #requestId(String)}. */
        public Optional<String> requestId() {
            return Optional.ofNullable(requestId != null ? requestId : decoded.requestId);
        }

        /** Sets the request id from the body, used when the headers carry none. */
        public void requestId(String id) {
            decoded.requestId = id;
        }

        /** How many images were decoded. */
        public int images() {
            return decoded.images.size();
        }

        /** Adds metadata to image {@code index} (of this call). */
        public void imageMetadata(int index, String key, Object value) {
            GeneratedImage.Builder b = decoded.images.get(index);
            b.metadata(key, value);
        }

        /** The call's token usage. */
        public void usage(Usage usage) {
            decoded.usage = usage;
        }

        /** A warning for the result. */
        public void warning(String warning) {
            decoded.warnings.add(Objects.requireNonNull(warning, "warning"));
        }

        /** Provider metadata for the result (through {@link WireDialect#postProcess}). */
        public void metadata(String key, Object value) {
            decoded.extras.put(Objects.requireNonNull(key, "key"), value);
        }
    }
}
