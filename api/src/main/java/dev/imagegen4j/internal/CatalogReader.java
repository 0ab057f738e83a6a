package dev.imagegen4j.internal;

import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageSize;
import dev.imagegen4j.Lifecycle;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.OptionRule;
import dev.imagegen4j.PriceTable;
import dev.imagegen4j.SizeRule;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads catalog data (the built-in {@code catalog.yaml}, a configuration file's {@code models:} section, a file for
 * {@code imagegen models --check}) into a {@link ModelCatalog.Builder}. Every problem is a {@link Problem} naming
 * the dotted path of the offending key, which the caller turns into a file line. Not thread-safe.
 */
public final class CatalogReader {

    public static final Set<String> TOP_KEYS = Set.of("catalog-version", "default-model", "families", "models");
    static final Set<String> ENTRY_KEYS = Set.of("like", "family", "vendor", "operations", "mask", "markup",
            "streaming", "image-references", "max-n", "max-prompt-length", "sizes", "options", "formats", "inputs",
            "lifecycle", "prices", "snapshots", "notes", "image-output-tokens");
    private static final Set<String> SIZE_KEYS = Set.of("multiple", "max-edge", "max-ratio", "min-pixels", "max-pixels");
    private static final Set<String> OPTION_KEYS = Set.of("values", "min", "max", "default", "only-with", "any");
    private static final Set<String> FORMAT_KEYS = Set.of("operations", "max-n", "streaming", "mask", "ignored");
    private static final Set<String> INPUT_KEYS = Set.of("max-images", "max-image-bytes", "max-mask-bytes", "types",
            "square");
    private static final Set<String> LIFECYCLE_KEYS = Set.of("released", "deprecated", "shutdown", "successor",
            "source");
    private static final Set<String> PRICE_KEYS = Set.of("text-input", "image-input", "image-output", "text-output");
    private static final Pattern BYTES = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|kib|mib|gib)?\\s*");

    /** A problem at a dotted path of the document. */
    public static final class Problem extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String path;

        Problem(String path, String message) {
            super(message);
            this.path = path;
        }

        /** The dotted path of the offending key ({@code models.gpt-image-3.options.quality}). */
        public String path() {
            return path;
        }
    }

    private CatalogReader() {
    }

    /** Reads a whole catalog document ({@code catalog-version}, {@code default-model}, {@code families}, {@code models}). */
    public static void readDocument(JsonNode root, ModelCatalog.Builder into) {
        if (root == null || !root.isObject()) {
            throw new Problem("", "a catalog must be a mapping with 'models' (and optionally 'families', "
                    + "'default-model', 'catalog-version')");
        }
        checkKeys(root, "", TOP_KEYS);
        if (root.hasNonNull("catalog-version")) {
            into.version(root.get("catalog-version").asText());
        }
        JsonNode families = root.get("families");
        if (families != null && !families.isNull()) {
            readFamilies(families, into);
        }
        readModels(root.get("models"), "models", into);
        if (root.hasNonNull("default-model")) {
            ModelId def = id(root.get("default-model"), "default-model");
            if (into.peek(def) == null) {
                throw new Problem("default-model", "default model " + def + " is not in the catalog");
            }
            into.defaultModel(def);
        }
    }

    static void readFamilies(JsonNode families, ModelCatalog.Builder into) {
        if (!families.isObject()) {
            throw new Problem("families", "'families' must map family names to { match: [glob, ...] }");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = families.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = "families." + e.getKey();
            if (!e.getValue().isObject()) {
                throw new Problem(path, "a family must be a mapping such as { match: [gpt-image-*] }");
            }
            checkKeys(e.getValue(), path, Set.of("match"));
            into.family(e.getKey(), strings(e.getValue().get("match"), path + ".match"));
        }
    }

    /** Reads a {@code models:} mapping (the same in catalog and configuration files) into {@code into}, in order. */
    public static void readModels(JsonNode models, String path, ModelCatalog.Builder into) {
        if (models == null || models.isNull()) {
            return;
        }
        if (!models.isObject()) {
            throw new Problem(path, "'models' must map model ids to entries such as { like: gpt-image-2 }");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = path + "." + e.getKey();
            ModelId id;
            try {
                id = ModelId.of(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new Problem(at, ex.getMessage());
            }
            if (!e.getValue().isObject()) {
                throw new Problem(at, "a model entry must be a mapping such as { like: gpt-image-2 } or a full entry "
                        + "with operations and sizes");
            }
            readEntry(id, e.getValue(), at, into);
        }
    }

    private static void readEntry(ModelId id, JsonNode n, String path, ModelCatalog.Builder into) {
        checkKeys(n, path, ENTRY_KEYS);
        ModelCapabilities.Builder b;
        JsonNode like = n.get("like");
        if (like != null && !like.isNull()) {
            ModelId base = id(like, path + ".like");
            ModelCapabilities caps = into.peek(base);
            if (caps == null) {
                throw new Problem(path + ".like", "model " + id + " is declared like " + base
                        + ", which is not in the catalog (known: " + String.join(", ", into.ids()) + ")");
            }
            b = caps.toBuilder().lifecycle(Lifecycle.UNKNOWN).narrowedBy(null);
            if (n.has("family")) {
                b.family(text(n.get("family"), path + ".family"));
            }
        } else {
            if (!n.has("operations")) {
                throw new Problem(path, "'operations' is required in an entry without 'like' (e.g. [generate, edit])");
            }
            if (!n.has("sizes")) {
                throw new Problem(path, "'sizes' is required in an entry without 'like' (a list such as [1024x1024] or "
                        + "a rule such as { multiple: 16, max-edge: 3840 })");
            }
            String family = n.has("family") ? text(n.get("family"), path + ".family") : id.value();
            b = ModelCapabilities.builder(family);
        }
        String vendor = n.has("vendor") ? text(n.get("vendor"), path + ".vendor") : null;
        if (n.has("operations")) {
            b.operations(operations(n.get("operations"), path + ".operations"));
        }
        if (n.has("mask")) {
            b.mask(bool(n.get("mask"), path + ".mask"));
        }
        if (n.has("markup")) {
            b.markup(bool(n.get("markup"), path + ".markup"));
        }
        if (n.has("streaming")) {
            b.streaming(bool(n.get("streaming"), path + ".streaming"));
        }
        if (n.has("image-references")) {
            b.imageReferences(bool(n.get("image-references"), path + ".image-references"));
        }
        if (n.has("max-n")) {
            b.maxN((int) integer(n.get("max-n"), path + ".max-n", 1, 1000));
        }
        if (n.has("max-prompt-length")) {
            b.maxPromptLength((int) integer(n.get("max-prompt-length"), path + ".max-prompt-length", 1,
                    Integer.MAX_VALUE));
        }
        if (n.has("image-output-tokens")) {
            JsonNode t = n.get("image-output-tokens");
            String tp = path + ".image-output-tokens";
            if (!t.isObject()) {
                throw new Problem(tp, "must map resolution tiers to tokens, e.g. { 1K: 1120, 4K: 2000 } (got "
                        + kind(t) + ")");
            }
            java.util.Map<String, Long> tokens = new java.util.LinkedHashMap<>();
            t.fields().forEachRemaining(e -> tokens.put(e.getKey(), integer(e.getValue(), tp + "." + e.getKey(), 1,
                    10_000_000)));
            b.imageOutputTokens(tokens);
        }
        if (n.has("sizes")) {
            b.sizeRule(sizes(n.get("sizes"), path + ".sizes"));
        }
        if (n.has("options")) {
            options(n.get("options"), path + ".options", b);
        }
        if (n.has("formats")) {
            formats(n.get("formats"), path + ".formats", b);
        }
        if (n.has("inputs")) {
            inputs(n.get("inputs"), path + ".inputs", b);
        }
        if (n.has("lifecycle")) {
            b.lifecycle(lifecycle(n.get("lifecycle"), path + ".lifecycle", vendor));
        }
        if (n.has("notes")) {
            b.notes(strings(n.get("notes"), path + ".notes", true));
        }
        ModelCapabilities caps;
        try {
            caps = b.build();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new Problem(path, e.getMessage());
        }
        into.put(id, caps);
        into.prices(id, n.has("prices") ? prices(n.get("prices"), path + ".prices") : null);
        if (n.has("snapshots")) {
            for (String s : strings(n.get("snapshots"), path + ".snapshots")) {
                try {
                    into.snapshot(ModelId.of(s), id);
                } catch (IllegalArgumentException e) {
                    throw new Problem(path + ".snapshots", e.getMessage());
                }
            }
        }
    }

    private static ImageOperation[] operations(JsonNode n, String path) {
        List<ImageOperation> ops = new ArrayList<>();
        for (String s : strings(n, path)) {
            try {
                ops.add(ImageOperation.valueOf(s.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new Problem(path, "unknown operation '" + s + "' (known: generate, edit, variation)");
            }
        }
        if (ops.isEmpty()) {
            throw new Problem(path, "at least one operation is required");
        }
        return ops.toArray(new ImageOperation[0]);
    }

    private static SizeRule sizes(JsonNode n, String path) {
        if (n.isTextual() && n.asText().equals("any")) {
            return SizeRule.any();
        }
        if (n.isArray()) {
            Set<ImageSize> sizes = new LinkedHashSet<>();
            for (String s : strings(n, path)) {
                try {
                    sizes.add(ImageSize.parse(s));
                } catch (IllegalArgumentException e) {
                    throw new Problem(path, e.getMessage());
                }
            }
            if (sizes.isEmpty()) {
                throw new Problem(path, "a size list needs at least one size");
            }
            return SizeRule.presets(sizes);
        }
        if (n.isObject()) {
            checkKeys(n, path, SIZE_KEYS);
            try {
                return SizeRule.flexible((int) integer(req(n, "multiple", path), path + ".multiple", 1, 4096),
                        (int) integer(req(n, "max-edge", path), path + ".max-edge", 1, 1 << 20),
                        (int) integer(req(n, "max-ratio", path), path + ".max-ratio", 1, 1000),
                        n.has("min-pixels") ? integer(n.get("min-pixels"), path + ".min-pixels", 0, Long.MAX_VALUE) : 0,
                        n.has("max-pixels") ? integer(n.get("max-pixels"), path + ".max-pixels", 0, Long.MAX_VALUE)
                                : Long.MAX_VALUE);
            } catch (IllegalArgumentException e) {
                throw e instanceof Problem ? e : new Problem(path, e.getMessage());
            }
        }
        throw new Problem(path, "'sizes' must be a list such as [auto, 1024x1024], a rule such as "
                + "{ multiple: 16, max-edge: 3840, max-ratio: 3, min-pixels: 655360, max-pixels: 8294400 }, or 'any' "
                + "(a model without sizes, whose sizes are mapped to its aspect_ratio option)");
    }

    private static void options(JsonNode n, String path, ModelCapabilities.Builder b) {
        if (!n.isObject()) {
            throw new Problem(path, "'options' must map option wire names to a list of values, 'any', or "
                    + "{ min, max, default, only-with }");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            b.option(e.getKey(), optionRule(e.getValue(), path + "." + e.getKey()));
        }
    }

    static OptionRule optionRule(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual() && v.asText().equals("any")) {
            return OptionRule.any();
        }
        if (v.isArray()) {
            List<String> values = strings(v, path);
            if (values.isEmpty()) {
                throw new Problem(path, "a value list needs at least one value (use null to remove the option)");
            }
            return OptionRule.oneOf(values);
        }
        if (v.isObject()) {
            checkKeys(v, path, OPTION_KEYS);
            OptionRule rule;
            if (v.has("values")) {
                if (v.has("min") || v.has("max")) {
                    throw new Problem(path, "an option has either 'values' or 'min'/'max', not both");
                }
                rule = OptionRule.oneOf(strings(v.get("values"), path + ".values"));
            } else if (v.has("min") || v.has("max")) {
                Long min = v.has("min") ? integer(v.get("min"), path + ".min", Long.MIN_VALUE, Long.MAX_VALUE) : null;
                Long max = v.has("max") ? integer(v.get("max"), path + ".max", Long.MIN_VALUE, Long.MAX_VALUE) : null;
                try {
                    rule = OptionRule.range(min, max);
                } catch (IllegalArgumentException e) {
                    throw new Problem(path, e.getMessage());
                }
            } else {
                rule = OptionRule.any();
            }
            if (v.hasNonNull("default")) {
                rule = rule.withDefault(v.get("default").asText());
            }
            JsonNode ow = v.get("only-with");
            if (ow != null && !ow.isNull()) {
                if (!ow.isObject()) {
                    throw new Problem(path + ".only-with", "'only-with' must map options to values, e.g. "
                            + "{ output_format: [gif] }");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = ow.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    rule = rule.onlyWith(e.getKey(), strings(e.getValue(), path + ".only-with." + e.getKey())
                            .toArray(new String[0]));
                }
            }
            return rule;
        }
        throw new Problem(path, "an option must be a list of values such as [low, high], 'any', or a mapping such "
                + "as { min: 2, max: 16 } (got " + kind(v) + ")");
    }

    private static void formats(JsonNode n, String path, ModelCapabilities.Builder b) {
        if (!n.isObject()) {
            throw new Problem(path, "'formats' must map output formats to rules such as { streaming: false }");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = path + "." + e.getKey();
            JsonNode f = e.getValue();
            if (f == null || f.isNull()) {
                b.formatRule(e.getKey(), null);
                continue;
            }
            if (!f.isObject()) {
                throw new Problem(at, "a format rule must be a mapping such as { streaming: false, mask: false }");
            }
            checkKeys(f, at, FORMAT_KEYS);
            Set<ImageOperation> ops = f.has("operations")
                    ? EnumSet.copyOf(List.of(operations(f.get("operations"), at + ".operations"))) : null;
            Integer maxN = f.has("max-n") ? (int) integer(f.get("max-n"), at + ".max-n", 1, 1000) : null;
            Boolean streaming = f.has("streaming") ? bool(f.get("streaming"), at + ".streaming") : null;
            Boolean mask = f.has("mask") ? bool(f.get("mask"), at + ".mask") : null;
            Set<String> ignored = f.has("ignored") ? new LinkedHashSet<>(strings(f.get("ignored"), at + ".ignored"))
                    : Set.of();
            b.formatRule(e.getKey(), new ModelCapabilities.FormatRule(ops, maxN, streaming, mask, ignored));
        }
    }

    private static void inputs(JsonNode n, String path, ModelCapabilities.Builder b) {
        if (!n.isObject()) {
            throw new Problem(path, "'inputs' must be a mapping such as { max-images: 16, max-image-bytes: 50MB }");
        }
        checkKeys(n, path, INPUT_KEYS);
        if (n.has("max-images")) {
            b.maxReferenceImages((int) integer(n.get("max-images"), path + ".max-images", 1, 1000));
        }
        if (n.has("max-image-bytes")) {
            b.maxImageBytes(bytes(n.get("max-image-bytes"), path + ".max-image-bytes"));
        }
        if (n.has("max-mask-bytes")) {
            b.maxMaskBytes(bytes(n.get("max-mask-bytes"), path + ".max-mask-bytes"));
        }
        if (n.has("types")) {
            b.inputMimeTypes(strings(n.get("types"), path + ".types").toArray(new String[0]));
        }
        if (n.has("square")) {
            b.squareInputs(bool(n.get("square"), path + ".square"));
        }
    }

    private static Lifecycle lifecycle(JsonNode n, String path, String vendor) {
        if (n == null || n.isNull()) {
            return Lifecycle.UNKNOWN;
        }
        if (!n.isObject()) {
            throw new Problem(path, "'lifecycle' must be a mapping such as { released: 2026-04-21, shutdown: "
                    + "{ openai: 2026-10-23 }, successor: gpt-image-2.5-flare }");
        }
        checkKeys(n, path, LIFECYCLE_KEYS);
        Lifecycle.Builder b = Lifecycle.builder();
        if (n.hasNonNull("released")) {
            b.released(date(n.get("released"), path + ".released"));
        }
        if (n.hasNonNull("deprecated")) {
            b.deprecated(date(n.get("deprecated"), path + ".deprecated"));
        }
        JsonNode sd = n.get("shutdown");
        if (sd != null && !sd.isNull()) {
            if (sd.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = sd.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    b.shutdown(e.getKey(), e.getValue().isNull() ? null
                            : date(e.getValue(), path + ".shutdown." + e.getKey()));
                }
            } else if (vendor != null) {
                b.shutdown(vendor, date(sd, path + ".shutdown"));
            } else {
                throw new Problem(path + ".shutdown", "'shutdown' must map provider ids to dates, e.g. "
                        + "{ openai: 2026-10-23 } (or set 'vendor' on the entry to use a plain date)");
            }
        }
        if (n.hasNonNull("successor")) {
            b.successor(id(n.get("successor"), path + ".successor"));
        }
        if (n.hasNonNull("source")) {
            b.source(text(n.get("source"), path + ".source"));
        }
        return b.build();
    }

    private static PriceTable.Prices prices(JsonNode n, String path) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new Problem(path, "'prices' must be a mapping of USD per 1M tokens: { text-input, image-input, "
                    + "image-output, text-output }");
        }
        checkKeys(n, path, PRICE_KEYS);
        BigDecimal[] p = new BigDecimal[4];
        String[] keys = {"text-input", "image-input", "image-output", "text-output"};
        for (int i = 0; i < 4; i++) {
            JsonNode v = n.get(keys[i]);
            if (v == null || v.isNull()) {
                p[i] = BigDecimal.ZERO;
            } else if (v.isNumber() || v.isTextual()) {
                try {
                    p[i] = new BigDecimal(v.asText().strip());
                } catch (NumberFormatException e) {
                    throw new Problem(path + "." + keys[i], "must be a number (got '" + v.asText() + "')");
                }
            } else {
                throw new Problem(path + "." + keys[i], "must be a number (got " + kind(v) + ")");
            }
        }
        try {
            return new PriceTable.Prices(p[0], p[1], p[2], p[3]);
        } catch (IllegalArgumentException e) {
            throw new Problem(path, e.getMessage());
        }
    }

    // ---- scalars ---------------------------------------------------------------------------------------

    static void checkKeys(JsonNode node, String path, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!known.contains(k)) {
                String at = path.isEmpty() ? k : path + "." + k;
                throw new Problem(at, "unknown key '" + k + "'" + Suggestions.didYouMean(k, known)
                        + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private static JsonNode req(JsonNode n, String key, String path) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new Problem(path, "'" + key + "' is required in a size rule");
        }
        return v;
    }

    private static ModelId id(JsonNode n, String path) {
        try {
            return ModelId.of(text(n, path));
        } catch (IllegalArgumentException e) {
            throw e instanceof Problem ? e : new Problem(path, e.getMessage());
        }
    }

    private static String text(JsonNode n, String path) {
        if (n == null || !(n.isTextual() || n.isNumber())) {
            throw new Problem(path, "must be a string (got " + kind(n) + ")");
        }
        return n.asText();
    }

    private static boolean bool(JsonNode n, String path) {
        if (!n.isBoolean()) {
            throw new Problem(path, "must be true or false (got " + kind(n) + ")");
        }
        return n.asBoolean();
    }

    private static long integer(JsonNode n, String path, long min, long max) {
        long v;
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            v = n.asLong();
        } else if (n.isTextual() && n.asText().strip().matches("-?\\d{1,18}")) {
            v = Long.parseLong(n.asText().strip());
        } else {
            throw new Problem(path, "must be a whole number (got " + kind(n) + ")");
        }
        if (v < min || v > max) {
            throw new Problem(path, v + " is out of range " + min + ".." + max);
        }
        return v;
    }

    private static long bytes(JsonNode n, String path) {
        if (n.isIntegralNumber()) {
            return integer(n, path, 1, Long.MAX_VALUE);
        }
        Matcher m = n.isTextual() ? BYTES.matcher(n.asText()) : null;
        if (m == null || !m.matches()) {
            throw new Problem(path, "must be a size such as 50MB, 4MiB or 4194304 (got " + kind(n) + ")");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long mult = unit.startsWith("k") ? 1024L : unit.startsWith("m") ? 1024L * 1024 : unit.startsWith("g")
                ? 1024L * 1024 * 1024 : 1L;
        return (long) (v * mult);
    }

    private static LocalDate date(JsonNode n, String path) {
        String s = text(n, path);
        try {
            return LocalDate.parse(s.strip());
        } catch (DateTimeParseException e) {
            throw new Problem(path, "must be a date such as 2026-10-23 (got '" + s + "')");
        }
    }

    static List<String> strings(JsonNode n, String path) {
        return strings(n, path, false);
    }

    private static List<String> strings(JsonNode n, String path, boolean allowFree) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new Problem(path, "must be a list such as [a, b] (got " + kind(n) + ")");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : n) {
            if (!(v.isTextual() || v.isNumber() || v.isBoolean())) {
                throw new Problem(path, "list items must be strings (got " + kind(v) + ")");
            }
            String s = v.asText();
            if (!allowFree && s.isBlank()) {
                throw new Problem(path, "list items must not be blank");
            }
            out.add(s);
        }
        return out;
    }

    private static String kind(JsonNode n) {
        if (n == null || n.isNull()) {
            return "nothing";
        }
        return n.isObject() ? "a mapping" : n.isArray() ? "a list" : "'" + n.asText() + "'";
    }
}
