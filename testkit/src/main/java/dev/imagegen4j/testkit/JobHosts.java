package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * What the handlers of the hosts with their own protocols (Replicate, fal, OpenRouter) share: the key of an
 * {@code Authorization} header, shapes chosen by aspect ratio, rendering a job's images into the served files, and
 * reading a data URL input. Stateless.
 */
final class JobHosts {

    private JobHosts() {
    }

    /** The key after {@code scheme} (case-insensitive) in {@code Authorization}, or null. */
    static String key(Exchange ex, String... schemes) {
        String h = ex.header("authorization");
        if (h == null) {
            return null;
        }
        for (String scheme : schemes) {
            if (h.regionMatches(true, 0, scheme + " ", 0, scheme.length() + 1)) {
                String k = h.substring(scheme.length() + 1).trim();
                return k.isEmpty() ? null : k;
            }
        }
        return null;
    }

    /** The size of {@code ratio} (W:H) at about {@code pixels} pixels, both edges multiples of {@code multiple}. */
    static int[] size(String ratio, long pixels, int multiple) {
        String[] wh = ratio.split(":");
        double r = Double.parseDouble(wh[0]) / Double.parseDouble(wh[1]);
        int w = (int) Math.round(Math.sqrt(pixels * r) / multiple) * multiple;
        int h = (int) Math.round(Math.sqrt(pixels / r) / multiple) * multiple;
        return new int[] {Math.max(multiple, w), Math.max(multiple, h)};
    }

    /** GPT Image's three shapes: 1:1 is 1024x1024, 3:2 is 1536x1024, 2:3 is 1024x1536. */
    static int[] gptSize(String ratio) {
        switch (ratio) {
            case "3:2":
                return new int[] {1536, 1024};
            case "2:3":
                return new int[] {1024, 1536};
            default:
                return new int[] {1024, 1024};
        }
    }

    /** The bytes of a base64 data URL, or null for anything else (a remote URL is not fetched). */
    static byte[] dataUrl(String url) {
        if (url == null || !url.regionMatches(true, 0, "data:", 0, 5)) {
            return null;
        }
        int comma = url.indexOf(',');
        if (comma < 0 || !url.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(url.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Renders {@code n} images and stores them as served files; returns their file names. */
    static List<String> render(EmulatorContext ctx, String prompt, int n, int width, int height, String format,
            byte[] firstImage) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ImageJob job = new ImageJob();
            job.prompt = prompt;
            job.width = width;
            job.height = height;
            job.format = format;
            job.firstImage = firstImage;
            byte[] image = ctx.renderer.render(job, n > 1 ? "#" + (i + 1) : "");
            names.add(ctx.files.put(image, format));
        }
        return names;
    }

    /** The served URL of a file name. */
    static String url(EmulatorContext ctx, String name) {
        return ctx.baseUrl() + "/files/" + name;
    }

    /** A JSON answer. */
    static Response json(int status, JsonNode body, String outcome) {
        return Response.json(status, body.toString(), outcome);
    }

    static ObjectNode object() {
        return Errors.JSON.createObjectNode();
    }

    /** The request body as a JSON object, or null. */
    static JsonNode body(Exchange ex) {
        return ex.json != null && ex.json.isObject() ? ex.json : null;
    }

    /** {@code retry-after} headers for a scripted 429. */
    static ApiError rateLimited(ApiError e, java.time.Duration d) {
        long ms = d.toMillis();
        return e.header("retry-after", Long.toString((ms + 999) / 1000)).header("retry-after-ms", Long.toString(ms));
    }
}
