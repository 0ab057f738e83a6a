package dev.imagegen4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.Usage;
import java.util.List;
import java.util.Locale;

/** Prints a result as text lines or as one JSON object. */
final class ResultPrinter {

    static final ObjectMapper JSON = new ObjectMapper();

    private ResultPrinter() {
    }

    /** The result as one object; {@code warnings} are the result's plus the CLI's own notes. */
    static ObjectNode json(ImageResult r, List<java.nio.file.Path> partials, List<String> warnings) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode files = o.putArray("files");
        for (GeneratedImage i : r.images()) {
            ObjectNode f = files.addObject();
            f.put("path", i.file().map(Object::toString).orElse(null));
            f.put("format", i.format().wireValue());
            f.put("width", i.width());
            f.put("height", i.height());
            f.put("bytes", i.sizeBytes());
            i.revisedPrompt().ifPresent(p -> f.put("revisedPrompt", p));
        }
        if (!partials.isEmpty()) {
            ArrayNode p = o.putArray("partials");
            partials.forEach(x -> p.add(x.toString()));
        }
        o.put("provider", r.providerId());
        o.put("model", r.model().value());
        o.put("wireModel", r.wireModel());
        o.put("requestId", r.requestId().orElse(null));
        r.usage().ifPresent(u -> usage(o.putObject("usage"), u));
        r.cost().ifPresent(c -> {
            ObjectNode cost = o.putObject("cost");
            cost.put("amount", c.amount());
            cost.put("currency", c.currency());
            cost.put("estimated", c.isEstimated());
        });
        ArrayNode w = o.putArray("warnings");
        warnings.forEach(w::add);
        o.put("latencyMs", r.latency().toMillis());
        return o;
    }

    static void usage(ObjectNode u, Usage usage) {
        u.put("inputTokens", usage.inputTokens());
        u.put("inputTextTokens", usage.inputTextTokens());
        u.put("inputImageTokens", usage.inputImageTokens());
        u.put("outputTokens", usage.outputTokens());
        u.put("totalTokens", usage.totalTokens());
    }

    static ObjectNode error(Throwable e, int exitCode) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode err = o.putObject("error");
        err.put("type", e.getClass().getSimpleName());
        err.put("message", e.getMessage());
        err.put("exitCode", exitCode);
        if (e instanceof ImageGenerationException) {
            ((ImageGenerationException) e).requestId().ifPresent(id -> err.put("requestId", id));
            ((ImageGenerationException) e).providerId().ifPresent(id -> err.put("provider", id));
        }
        return o;
    }

    /** The result as text on stdout; each of {@code warnings} as a {@code warning:} line on stderr. */
    static void text(ImageResult r, String generator, List<String> warnings, Context ctx) {
        for (GeneratedImage i : r.images()) {
            ctx.out.println("saved " + i.file().map(Object::toString).orElse("(memory)") + " (" + i.width() + "x"
                    + i.height() + " " + i.format().wireValue() + ", " + size(i.sizeBytes()) + ")");
        }
        StringBuilder sb = new StringBuilder();
        sb.append(generator.equals(r.providerId()) ? generator : generator + " via " + r.providerId())
                .append(" · ").append(r.wireModel()).append(" · ")
                .append(String.format(Locale.ROOT, "%.1f s", r.latency().toMillis() / 1000.0));
        r.usage().ifPresent(u -> sb.append(" · ").append(String.format(Locale.ROOT, "%,d tokens", u.totalTokens())));
        r.cost().ifPresent(c -> sb.append(" · ").append(c).append(generator.equals("emulator")
                ? " at the real vendor's list prices (the emulator charges nothing)" : ""));
        r.requestId().ifPresent(id -> sb.append(" · request ").append(id));
        ctx.out.println(sb);
        warnings.forEach(w -> ctx.err.println("warning: " + w));
    }

    static String size(long bytes) {
        if (bytes >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }
}
