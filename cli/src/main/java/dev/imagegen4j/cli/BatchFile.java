package dev.imagegen4j.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.internal.Suggestions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A batch file: one JSON object per line, {@code {"id": ..., "prompt": ..., options...}}. Every line is
 * checked before anything is sent; blank lines and lines starting with {@code #} are skipped.
 */
final class BatchFile {

    static final Set<String> KEYS = Set.of("id", "prompt", "model", "size", "quality", "format", "output_format",
            "compression", "output_compression", "background", "moderation", "n", "complexity", "safety_identifier",
            "aspect_ratio", "resolution", "seed", "params");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** One line's job. */
    static final class Item {
        final int line;
        final String id;
        final ImageRequest request;

        Item(int line, String id, ImageRequest request) {
            this.line = line;
            this.id = id;
            this.request = request;
        }
    }

    private BatchFile() {
    }

    /**
     * Reads and checks every line.
     *
     * @throws InvalidRequestException listing every bad line (file, line number, problem)
     */
    static List<Item> read(Path file, ImageOptions defaults) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidRequestException("batch", "batch file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidRequestException("batch", "cannot read batch file " + file + ": " + e.getMessage());
        }
        List<Item> items = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            int lineNo = i + 1;
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            try {
                Item item = parse(text, lineNo, defaults);
                Integer before = seen.putIfAbsent(item.id.toLowerCase(java.util.Locale.ROOT), lineNo);
                if (before != null) {
                    throw new IllegalArgumentException("id '" + item.id + "' is also on line " + before
                            + " (ids must be unique, ignoring case)");
                }
                items.add(item);
            } catch (IllegalArgumentException e) {
                problems.add(file.getFileName() + " line " + lineNo + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("batch", problems.size() + " bad line(s), nothing was sent:\n  "
                    + String.join("\n  ", problems));
        }
        if (items.isEmpty()) {
            throw new InvalidRequestException("batch", "batch file " + file + " has no jobs");
        }
        return items;
    }

    private static Item parse(String text, int lineNo, ImageOptions defaults) {
        JsonNode o;
        try {
            o = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("each line must be a JSON object such as {\"id\": \"a\", \"prompt\": \"...\"}");
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown key '" + k + "'" + Suggestions.didYouMean(k, KEYS)
                        + " (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        JsonNode idNode = o.get("id");
        if (idNode == null || !(idNode.isTextual() || idNode.isIntegralNumber())) {
            throw new IllegalArgumentException("'id' is required (a string or whole number)");
        }
        String id = idNode.asText();
        if (!SAFE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id '" + id + "' must be 1-100 characters of letters, digits, '.', '_' "
                    + "or '-', starting with a letter or digit (it names the output files)");
        }
        ImageOptions opts = new ImageOptions();
        opts.model = str(o, "model", defaults.model);
        opts.size = str(o, "size", defaults.size);
        opts.quality = str(o, "quality", defaults.quality);
        opts.format = str(o, "format", str(o, "output_format", defaults.format));
        opts.background = str(o, "background", defaults.background);
        opts.moderation = str(o, "moderation", defaults.moderation);
        opts.compression = integer(o, "compression", integer(o, "output_compression", defaults.compression));
        opts.n = integer(o, "n", defaults.n);
        opts.complexity = str(o, "complexity", defaults.complexity);
        opts.safetyIdentifier = str(o, "safety_identifier", defaults.safetyIdentifier);
        opts.aspectRatio = str(o, "aspect_ratio", defaults.aspectRatio);
        opts.resolution = str(o, "resolution", defaults.resolution);
        opts.seed = longValue(o, "seed", defaults.seed);
        opts.params = defaults.params;
        JsonNode params = o.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            throw new IllegalArgumentException("'params' must be an object of parameter names to values, e.g. "
                    + "{\"frame_count\": 4} (got " + params + ")");
        }
        JsonNode prompt = o.get("prompt");
        if (prompt == null || !prompt.isTextual()) {
            throw new IllegalArgumentException("'prompt' is required (a string)");
        }
        try {
            ImageRequest.Builder b = opts.apply(ImageRequest.builder().prompt(prompt.asText()));
            if (params != null && params.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    b.param(e.getKey(), e.getValue().isNull() ? null : JSON.treeToValue(e.getValue(), Object.class));
                }
            }
            ImageRequest request = b.build();
            return new Item(lineNo, id, request);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("'params': " + e.getOriginalMessage(), e);
        } catch (InvalidRequestException e) {
            throw new IllegalArgumentException(e.getMessage().replace("--", ""), e);
        }
    }

    private static String str(JsonNode o, String key, String fallback) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + key + "' must be a string (got " + v + ")");
        }
        return v.asText();
    }

    private static Long longValue(JsonNode o, String key, Long fallback) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("'" + key + "' must be a whole number (got " + v + ")");
        }
        return v.longValue();
    }

    private static Integer integer(JsonNode o, String key, Integer fallback) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + key + "' must be a whole number (got " + v + ")");
        }
        if (!v.canConvertToInt()) {
            // asInt() would silently wrap 4294967297 to 1
            throw new IllegalArgumentException("'" + key + "' " + v + " is out of range (" + (v.bigIntegerValue()
                    .signum() > 0 ? "at most " + Integer.MAX_VALUE : "at least " + Integer.MIN_VALUE) + ")");
        }
        return v.intValue();
    }
}
