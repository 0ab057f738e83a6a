package dev.imagegen4j.spi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.imagegen4j.ImageSize;
import dev.imagegen4j.ModelId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which id and which input names each host gives a logical model: {@code gpt-image-2.5-flare} is
 * {@code openai/gpt-image-2.5-flare} on Replicate (inputs {@code aspect_ratio}, {@code input_images},
 * {@code number_of_images}) and {@code openai/gpt-image-2.5/flare/text-to-image} on fal. The built-in data is
 * {@code dev/imagegen4j/hosts.yaml} in this jar (its header documents the schema); a generator's {@code models:}
 * setting adds or replaces entries with the same schema ({@link #with}), so a new host model is a data change.
 *
 * <p>For providers: {@link #find} resolves a model to its {@link Entry} (an entry of the model, else the first
 * pattern that matches it). Immutable and thread-safe.
 */
public final class HostModels {

    /** The class-path resource of the built-in data. */
    public static final String RESOURCE = "/dev/imagegen4j/hosts.yaml";

    /** The portable options an entry maps to a host's input names. */
    public static final Set<String> OPTIONS = Set.of("prompt", "n", "size", "aspect_ratio", "resolution", "quality",
            "background", "output_format", "output_compression", "moderation", "seed", "images", "mask",
            "input_fidelity");

    /** The forms an input takes (see the header of {@code hosts.yaml}). */
    public static final Set<String> FORMS = Set.of("text", "size-text", "size-object", "urls", "url");

    private static final Set<String> ENTRY_KEYS = Set.of("id", "edit-id", "like", "inputs", "fixed", "max-n",
            "aspect-ratios", "sizes");
    private static final HostModels BUILT_IN = loadBuiltIn();

    private final Map<String, Host> hosts;

    private HostModels(Map<String, Host> hosts) {
        this.hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
    }

    /** The built-in data. */
    public static HostModels builtIn() {
        return BUILT_IN;
    }

    private static HostModels loadBuiltIn() {
        try (InputStream in = HostModels.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return parse(RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads data in the schema of {@code hosts.yaml} (YAML or JSON).
     *
     * @param source names the data in error messages
     * @throws IllegalArgumentException naming the source, host, model and key of a problem
     */
    public static HostModels parse(String source, String text) {
        ObjectMapper yaml = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
        Object root;
        try {
            root = yaml.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid YAML or JSON (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        }
        Map<String, Object> top = map(root, source);
        Map<String, Object> hostMaps = map(top.get("hosts"), source + ": hosts");
        Map<String, Host> hosts = new LinkedHashMap<>();
        hostMaps.forEach((name, value) -> hosts.put(name, Host.read(source, name, map(value, source + ": hosts."
                + name))));
        return new HostModels(hosts);
    }

    /**
     * These data with {@code models} added to (or replacing entries of) {@code host}: logical id to the host's id,
     * or to an entry of the {@code hosts.yaml} schema (its {@code like:} may name the host's templates and models).
     * This is what a generator's {@code models:} setting does.
     *
     * @throws IllegalArgumentException naming the model and the key of a problem
     */
    public HostModels with(String host, Map<String, ?> models) {
        if (models.isEmpty()) {
            return this;
        }
        Map<String, Host> copy = new LinkedHashMap<>(hosts);
        Host base = hosts.getOrDefault(host, new Host(host, Map.of(), Map.of(), Map.of()));
        copy.put(host, base.with(models));
        return new HostModels(copy);
    }

    /** The hosts the data describe. */
    public Set<String> hosts() {
        return hosts.keySet();
    }

    /**
     * The entry of {@code model} on {@code host}: its own entry, else the first pattern that matches its id.
     *
     * @return empty when the data name neither
     */
    public Optional<Entry> find(String host, ModelId model) {
        Host h = hosts.get(host);
        return h == null ? Optional.empty() : h.find(model);
    }

    /** The ids of the models {@code host} lists by name (not those only a pattern covers). */
    public Map<ModelId, String> ids(String host) {
        Host h = hosts.get(host);
        Map<ModelId, String> out = new LinkedHashMap<>();
        if (h != null) {
            h.models.forEach((id, e) -> out.put(ModelId.of(id), e.id));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The hosts that list {@code model} by name or by a pattern. */
    public List<String> hostsOf(ModelId model) {
        List<String> out = new ArrayList<>();
        hosts.forEach((name, h) -> {
            if (h.find(model).isPresent()) {
                out.add(name);
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return "HostModels" + hosts.keySet();
    }

    // ---- data ---------------------------------------------------------------------------------------

    private static final class Host {
        final String name;
        final Map<String, Map<String, Object>> templates;
        final Map<String, Entry> models;
        final Map<String, Map<String, Object>> patterns;
        final Map<String, Map<String, Object>> rawModels;

        Host(String name, Map<String, Map<String, Object>> templates, Map<String, Map<String, Object>> rawModels,
                Map<String, Map<String, Object>> patterns) {
            this.name = name;
            this.templates = templates;
            this.rawModels = rawModels;
            this.patterns = patterns;
            this.models = new LinkedHashMap<>();
            rawModels.forEach((id, raw) -> models.put(id, resolve(id, raw, Map.of(), new ArrayList<>())));
            patterns.forEach((glob, raw) -> resolve("pattern " + glob, raw, Map.of("id", "{id}"), new ArrayList<>()));
        }

        static Host read(String source, String name, Map<String, Object> raw) {
            for (String k : raw.keySet()) {
                if (!Set.of("templates", "models", "patterns").contains(k)) {
                    throw new IllegalArgumentException(source + ": hosts." + name + "." + k + ": unknown key (known: "
                            + "templates, models, patterns)");
                }
            }
            String where = source + ": hosts." + name;
            try {
                return new Host(name, entries(raw.get("templates"), where + ".templates"),
                        entries(raw.get("models"), where + ".models"), entries(raw.get("patterns"), where
                                + ".patterns"));
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(source) ? e : new IllegalArgumentException(where + ": "
                        + e.getMessage(), e);
            }
        }

        Host with(Map<String, ?> more) {
            Map<String, Map<String, Object>> models = new LinkedHashMap<>(rawModels);
            models.putAll(entries(more, "models"));
            return new Host(name, templates, models, patterns);
        }

        private static Map<String, Map<String, Object>> entries(Object raw, String where) {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            if (raw == null) {
                return out;
            }
            map(raw, where).forEach((k, v) -> {
                if (v instanceof String) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", v);
                    out.put(k, m);
                } else {
                    out.put(k, map(v, where + "." + k));
                }
            });
            return out;
        }

        private Entry resolve(String model, Map<String, Object> raw, Map<String, Object> defaults, List<String> seen) {
            Map<String, Object> merged = flatten(model, raw, seen);
            defaults.forEach(merged::putIfAbsent);
            return Entry.of(name, model, merged);
        }

        /** The entry with its {@code like:} chain applied (a template, or another model of the host). */
        private Map<String, Object> flatten(String model, Map<String, Object> raw, List<String> seen) {
            for (String k : raw.keySet()) {
                if (!ENTRY_KEYS.contains(k)) {
                    throw new IllegalArgumentException(model + "." + k + ": unknown key (known: "
                            + String.join(", ", new TreeSet<>(ENTRY_KEYS)) + ")");
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            Object like = raw.get("like");
            if (like != null) {
                String base = String.valueOf(like);
                if (seen.contains(base)) {
                    throw new IllegalArgumentException(model + ".like: '" + base + "' refers back to itself ("
                            + String.join(" -> ", seen) + ")");
                }
                Map<String, Object> parent = templates.containsKey(base) ? templates.get(base) : rawModels.get(base);
                if (parent == null) {
                    throw new IllegalArgumentException(model + ".like: no template or model '" + base + "' on "
                            + name + " (templates: " + templates.keySet() + ")");
                }
                seen.add(base);
                out.putAll(flatten(base, parent, seen));
            }
            raw.forEach((k, v) -> {
                if (k.equals("like")) {
                    return;
                }
                if ((k.equals("inputs") || k.equals("fixed")) && out.get(k) instanceof Map && v instanceof Map) {
                    Map<String, Object> m = new LinkedHashMap<>(map(out.get(k), k));
                    m.putAll(map(v, model + "." + k));
                    out.put(k, m);
                } else {
                    out.put(k, v);
                }
            });
            return out;
        }

        Optional<Entry> find(ModelId model) {
            Entry e = models.get(model.value());
            if (e != null) {
                return Optional.of(e.forModel(model, List.of()));
            }
            for (Map.Entry<String, Map<String, Object>> p : patterns.entrySet()) {
                Matcher m = glob(p.getKey()).matcher(model.value());
                if (m.matches()) {
                    List<String> groups = new ArrayList<>();
                    for (int g = 1; g <= m.groupCount(); g++) {
                        groups.add(m.group(g));
                    }
                    Entry t = resolve(model.value(), p.getValue(), Map.of("id", "{id}"), new ArrayList<>());
                    return Optional.of(t.forModel(model, groups));
                }
            }
            return Optional.empty();
        }

        /** A glob whose each {@code *} is a group: the last matches greedily, the others as little as they can. */
        private static Pattern glob(String glob) {
            String[] parts = glob.split("\\*", -1);
            StringBuilder r = new StringBuilder(Pattern.quote(parts[0]));
            for (int i = 1; i < parts.length; i++) {
                r.append(i == parts.length - 1 ? "(.+)" : "(.+?)").append(Pattern.quote(parts[i]));
            }
            return Pattern.compile(r.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String where) {
        if (o == null) {
            return new LinkedHashMap<>();
        }
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException(where + ": expected a map, got " + (o instanceof List ? "a list"
                    : "'" + o + "'"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<Object, Object>) o).forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** One model on one host: its id and how the portable options become the host's inputs. Immutable. */
    public static final class Entry {
        private final String host;
        private final String model;
        private final String id;
        private final String editId;
        private final Map<String, Input> inputs;
        private final Map<String, Object> fixed;
        private final Integer maxN;
        private final List<String> aspectRatios;
        private final List<ImageSize> sizes;

        private Entry(String host, String model, String id, String editId, Map<String, Input> inputs,
                Map<String, Object> fixed, Integer maxN, List<String> aspectRatios, List<ImageSize> sizes) {
            this.host = host;
            this.model = model;
            this.id = id;
            this.editId = editId;
            this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
            this.fixed = Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
            this.maxN = maxN;
            this.aspectRatios = List.copyOf(aspectRatios);
            this.sizes = List.copyOf(sizes);
        }

        static Entry of(String host, String model, Map<String, Object> raw) {
            Object id = raw.get("id");
            if (!(id instanceof String) || ((String) id).isBlank()) {
                throw new IllegalArgumentException(model + ".id: the host's model id is required");
            }
            Object edit = raw.get("edit-id");
            Map<String, Input> inputs = new LinkedHashMap<>();
            map(raw.get("inputs"), model + ".inputs").forEach((option, v) -> {
                if (!OPTIONS.contains(option)) {
                    throw new IllegalArgumentException(model + ".inputs." + option + ": not a portable option (known: "
                            + String.join(", ", new TreeSet<>(OPTIONS)) + ")");
                }
                inputs.put(option, Input.read(model + ".inputs." + option, v));
            });
            Integer maxN = null;
            Object n = raw.get("max-n");
            if (n != null) {
                if (!(n instanceof Integer) || (Integer) n < 1) {
                    throw new IllegalArgumentException(model + ".max-n: a whole number of at least 1, was '" + n + "'");
                }
                maxN = (Integer) n;
            }
            List<String> ratios = new ArrayList<>();
            Object ar = raw.get("aspect-ratios");
            if (ar != null) {
                if (!(ar instanceof List)) {
                    throw new IllegalArgumentException(model + ".aspect-ratios: a list such as [1:1, 3:2], was '" + ar
                            + "'");
                }
                for (Object r : (List<?>) ar) {
                    try {
                        ratios.add(dev.imagegen4j.AspectRatio.parse(String.valueOf(r)).wireValue());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(model + ".aspect-ratios: " + e.getMessage(), e);
                    }
                }
            }
            List<ImageSize> sizes = new ArrayList<>();
            Object sz = raw.get("sizes");
            if (sz != null) {
                if (!(sz instanceof List)) {
                    throw new IllegalArgumentException(model + ".sizes: a list such as [auto, 1024x1024], was '" + sz
                            + "'");
                }
                for (Object v : (List<?>) sz) {
                    try {
                        sizes.add(ImageSize.parse(String.valueOf(v)));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(model + ".sizes: " + e.getMessage(), e);
                    }
                }
            }
            return new Entry(host, model, (String) id, edit == null ? null : String.valueOf(edit), inputs,
                    map(raw.get("fixed"), model + ".fixed"), maxN, ratios, sizes);
        }

        Entry forModel(ModelId logical, List<String> groups) {
            return new Entry(host, logical.value(), expand(id, logical, groups), editId == null ? null
                    : expand(editId, logical, groups), inputs, fixed, maxN, aspectRatios, sizes);
        }

        private static String expand(String template, ModelId model, List<String> groups) {
            String s = template.replace("{id}", model.value());
            for (int i = 0; i < groups.size(); i++) {
                s = s.replace("{" + (i + 1) + "}", groups.get(i));
            }
            return s;
        }

        /** The host, e.g. {@code replicate}. */
        public String host() {
            return host;
        }

        /** The logical model. */
        public ModelId model() {
            return ModelId.of(model);
        }

        /** The host's id of the model. */
        public String id() {
            return id;
        }

        /** The host's id for edits, when it differs from {@link #id()}. */
        public Optional<String> editId() {
            return Optional.ofNullable(editId);
        }

        /** The inputs, by portable option. */
        public Map<String, Input> inputs() {
            return inputs;
        }

        /** The input of a portable option, when the host takes it. */
        public Optional<Input> input(String option) {
            return Optional.ofNullable(inputs.get(option));
        }

        /** Inputs always sent. */
        public Map<String, Object> fixed() {
            return fixed;
        }

        /** The most images one call returns, when the data say. */
        public OptionalInt maxN() {
            return maxN == null ? OptionalInt.empty() : OptionalInt.of(maxN);
        }

        /** The only sizes the host takes (presets), when it narrows the model's; else empty. */
        public List<ImageSize> sizes() {
            return sizes;
        }

        /** The shapes the host takes instead of sizes; empty when it takes sizes. */
        public List<String> aspectRatios() {
            return aspectRatios;
        }

        @Override
        public String toString() {
            return host + ":" + model + "=" + id;
        }
    }

    /** How one portable option is sent: a name (dotted for nesting), a form and renamed values. Immutable. */
    public static final class Input {
        private final String name;
        private final String form;
        private final Map<String, String> values;

        private Input(String name, String form, Map<String, String> values) {
            this.name = name;
            this.form = form;
            this.values = Map.copyOf(values);
        }

        static Input read(String where, Object raw) {
            if (raw instanceof String) {
                return new Input((String) raw, "text", Map.of());
            }
            Map<String, Object> m = map(raw, where);
            for (String k : m.keySet()) {
                if (!Set.of("name", "form", "values").contains(k)) {
                    throw new IllegalArgumentException(where + "." + k + ": unknown key (known: form, name, values)");
                }
            }
            Object name = m.get("name");
            if (!(name instanceof String) || ((String) name).isBlank()) {
                throw new IllegalArgumentException(where + ".name: the host's input name is required");
            }
            String form = String.valueOf(m.getOrDefault("form", "text"));
            if (!FORMS.contains(form)) {
                throw new IllegalArgumentException(where + ".form: '" + form + "' is not a form (known: "
                        + String.join(", ", new TreeSet<>(FORMS)) + ")");
            }
            Map<String, String> values = new LinkedHashMap<>();
            map(m.get("values"), where + ".values").forEach((k, v) -> values.put(k.toLowerCase(Locale.ROOT),
                    String.valueOf(v)));
            return new Input((String) name, form, values);
        }

        /** The host's input name; a dotted name nests ({@code image_config.aspect_ratio}). */
        public String name() {
            return name;
        }

        /** The form (see {@link HostModels#FORMS}). */
        public String form() {
            return form;
        }

        /** {@code value} as the host names it (the {@code values} renaming, else unchanged). */
        public String value(String value) {
            return values.getOrDefault(value.toLowerCase(Locale.ROOT), value);
        }

        /** A size in this input's form: {@code WxH} text, or {@code {width, height}}. */
        public Object size(ImageSize size) {
            if (form.equals("size-object") && !size.isAuto()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("width", size.width());
                m.put("height", size.height());
                return m;
            }
            return value(size.wireValue());
        }

        /**
         * Puts {@code value} into {@code body} under this input's (possibly dotted) name.
         *
         * @throws IllegalArgumentException if a dotted name runs into a value that is not an object
         */
        @SuppressWarnings("unchecked")
        public void put(Map<String, Object> body, Object value) {
            Objects.requireNonNull(value, "value");
            String[] path = name.split("\\.");
            Map<String, Object> at = body;
            for (int i = 0; i < path.length - 1; i++) {
                Object next = at.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
                if (!(next instanceof Map)) {
                    throw new IllegalArgumentException("input " + name + ": '" + path[i] + "' is already a value");
                }
                at = (Map<String, Object>) next;
            }
            at.put(path[path.length - 1], value);
        }

        @Override
        public String toString() {
            return name + (form.equals("text") ? "" : " (" + form + ")");
        }
    }
}
