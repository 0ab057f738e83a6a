package dev.imagegen4j.openai.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.ImageInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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

    /** A header value with credentials masked: an authentication header entirely, any other one of known secrets. */
    static String masked(String name, String value, Set<String> secrets) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("authorization") || n.contains("key") || n.contains("token") || n.contains("secret")) {
            int space = value.indexOf(' ');
            return space > 0 && space < 12 ? value.substring(0, space) + " ***" : "***";
        }
        String v = value;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                v = v.replace(secret, "***");
            }
        }
        return v;
    }

    /**
     * A body as a publisher would send it: JSON pretty-printed with long strings (base64, data URLs) shortened;
     * anything else as text, cut at 4 KiB.
     */
    static String published(java.net.http.HttpRequest.BodyPublisher publisher, ObjectMapper mapper) {
        byte[] bytes = collect(publisher);
        try {
            Object tree = mapper.readValue(bytes, Object.class);
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(shorten(tree));
        } catch (java.io.IOException notJson) {
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            return text.length() > 4096 ? text.substring(0, 4096) + "...(" + bytes.length + " bytes)" : text;
        }
    }

    /** The bytes a publisher produces (a dry run's body: never sent). */
    static byte[] collect(java.net.http.HttpRequest.BodyPublisher publisher) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        publisher.subscribe(new java.util.concurrent.Flow.Subscriber<java.nio.ByteBuffer>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(java.nio.ByteBuffer b) {
                byte[] a = new byte[b.remaining()];
                b.get(a);
                synchronized (out) {
                    out.write(a, 0, a.length);
                }
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        try {
            done.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering the request body", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot render the request body: " + e.getMessage(), e);
        }
        synchronized (out) {
            return out.toByteArray();
        }
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
