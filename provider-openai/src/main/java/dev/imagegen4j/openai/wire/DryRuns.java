package dev.imagegen4j.openai.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.ImageInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders request bodies for {@link WireImageGenerator#dryRun}: readable, complete, and without image data. */
final class DryRuns {

    private static final int SHOWN = 48;

    private DryRuns() {
    }

    /** The JSON body as sent, with long strings (base64, data URLs) shortened. */
    static String json(Map<String, Object> fields, ObjectMapper mapper) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(shorten(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the request body", e);
        }
    }

    /** A multipart body: its text fields and its file parts. */
    static String multipart(Map<String, Object> fields, List<String> fileParts) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append("  ").append(k).append(" = ").append(v).append('\n'));
        fileParts.forEach(f -> b.append("  ").append(f).append('\n'));
        return b.toString();
    }

    /** {@code image[] <- cat.png (image/png, 123,456 bytes)}. */
    static String filePart(String name, ImageInput image) {
        return name + " <- " + image.fileName() + " (" + image.mimeType()
                + image.length().stream().mapToObj(l -> String.format(java.util.Locale.ROOT, ", %,d bytes", l))
                        .findFirst().orElse("") + ")";
    }

    /** An image reference of a JSON edit; an image held here is shown by name, not as its data URL. */
    static Map<String, String> reference(ImageInput image) {
        if (image.isReference()) {
            return RequestBodies.imageRef(image);
        }
        return Map.of("image_url", "data:" + image.mimeType() + ";base64,<" + image.fileName() + ", "
                + image.length().orElse(-1) + " bytes>");
    }

    @SuppressWarnings("unchecked")
    private static Object shorten(Object v) {
        if (v instanceof String) {
            String s = (String) v;
            return s.length() > 4 * SHOWN ? s.substring(0, SHOWN) + "...(" + s.length() + " characters)" : s;
        }
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) v).forEach((k, x) -> out.put(k, shorten(x)));
            return out;
        }
        if (v instanceof List) {
            return ((List<Object>) v).stream().map(DryRuns::shorten).collect(java.util.stream.Collectors.toList());
        }
        return v;
    }
}
