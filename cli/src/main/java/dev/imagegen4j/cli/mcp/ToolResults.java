package dev.imagegen4j.cli.mcp;

import dev.imagegen4j.Cost;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.Usage;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the image tools answer: a short text the model can pass on, a {@code resource_link} per saved file, the
 * size, model, provider, usage and cost as structured content, a small preview when the server makes them, and the
 * whole image only when the call asks ({@code include_image}).
 */
final class ToolResults {

    private ToolResults() {
    }

    /** The structured content of a finished request (the job id and call-specific fields are added per answer). */
    static Map<String, Object> done(ImageResult r, List<Path> files, String generator) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> images = new ArrayList<>();
        for (int i = 0; i < r.images().size(); i++) {
            GeneratedImage g = r.images().get(i);
            Path f = files.get(i);
            Map<String, Object> im = new LinkedHashMap<>();
            im.put("name", f.getFileName().toString());
            im.put("path", f.toString());
            im.put("uri", f.toUri().toString());
            if (g.width() > 0 && g.height() > 0) {
                im.put("width", g.width());
                im.put("height", g.height());
            }
            im.put("format", g.format().wireValue());
            im.put("mime_type", g.mimeType());
            im.put("bytes", size(f, g));
            g.revisedPrompt().ifPresent(p -> im.put("revised_prompt", p));
            images.add(im);
        }
        m.put("images", images);
        m.put("model", r.model().value());
        m.put("wire_model", r.wireModel());
        m.put("provider", r.providerId());
        m.put("generator", generator);
        r.requestId().ifPresent(id -> m.put("request_id", id));
        r.usage().ifPresent(u -> m.put("usage", usage(u)));
        r.cost().ifPresent(c -> m.put("cost", cost(c)));
        m.put("warnings", new ArrayList<>(r.warnings()));
        m.put("latency_ms", r.latency().toMillis());
        return m;
    }

    private static long size(Path f, GeneratedImage g) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return g.sizeBytes();
        }
    }

    private static Map<String, Object> usage(Usage u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input_tokens", u.inputTokens());
        m.put("input_text_tokens", u.inputTextTokens());
        m.put("input_image_tokens", u.inputImageTokens());
        m.put("output_tokens", u.outputTokens());
        m.put("total_tokens", u.totalTokens());
        return m;
    }

    private static Map<String, Object> cost(Cost c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("amount", c.amount());
        m.put("currency", c.currency());
        m.put("estimated", c.isEstimated());
        return m;
    }

    /**
     * The answer for a finished job.
     *
     * @param preview the longest preview edge in pixels, 0 for none
     * @param include whether the call asked for the whole image data
     */
    @SuppressWarnings("unchecked")
    static CallToolResult success(ImageJob job, Map<String, Object> done, boolean replayed, int preview,
            boolean include) {
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("status", "done");
        structured.put(ToolSchemas.JOB_ID, job.id);
        structured.putAll(done);
        structured.put("replayed", replayed);
        List<Map<String, Object>> images = (List<Map<String, Object>>) done.getOrDefault("images", List.of());
        List<McpSchema.Content> content = new ArrayList<>();
        content.add(new McpSchema.TextContent(text(job, done, images, replayed)));
        List<String> notes = new ArrayList<>();
        for (Map<String, Object> im : images) {
            Path file = Path.of(String.valueOf(im.get("path")));
            String mime = String.valueOf(im.get("mime_type"));
            content.add(McpSchema.ResourceLink.builder().name(String.valueOf(im.get("name")))
                    .uri(String.valueOf(im.get("uri"))).mimeType(mime)
                    .description(dimensions(im) + " " + im.get("format") + " image saved at " + file)
                    .size(im.get("bytes") instanceof Number ? ((Number) im.get("bytes")).longValue() : null).build());
            if (!Files.isRegularFile(file)) {
                notes.add(file.getFileName() + " is no longer in the image directory");
                continue;
            }
            if (preview > 0) {
                ImageFiles.preview(file, preview).ifPresent(b64 -> content.add(
                        McpSchema.ImageContent.builder(b64, "image/jpeg").build()));
            }
            if (include) {
                Optional<String> whole;
                try {
                    whole = ImageFiles.inline(file);
                } catch (IOException e) {
                    whole = Optional.empty();
                }
                if (whole.isPresent()) {
                    content.add(McpSchema.ImageContent.builder(whole.get(), mime).build());
                } else {
                    notes.add(file.getFileName() + " is larger than " + ImageFiles.MAX_INLINE_BYTES / (1024 * 1024)
                            + " MiB and is not included; read it from its path or resource link");
                }
            }
        }
        if (!notes.isEmpty()) {
            content.add(new McpSchema.TextContent("Note: " + String.join("; ", notes) + "."));
        }
        return CallToolResult.builder().content(content).structuredContent(structured).isError(false).build();
    }

    @SuppressWarnings("unchecked")
    private static String text(ImageJob job, Map<String, Object> done, List<Map<String, Object>> images,
            boolean replayed) {
        StringBuilder t = new StringBuilder();
        if (replayed) {
            t.append("This is the result of the first call with this idempotency_key; nothing was generated again. ");
        }
        t.append(images.size() == 1 ? "Saved the image to " : "Saved " + images.size() + " images: ");
        for (int i = 0; i < images.size(); i++) {
            Map<String, Object> im = images.get(i);
            t.append(i == 0 ? "" : ", ").append(im.get("path")).append(" (").append(dimensions(im)).append(' ')
                    .append(im.get("format")).append(')');
        }
        t.append(". ").append(done.get("model")).append(" via ").append(done.get("generator"));
        Object usage = done.get("usage");
        if (usage instanceof Map) {
            t.append(String.format(Locale.ROOT, ", %,d tokens", ((Number) ((Map<String, Object>) usage)
                    .getOrDefault("total_tokens", 0)).longValue()));
        }
        Object cost = done.get("cost");
        if (cost instanceof Map) {
            Map<String, Object> c = (Map<String, Object>) cost;
            t.append(", ").append(Boolean.TRUE.equals(c.get("estimated")) ? "about " : "").append(c.get("currency"))
                    .append(' ').append(c.get("amount"));
        }
        t.append(". Job ").append(job.id).append('.');
        Object warnings = done.get("warnings");
        if (warnings instanceof List && !((List<?>) warnings).isEmpty()) {
            t.append(" Warnings: ").append(String.join("; ", (List<String>) warnings)).append('.');
        }
        if (!images.isEmpty()) {
            t.append(" To change it, call edit_image with images [\"").append(images.get(0).get("name")).append("\"].");
        }
        return t.toString();
    }

    private static String dimensions(Map<String, Object> im) {
        return im.containsKey("width") ? im.get("width") + "x" + im.get("height") : "";
    }

    /** The answer while a job is still running. */
    static CallToolResult running(ImageJob job, boolean replayed) {
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("status", "running");
        structured.put(ToolSchemas.JOB_ID, job.id);
        structured.put("elapsed_seconds", job.elapsedSeconds());
        structured.put("replayed", replayed);
        String text = (replayed ? "The first call with this idempotency_key is still running (job " + job.id + ", "
                : "The image is not ready yet (job " + job.id + ", ") + job.status() + "). Call get_image_result "
                + "with job_id \"" + job.id + "\" to wait for it and get it. Do not call " + job.tool + " again for "
                + "this image: that would generate and pay again.";
        return CallToolResult.builder().content(List.of(new McpSchema.TextContent(text)))
                .structuredContent(structured).isError(false).build();
    }

    /** A mistake the model can fix: {@code isError: true} with the rule. */
    static CallToolResult error(String message) {
        return CallToolResult.builder().content(List.of(new McpSchema.TextContent(message))).isError(true).build();
    }
}
