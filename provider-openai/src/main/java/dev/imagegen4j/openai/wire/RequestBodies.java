package dev.imagegen4j.openai.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.ImageInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Encodes request bodies: JSON for generations, streaming {@code multipart/form-data} for edits and
 * variations. Multipart bodies stream each file from disk (or its supplier) when sent and again on a
 * resend, with a known total length whenever every image's length is known.
 */
final class RequestBodies {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestBodies() {
    }

    /** An encoded body and its content type. */
    static final class Body {
        final BodyPublisher publisher;
        final String contentType;
        final Map<String, Object> fields;

        Body(BodyPublisher publisher, String contentType, Map<String, Object> fields) {
            this.publisher = publisher;
            this.contentType = contentType;
            this.fields = fields;
        }
    }

    /** A file part of a multipart body. */
    static final class FilePart {
        final String name;
        final ImageInput image;

        FilePart(String name, ImageInput image) {
            this.name = name;
            this.image = image;
        }
    }

    static Body json(Map<String, Object> fields, ObjectMapper mapper) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                g.writeFieldName(e.getKey());
                Object v = e.getValue();
                if (v instanceof String) {
                    g.writeString((String) v);
                } else if (v instanceof Integer || v instanceof Long) {
                    g.writeNumber(((Number) v).longValue());
                } else if (v instanceof Boolean) {
                    g.writeBoolean((Boolean) v);
                } else {
                    mapper.writeValue(g, v);
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Body(BodyPublishers.ofByteArray(out.toByteArray()), "application/json", fields);
    }

    /**
     * An image reference object of a JSON edit: {@code {"image_url": ...}} or {@code {"file_id": ...}}; an image
     * held here (a file or bytes) becomes a {@code data:} URL.
     *
     * @throws dev.imagegen4j.InvalidRequestException if a local image is too large for a data URL
     */
    static Map<String, String> imageRef(ImageInput image) {
        if (image.fileId().isPresent()) {
            return Map.of("file_id", image.fileId().get());
        }
        if (image.url().isPresent()) {
            return Map.of("image_url", image.url().get().toString());
        }
        long len = image.length().orElse(-1);
        long encoded = len < 0 ? -1 : 4 * ((len + 2) / 3) + image.mimeType().length() + 13;
        if (encoded > ImageInput.MAX_DATA_URL_LENGTH) {
            throw new dev.imagegen4j.InvalidRequestException("image", String.format(java.util.Locale.ROOT,
                    "image '%s' (%,d bytes) is too large to send as a data URL next to image references (at most "
                            + "%,d characters); upload it and use ImageInput.ofFileId, or send only files",
                    image.fileName(), len, ImageInput.MAX_DATA_URL_LENGTH));
        }
        try (InputStream in = image.openStream()) {
            String b64 = java.util.Base64.getEncoder().encodeToString(in.readAllBytes());
            return Map.of("image_url", "data:" + image.mimeType() + ";base64," + b64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image '" + image.fileName() + "'", e);
        }
    }

    static Body multipart(Map<String, Object> fields, List<FilePart> files) {
        String boundary = "imagegen4j-" + Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong());
        List<BodyPublisher> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            appendText(text, boundary, e.getKey(), e.getValue());
        }
        parts.add(BodyPublishers.ofString(text.toString(), StandardCharsets.UTF_8));
        for (FilePart f : files) {
            String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.name + "\"; filename=\""
                    + quote(f.image.fileName()) + "\"\r\nContent-Type: " + f.image.mimeType() + "\r\n\r\n";
            parts.add(BodyPublishers.ofString(head, StandardCharsets.UTF_8));
            parts.add(filePublisher(f.image));
            parts.add(BodyPublishers.ofString("\r\n", StandardCharsets.UTF_8));
        }
        parts.add(BodyPublishers.ofString("--" + boundary + "--\r\n", StandardCharsets.UTF_8));
        return new Body(BodyPublishers.concat(parts.toArray(new BodyPublisher[0])),
                "multipart/form-data; boundary=" + boundary, fields);
    }

    private static void appendText(StringBuilder sb, String boundary, String name, Object value) {
        if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                appendText(sb, boundary, name + "[" + e.getKey() + "]", e.getValue());
            }
            return;
        }
        if (value instanceof Iterable) {
            for (Object v : (Iterable<?>) value) {
                appendText(sb, boundary, name + "[]", v);
            }
            return;
        }
        sb.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(quote(name))
                .append("\"\r\n\r\n").append(value).append("\r\n");
    }

    private static BodyPublisher filePublisher(ImageInput image) {
        if (image.path().isPresent()) {
            try {
                return BodyPublishers.ofFile(image.path().get());
            } catch (java.io.FileNotFoundException e) {
                throw new dev.imagegen4j.InvalidRequestException("image",
                        "image file '" + image.path().get() + "' does not exist");
            }
        }
        Supplier<InputStream> opener = () -> {
            try {
                return image.openStream();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read image '" + image.fileName() + "'", e);
            }
        };
        if (image.length().isPresent()) {
            return BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(opener), image.length().getAsLong());
        }
        return BodyPublishers.ofInputStream(opener);
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "").replace("\n", "");
    }
}
