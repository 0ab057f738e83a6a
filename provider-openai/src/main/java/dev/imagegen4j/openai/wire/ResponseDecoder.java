package dev.imagegen4j.openai.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.PartialImage;
import dev.imagegen4j.Usage;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes {@code ImagesResponse} bodies and image SSE streams as their bytes arrive (push, no thread
 * waits for the network). Base64 image data is decoded straight from the network buffers into its target
 * ({@link JsonScanner}, {@link Base64Strings}); the rest of the JSON, which is small, is parsed with
 * Jackson once complete. No {@code String} of an image exists, so Jackson's string length limit does not
 * apply, and no buffer is sized from a declared length alone ({@link ImageTargets.MemoryTarget}).
 */
final class ResponseDecoder {

    /** The most bytes of JSON besides image data in a response or an event. */
    static final int MAX_SKELETON = 4 << 20;

    private final ObjectMapper mapper;

    ResponseDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** What a response said, besides the images. */
    static final class Decoded {
        final List<GeneratedImage.Builder> images = new ArrayList<>();
        Long created;
        String background;
        String outputFormat;
        String quality;
        String size;
        Usage usage;
        final Map<String, Object> extras = new LinkedHashMap<>();
        /** Images whose data is a URL to download: index in {@link #images} to URL. */
        final Map<Integer, URI> pendingUrls = new LinkedHashMap<>();
        final List<String> warnings = new ArrayList<>();
        /** Partial images received (streams). */
        int partials;
        /** The request id a codec read from the body (used when the headers carry none). */
        String requestId;
        /** The whole document without image data, for other protocols ({@link DocumentBody}); else null. */
        JsonNode document;
    }

    /** An in-stream error event, with what the stream delivered before it. */
    static final class StreamError extends IOException {
        private static final long serialVersionUID = 1L;
        final transient byte[] body;
        final transient Decoded before;

        StreamError(byte[] body, Decoded before) {
            super("error event in stream");
            this.body = body;
            this.before = before;
        }
    }

    /** A vendor URL that does not parse. */
    static final class BadUrl extends IOException {
        private static final long serialVersionUID = 1L;

        BadUrl(String message) {
            super(message);
        }
    }

    /** The push decoder of one successful body. Not thread-safe: the HTTP client delivers in order. */
    abstract static class Body {
        private final Base64Strings.ScratchPool pool;
        private Base64Strings.Scratch scratch;
        /** Bytes consumed so far. */
        long consumed;

        Body(Base64Strings.ScratchPool pool) {
            this.pool = pool;
        }

        /** The pooled buffers of this body, taken from the pool on first use. */
        final Base64Strings.Scratch scratch() {
            if (scratch == null) {
                scratch = pool.acquire();
            }
            return scratch;
        }

        /** Consumes {@code a[off, end)}. */
        final void feed(byte[] a, int off, int end) throws IOException {
            accept(a, off, end);
            consumed += end - off;
        }

        abstract void accept(byte[] a, int off, int end) throws IOException;

        /** Consumes a network buffer (read-only ones included), leaving its position unchanged. */
        void feed(ByteBuffer b) throws IOException {
            if (b.hasArray()) {
                int start = b.arrayOffset() + b.position();
                feed(b.array(), start, start + b.remaining());
                return;
            }
            byte[] copy = scratch().copy;
            for (int i = b.position(); i < b.limit(); ) {
                int n = Math.min(copy.length, b.limit() - i);
                b.get(i, copy, 0, n);
                feed(copy, 0, n);
                i += n;
            }
        }

        /**
         * Consumes a network buffer through {@code scanner}, decoding image strings straight from it; the JSON
         * around them goes through the pooled {@link Base64Strings.Scratch#copy} (not used by the decoder).
         */
        final void feed(JsonScanner scanner, ByteBuffer b) throws IOException {
            scanner.feed(b, b.position(), b.limit(), scratch().copy);
            consumed += b.remaining();
        }

        /** The body ended: what it said. */
        abstract Decoded finish() throws IOException;

        /** Discards images not yet complete and releases buffers; idempotent. */
        abstract void abort();

        /** Returns the pooled buffers (after {@link #finish} or {@link #abort}); idempotent. */
        final void release() {
            pool.release(scratch);
            scratch = null;
        }
    }

    /**
     * A decoder for a JSON {@code ImagesResponse}.
     *
     * @param contentLength  the declared length, or -1: used only as a hint, never trusted for allocation
     * @param expectedImages how many images the request asked for (to split the hint between them)
     */
    Body json(ImageTargets targets, long contentLength, int expectedImages, Base64Strings.ScratchPool pool,
            long maxImage) {
        return new JsonBody(targets, contentLength, expectedImages, pool, maxImage);
    }

    /**
     * A decoder for a JSON answer in a {@link WireCodec}'s format: the strings its {@link WireCodec#imageStrings()}
     * select are decoded into targets as they arrive (numbered in order), the rest goes to
     * {@link WireCodec#read} once complete.
     *
     * @param answer the answer being read (provider, status, request id), filled by the codec
     */
    Body codec(WireCodec codec, ImageTargets targets, Base64Strings.ScratchPool pool, long maxImage,
            java.util.function.Function<Decoded, WireCodec.Answer> answer) {
        return new DocumentBody(codec.imageStrings(), targets, pool, maxImage, mapper,
                d -> codec.read(d.document, answer.apply(d)));
    }

    /**
     * A decoder for a JSON document of another protocol: the strings {@code images} selects are decoded into
     * {@code targets} as they arrive (none when null); the rest becomes {@link Decoded#document}.
     */
    Body document(WireCodec.ImageStrings images, ImageTargets targets, Base64Strings.ScratchPool pool,
            long maxImage) {
        return new DocumentBody(images, targets, pool, maxImage, mapper, d -> { });
    }

    /** A decoder for an image SSE stream: partial images go to {@code listener}, completed ones to targets. */
    Body sse(ImageTargets targets, OutputFormat expected, ImageListener listener, Base64Strings.ScratchPool pool,
            long maxImage) {
        return new SseBody(targets, expected, listener, pool, maxImage);
    }

    private final class JsonBody extends Body implements JsonScanner.Diverter {
        private final ImageTargets targets;
        private final long contentLength;
        private final int expectedImages;
        private final long maxImage;
        private final JsonScanner scanner;
        private final Map<Integer, GeneratedImage.Builder> decoded = new HashMap<>();
        private ImageTargets.Target open;

        JsonBody(ImageTargets targets, long contentLength, int expectedImages, Base64Strings.ScratchPool pool,
                long maxImage) {
            super(pool);
            this.targets = targets;
            this.contentLength = contentLength;
            this.expectedImages = Math.max(1, expectedImages);
            this.maxImage = maxImage;
            this.scanner = new JsonScanner(false, MAX_SKELETON, this);
        }

        @Override
        void accept(byte[] a, int off, int end) throws IOException {
            scanner.feed(a, off, end);
        }

        @Override
        void feed(ByteBuffer b) throws IOException {
            feed(scanner, b);
        }

        @Override
        public Base64Strings start(int item) throws IOException {
            if (decoded.containsKey(item)) {
                throw new Base64Strings.Malformed("data item " + item + " has b64_json twice");
            }
            long hint = -1;
            if (contentLength > 0) {
                long remaining = contentLength - consumed;
                long share = remaining / Math.max(1, expectedImages - item);
                hint = share > 0 ? Math.min(maxImage, share / 4 * 3 + 3) : -1;
            }
            open = targets.open(item, hint);
            return new Base64Strings(open, scratch(), maxImage);
        }

        @Override
        public void end(int item) throws IOException {
            ImageTargets.Target target = open;
            open = null;
            decoded.put(item, target.finish());
        }

        @Override
        Decoded finish() throws IOException {
            scanner.finish();
            Decoded d = new Decoded();
            try (JsonParser p = mapper.getFactory().createParser(scanner.skeletonBuffer(), 0,
                    scanner.skeletonLength())) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new Base64Strings.Malformed("the response is not a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken t = p.nextToken();
                    switch (field) {
                        case "data":
                            if (t == JsonToken.START_ARRAY) {
                                readData(p, d);
                            } else {
                                p.skipChildren();
                            }
                            break;
                        case "created":
                            d.created = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                            break;
                        case "usage":
                            d.usage = t == JsonToken.START_OBJECT ? usage(mapper.readTree(p)) : null;
                            break;
                        case "background":
                            d.background = textOrNull(p, t);
                            break;
                        case "output_format":
                            d.outputFormat = textOrNull(p, t);
                            break;
                        case "quality":
                            d.quality = textOrNull(p, t);
                            break;
                        case "size":
                            d.size = textOrNull(p, t);
                            break;
                        default:
                            Object v = mapper.readValue(p, Object.class);
                            if (v != null) {
                                d.extras.put(field, v);
                            }
                    }
                }
                if (p.currentToken() != JsonToken.END_OBJECT) {
                    throw new Base64Strings.Malformed("the response JSON ended unexpectedly");
                }
            }
            return d;
        }

        private void readData(JsonParser p, Decoded d) throws IOException {
            int item = -1;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                item++;
                GeneratedImage.Builder image = decoded.get(item);
                String url = null;
                String revised = null;
                Map<String, Object> meta = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if (field.equals("b64_json") && v == JsonToken.VALUE_STRING) {
                        continue; // decoded as it arrived
                    } else if (field.equals("url") && v == JsonToken.VALUE_STRING) {
                        url = p.getText();
                    } else if (field.equals("revised_prompt") && v == JsonToken.VALUE_STRING) {
                        revised = p.getText();
                    } else {
                        Object value = mapper.readValue(p, Object.class);
                        if (value != null) {
                            meta.put(field, value);
                        }
                    }
                }
                int index = d.images.size();
                if (image == null && url == null) {
                    throw new Base64Strings.Malformed("data item " + index + " has neither b64_json nor url");
                }
                URI parsed = null;
                if (url != null) {
                    parsed = parseUrl(url, index, image == null);
                    if (parsed == null) {
                        d.warnings.add("image " + index + ": the URL the service returned is malformed and was "
                                + "dropped (the image data itself arrived)");
                    }
                }
                if (image == null) {
                    d.pendingUrls.put(index, parsed);
                    image = GeneratedImage.builder();
                }
                if (parsed != null) {
                    image.url(parsed);
                }
                image.revisedPrompt(revised);
                meta.forEach(image::metadata);
                d.images.add(image);
            }
        }

        @Override
        void abort() {
            if (open != null) {
                open.abort();
                open = null;
            }
        }
    }

    /**
     * Parses a vendor URL.
     *
     * @param required whether the image exists only as this URL (then a malformed one is an error)
     * @return the URL, or null when it is malformed and not required
     * @throws BadUrl naming the image (never the URL, which may carry a signed token) when it is required
     */
    static URI parseUrl(String url, int index, boolean required) throws BadUrl {
        try {
            URI u = new URI(url.strip());
            if (u.isAbsolute() && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // handled below
        }
        if (required) {
            throw new BadUrl("image " + index + " was generated but the service returned a malformed URL for it ("
                    + url.length() + " characters, scheme " + scheme(url) + ")");
        }
        return null;
    }

    private static String scheme(String url) {
        int colon = url.indexOf(':');
        String s = colon > 0 && colon < 10 ? url.substring(0, colon) : "none";
        return s.matches("[A-Za-z][A-Za-z0-9+.-]*") ? s.toLowerCase(Locale.ROOT) : "none";
    }

    private final class SseBody extends Body implements SseReader.Events, JsonScanner.Diverter {
        private final ImageTargets targets;
        private final OutputFormat expected;
        private final ImageListener listener;
        private final long maxImage;
        private final SseReader reader = new SseReader(this);
        private final Decoded d = new Decoded();
        private JsonScanner event;
        private ImageTargets.Target direct;
        private ImageTargets.MemoryTarget memory;
        private GeneratedImage.Builder completed;
        private boolean ended;

        SseBody(ImageTargets targets, OutputFormat expected, ImageListener listener, Base64Strings.ScratchPool pool,
                long maxImage) {
            super(pool);
            this.targets = targets;
            this.expected = expected;
            this.listener = listener;
            this.maxImage = maxImage;
        }

        @Override
        void accept(byte[] a, int off, int end) throws IOException {
            if (!ended) {
                reader.feed(a, off, end);
            }
        }

        @Override
        public JsonScanner begin(String eventName) {
            abortEventImage();
            completed = null;
            event = new JsonScanner(true, MAX_SKELETON, this);
            return event;
        }

        @Override
        public Base64Strings start(int item) throws IOException {
            if (direct != null || memory != null || completed != null) {
                throw new Base64Strings.Malformed("a stream event has b64_json twice");
            }
            String type = event.type();
            ImageTargets.Target target;
            if (type != null && type.endsWith(".completed")) {
                direct = targets.open(d.images.size(), -1);
                target = direct;
            } else {
                memory = ImageTargets.memory(-1, expected);
                target = memory;
            }
            return new Base64Strings(target, scratch(), maxImage);
        }

        @Override
        public void end(int item) throws IOException {
            if (direct != null) {
                ImageTargets.Target t = direct;
                direct = null;
                completed = t.finish();
            }
        }

        @Override
        public void end(String eventName, JsonScanner data) throws IOException {
            if (ended) {
                return;
            }
            byte[] json = data.skeleton();
            String head = new String(json, 0, Math.min(json.length, 16), StandardCharsets.US_ASCII).strip();
            if (head.startsWith("[DONE]")) {
                ended = true;
                return;
            }
            if ("error".equals(eventName)) {
                throw new StreamError(json, d);
            }
            data.finish();
            readEvent(json, eventName);
        }

        private void readEvent(byte[] json, String eventName) throws IOException {
            String type = eventName;
            int partialIndex = -1;
            JsonNode usage = null;
            String size = null;
            String quality = null;
            String background = null;
            String format = null;
            try (JsonParser p = mapper.getFactory().createParser(json)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new Base64Strings.Malformed("a stream event is not a JSON object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken t = p.nextToken();
                    switch (field) {
                        case "type":
                            type = p.getText();
                            break;
                        case "partial_image_index":
                            partialIndex = p.getIntValue();
                            break;
                        case "usage":
                            usage = t == JsonToken.START_OBJECT ? mapper.readTree(p) : null;
                            break;
                        case "size":
                            size = textOrNull(p, t);
                            break;
                        case "quality":
                            quality = textOrNull(p, t);
                            break;
                        case "background":
                            background = textOrNull(p, t);
                            break;
                        case "output_format":
                            format = textOrNull(p, t);
                            break;
                        case "error":
                            throw new StreamError(mapper.writeValueAsBytes(Map.of("error",
                                    mapper.readValue(p, Object.class))), d);
                        default:
                            p.skipChildren();
                    }
                }
            }
            if (type == null) {
                throw new Base64Strings.Malformed("a stream event has no type");
            }
            if (type.equals("error")) {
                throw new StreamError(json, d);
            }
            if (type.endsWith(".partial_image")) {
                if (memory != null) {
                    ImageTargets.MemoryTarget m = memory;
                    memory = null;
                    byte[] bytes = m.buffer().length == m.length() ? m.buffer() : m.array();
                    OutputFormat f = ImageTargets.sniff(bytes, bytes.length).orElse(expected);
                    d.partials++;
                    listener.onPartialImage(new PartialImage(d.images.size(), Math.max(partialIndex, 0), bytes, f));
                }
                return;
            }
            if (!type.endsWith(".completed")) {
                abortEventImage(); // an event type we do not know: ignore, as SSE clients do
                return;
            }
            GeneratedImage.Builder image = completed;
            completed = null;
            if (image == null && memory != null) {
                // "type" came after the data: the image was decoded to memory; move it to its real target
                ImageTargets.MemoryTarget m = memory;
                memory = null;
                ImageTargets.Target target = targets.open(d.images.size(), m.length());
                direct = target;
                target.write(m.buffer(), 0, m.length());
                direct = null;
                image = target.finish();
            }
            if (image == null) {
                throw new Base64Strings.Malformed("a completed event has no image data");
            }
            d.images.add(image);
            d.usage = usage == null ? d.usage : plus(d.usage, usage(usage));
            d.size = size != null ? size : d.size;
            d.quality = quality != null ? quality : d.quality;
            d.background = background != null ? background : d.background;
            d.outputFormat = format != null ? format : d.outputFormat;
        }

        private void abortEventImage() {
            memory = null;
            if (direct != null) {
                direct.abort();
                direct = null;
            }
        }

        @Override
        Decoded finish() throws IOException {
            if (!ended) {
                reader.finish();
            }
            return d;
        }

        @Override
        void abort() {
            abortEventImage();
        }
    }

    private static Usage plus(Usage a, Usage b) {
        return a == null ? b : a.plus(b);
    }

    private static String textOrNull(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t.isScalarValue()) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    static Usage usage(JsonNode u) {
        Usage.Builder b = Usage.builder();
        b.inputTokens(u.path("input_tokens").asLong(0));
        b.outputTokens(u.path("output_tokens").asLong(0));
        JsonNode in = u.path("input_tokens_details");
        b.inputTextTokens(in.path("text_tokens").asLong(0));
        b.inputImageTokens(in.path("image_tokens").asLong(0));
        JsonNode out = u.path("output_tokens_details");
        b.outputImageTokens(out.path("image_tokens").asLong(0));
        b.outputTextTokens(out.path("text_tokens").asLong(0));
        if (u.has("total_tokens") && u.get("total_tokens").isNumber()) {
            b.totalTokens(u.get("total_tokens").asLong());
        }
        return b.build();
    }
}
