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
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code ImagesResponse} bodies and image SSE streams with Jackson's streaming parser. Base64
 * image data is decoded straight from the bytes under the parser into its target, a block at a time
 * ({@link Base64Strings}), so no {@code String} of the image exists and Jackson's string length limit
 * does not apply.
 */
final class ResponseDecoder {

    private final ObjectMapper mapper;

    ResponseDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** What a response said, besides the images. */
    static final class Decoded {
        final List<GeneratedImage.Builder> images = new ArrayList<>();
        final List<String> urls = new ArrayList<>();
        Long created;
        String background;
        String outputFormat;
        String quality;
        String size;
        Usage usage;
        final Map<String, Object> extras = new LinkedHashMap<>();
        /** Images whose data is a URL to download: index in {@link #images} to URL. */
        final Map<Integer, String> pendingUrls = new LinkedHashMap<>();
    }

    /** An in-stream error event. */
    static final class StreamError extends IOException {
        private static final long serialVersionUID = 1L;
        final byte[] body;

        StreamError(byte[] body) {
            super("error event in stream");
            this.body = body;
        }
    }

    Decoded decodeJson(InputStream body, long contentLength, ImageTargets targets) throws IOException {
        Decoded d = new Decoded();
        List<ImageTargets.Target> open = new ArrayList<>();
        Base64Strings.Source source = new Base64Strings.Source(body);
        try (JsonParser p = mapper.getFactory().createParser(source)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("response is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "data":
                        if (t == JsonToken.START_ARRAY) {
                            readData(p, source, d, contentLength, targets, open);
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
                throw new IOException("response JSON ended unexpectedly");
            }
        } catch (IOException | RuntimeException e) {
            open.forEach(ImageTargets.Target::abort);
            throw e;
        }
        return d;
    }

    private void readData(JsonParser p, Base64Strings.Source source, Decoded d, long contentLength,
            ImageTargets targets, List<ImageTargets.Target> open) throws IOException {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            GeneratedImage.Builder image = null;
            String url = null;
            String revised = null;
            Map<String, Object> meta = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("b64_json") && t == JsonToken.VALUE_STRING) {
                    long hint = -1;
                    if (contentLength > 0) {
                        long remaining = contentLength - p.currentLocation().getByteOffset();
                        hint = remaining > 0 ? remaining / 4 * 3 + 3 : -1;
                    }
                    ImageTargets.Target target = targets.open(d.images.size(), hint);
                    open.add(target);
                    Base64Strings.decode(p, source, target);
                    image = target.finish();
                    open.remove(target);
                } else if (field.equals("url") && t == JsonToken.VALUE_STRING) {
                    url = p.getText();
                } else if (field.equals("revised_prompt") && t == JsonToken.VALUE_STRING) {
                    revised = p.getText();
                } else {
                    Object v = mapper.readValue(p, Object.class);
                    if (v != null) {
                        meta.put(field, v);
                    }
                }
            }
            if (image == null && url == null) {
                throw new IOException("data item " + (d.images.size()) + " has neither b64_json nor url");
            }
            if (image == null) {
                d.pendingUrls.put(d.images.size(), url);
                image = GeneratedImage.builder();
            }
            if (url != null) {
                image.url(java.net.URI.create(url));
            }
            image.revisedPrompt(revised);
            meta.forEach(image::metadata);
            d.images.add(image);
        }
    }

    /**
     * Decodes an image SSE stream: partial images go to {@code listener}, completed images to
     * {@code targets}; stops at the end of the stream or at {@code [DONE]}.
     *
     * @throws StreamError on an {@code error} event, carrying its JSON for the error mapper
     */
    Decoded decodeSse(InputStream body, ImageTargets targets, OutputFormat expected, ImageListener listener)
            throws IOException {
        Decoded d = new Decoded();
        SseReader reader = new SseReader(body);
        SseReader.Event ev;
        while ((ev = reader.next()) != null) {
            InputStream data = new java.io.BufferedInputStream(ev.data, 16 * 1024);
            data.mark(16);
            byte[] head = data.readNBytes(6);
            String headText = new String(head, java.nio.charset.StandardCharsets.US_ASCII).strip();
            if (headText.startsWith("[DONE]")) {
                break;
            }
            data.reset();
            if ("error".equals(ev.name)) {
                throw new StreamError(data.readNBytes(1 << 20));
            }
            readEvent(data, ev.name, d, targets, expected, listener);
        }
        return d;
    }

    private void readEvent(InputStream data, String eventName, Decoded d, ImageTargets targets,
            OutputFormat expected, ImageListener listener) throws IOException {
        String type = eventName;
        ImageTargets.MemoryTarget memory = null;
        ImageTargets.Target direct = null;
        GeneratedImage.Builder image = null;
        int partialIndex = -1;
        JsonNode usage = null;
        String size = null;
        String quality = null;
        String background = null;
        String format = null;
        Base64Strings.Source source = new Base64Strings.Source(data);
        try (JsonParser p = mapper.getFactory().createParser(source)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("stream event is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "type":
                        type = p.getText();
                        break;
                    case "b64_json":
                        if (type != null && type.endsWith(".completed")) {
                            direct = targets.open(d.images.size(), -1);
                            try {
                                Base64Strings.decode(p, source, direct);
                                image = direct.finish();
                            } catch (IOException | RuntimeException e) {
                                direct.abort();
                                throw e;
                            }
                        } else {
                            memory = ImageTargets.memory(-1, expected);
                            Base64Strings.decode(p, source, memory);
                        }
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
                        throw new StreamError(mapper.writeValueAsBytes(
                                java.util.Map.of("error", mapper.readValue(p, Object.class))));
                    default:
                        p.skipChildren();
                }
            }
        }
        if (type == null) {
            throw new IOException("stream event without a type");
        }
        if (type.endsWith(".partial_image")) {
            if (memory != null) {
                OutputFormat f = ImageTargets.sniff(memory.buffer(), memory.length()).orElse(expected);
                listener.onPartialImage(new PartialImage(d.images.size(), Math.max(partialIndex, 0), memory.array(), f));
            }
            return;
        }
        if (!type.endsWith(".completed")) {
            return; // an event type we do not know: ignore, as SSE clients do
        }
        if (image == null && memory != null) {
            // "type" came after the data: the image was decoded to memory; move it to its real target
            ImageTargets.Target target = targets.open(d.images.size(), memory.length());
            target.write(memory.buffer(), 0, memory.length());
            image = target.finish();
        }
        if (image == null) {
            throw new IOException("completed event without image data");
        }
        d.images.add(image);
        d.usage = usage == null ? d.usage : plus(d.usage, usage(usage));
        d.size = size != null ? size : d.size;
        d.quality = quality != null ? quality : d.quality;
        d.background = background != null ? background : d.background;
        d.outputFormat = format != null ? format : d.outputFormat;
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
