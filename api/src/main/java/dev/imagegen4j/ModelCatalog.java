package dev.imagegen4j;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.imagegen4j.internal.CatalogReader;
import dev.imagegen4j.internal.KeyLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What each model takes, as data. The built-in catalog is read from {@code dev/imagegen4j/catalog.yaml} in the api
 * jar; a configuration file's {@code models:} section (same schema) adds or overrides entries, and so can code
 * ({@link #toBuilder()}), so a new model needs no release. How a model id is resolved ({@link #resolve}):
 *
 * <ul>
 *   <li>an entry, or a snapshot of one ({@code gpt-image-2.5-flare-2026-09-08}, or any {@code <id>-YYYY-MM-DD}):
 *       the entry's rules, checked exactly;</li>
 *   <li>an id that extends a known one ({@code gpt-image-2-custom}), or an unknown id of a known family
 *       ({@code gpt-image-2.7-flare}: the newest model of the family, preferring the same variant): the rules are
 *       <em>inferred</em>;</li>
 *   <li>any other id: no rules.</li>
 * </ul>
 *
 * <p>The validation policy, in one place ({@link #validate}): for a model the catalog knows, a request that breaks
 * a rule is refused before anything is sent, naming the model, the value, what the model takes and how to extend
 * the catalog; an option the model does not have is ignored with a warning. For a model whose rules are inferred
 * or unknown, the request is sent as asked, with warnings that say which rules were inferred and what they would
 * have refused. Strict mode ({@link ImageRequest.Builder#strict}) refuses unknown models and ignored options
 * instead. Values imagegen4j has never heard of are never refused on that account: only the catalog decides.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ModelCatalog {

    /** The classpath resource of the built-in catalog. */
    public static final String RESOURCE = "/dev/imagegen4j/catalog.yaml";

    private static final Pattern DATED = Pattern.compile("(.+)-(\\d{4}-\\d{2}-\\d{2})");
    private static final ModelCatalog BUILT_IN = loadBuiltIn();

    private final Map<ModelId, ModelCapabilities> entries;
    private final Map<ModelId, ModelId> snapshots;
    private final Map<String, List<String>> families;
    private final Map<ModelId, PriceTable.Prices> prices;
    private final ModelId defaultModel;
    private final String version;

    private ModelCatalog(Builder b) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(b.entries));
        this.snapshots = Collections.unmodifiableMap(new LinkedHashMap<>(b.snapshots));
        this.families = Collections.unmodifiableMap(new LinkedHashMap<>(b.families));
        this.prices = Collections.unmodifiableMap(new LinkedHashMap<>(b.prices));
        this.defaultModel = b.defaultModel;
        this.version = b.version;
    }

    /** The catalog of the models imagegen4j knows, read from its data file. */
    public static ModelCatalog builtIn() {
        return BUILT_IN;
    }

    /** An empty catalog builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this catalog's entries, to add or override some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.entries.putAll(entries);
        b.snapshots.putAll(snapshots);
        b.families.putAll(families);
        b.prices.putAll(prices);
        b.defaultModel = defaultModel;
        b.version = version;
        return b;
    }

    /**
     * The built-in catalog with the entries of a catalog file (YAML, or JSON by the {@code .json} extension) in the
     * catalog schema: {@code models:} and optionally {@code families:}, {@code default-model:},
     * {@code catalog-version:}; a configuration file's other sections are ignored.
     *
     * @throws IllegalArgumentException naming the file, the line and the problem
     */
    public static ModelCatalog load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("catalog file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read catalog file " + file + ": " + e.getMessage());
        }
        return builtIn().toBuilder().read(file.toString(), text,
                file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                .build();
    }

    /** The entries (without snapshot aliases), in catalog order. */
    public Map<ModelId, ModelCapabilities> entries() {
        return entries;
    }

    /** Snapshot ids and the entry each one is. */
    public Map<ModelId, ModelId> snapshots() {
        return snapshots;
    }

    /** Families and the id patterns ({@code gpt-image-*}) that belong to each. */
    public Map<String, List<String>> families() {
        return families;
    }

    /** The model of requests that name none, chosen in the data file. */
    public ModelId defaultModel() {
        return defaultModel;
    }

    /** The data file's version (its date), or {@code "custom"}. */
    public String version() {
        return version;
    }

    /** The list prices of the entries that have them. */
    public PriceTable prices() {
        PriceTable.Builder b = PriceTable.builder();
        prices.forEach(b::put);
        snapshots.forEach((s, of) -> {
            PriceTable.Prices p = prices.get(of);
            if (p != null) {
                b.put(s, p);
            }
        });
        return b.build();
    }

    /** The entry for {@code model} or the entry it is a listed snapshot of. */
    public Optional<ModelCapabilities> find(ModelId model) {
        ModelCapabilities exact = entries.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        ModelId of = snapshots.get(model);
        return of == null ? Optional.empty() : Optional.ofNullable(entries.get(of));
    }

    /**
     * The rules for {@code model}, as described in the class comment. Never fails; see
     * {@link Resolution#kind()} and {@link Resolution#warning()}.
     */
    public Resolution resolve(ModelId model) {
        Objects.requireNonNull(model, "model");
        ModelCapabilities exact = entries.get(model);
        if (exact != null) {
            return new Resolution(model, model, exact, Resolution.Kind.EXACT, null);
        }
        ModelId of = snapshots.get(model);
        if (of != null && entries.containsKey(of)) {
            return new Resolution(model, of, entries.get(of), Resolution.Kind.SNAPSHOT, null);
        }
        java.util.regex.Matcher dated = DATED.matcher(model.value());
        if (dated.matches()) {
            Optional<ModelCapabilities> base = find(ModelId.of(dated.group(1)));
            if (base.isPresent()) {
                ModelId entry = entries.containsKey(ModelId.of(dated.group(1))) ? ModelId.of(dated.group(1))
                        : snapshots.get(ModelId.of(dated.group(1)));
                return new Resolution(model, entry, base.get(), Resolution.Kind.SNAPSHOT, null);
            }
        }
        ModelId prefix = null;
        for (ModelId known : entries.keySet()) {
            if (model.value().startsWith(known.value() + "-")
                    && (prefix == null || known.value().length() > prefix.value().length())) {
                prefix = known;
            }
        }
        if (prefix != null) {
            return inferred(model, prefix, "it extends " + prefix);
        }
        for (Map.Entry<String, List<String>> f : families.entrySet()) {
            if (f.getValue().stream().anyMatch(glob -> globMatches(glob, model.value()))) {
                Optional<ModelId> newest = newestOf(f.getKey(), model);
                if (newest.isPresent()) {
                    return inferred(model, newest.get(), "it is a " + f.getKey() + " model and " + newest.get()
                            + " is the newest one the catalog knows");
                }
            }
        }
        return new Resolution(model, null, permissive(), Resolution.Kind.UNKNOWN, model
                + " is not in the model catalog" + didYouMean(model, null) + " and belongs to no known family: only generic "
                + "checks apply before sending (add a catalog entry to check it; strict mode refuses it)");
    }

    private Resolution inferred(ModelId model, ModelId from, String why) {
        return new Resolution(model, from, entries.get(from), Resolution.Kind.INFERRED, model
                + " is not in the model catalog" + didYouMean(model, from) + "; its rules are inferred from " + from + " ("
                + why + "): what those rules would refuse is sent as asked, with a warning (add a catalog entry to "
                + "check " + model + " exactly; strict mode refuses it)");
    }

    /**
     * The known id (entry or snapshot) within two edits of {@code model}, when {@code model} is not known itself: a
     * likely typo ({@code gpt-image-22}), or a new version next to a known one.
     */
    public Optional<ModelId> suggest(ModelId model) {
        return suggest(model, null);
    }

    /** As {@link #suggest(ModelId)}, preferring {@code preferred} among equally close ids. */
    private Optional<ModelId> suggest(ModelId model, ModelId preferred) {
        if (find(model).isPresent()) {
            return Optional.empty();
        }
        List<String> known = new ArrayList<>();
        if (preferred != null) {
            known.add(preferred.value()); // the first of equally close candidates wins
        }
        entries.keySet().forEach(m -> known.add(m.value()));
        snapshots.keySet().forEach(m -> known.add(m.value()));
        return dev.imagegen4j.internal.Suggestions.within(model.value(), known, 2).map(ModelId::of);
    }

    private String didYouMean(ModelId model, ModelId preferred) {
        return suggest(model, preferred).map(s -> " (did you mean " + s + "?)").orElse("");
    }

    /** The newest released model of {@code family} (not shut down by its maker), preferring {@code model}'s variant. */
    private Optional<ModelId> newestOf(String family, ModelId model) {
        String variant = model.value().substring(model.value().lastIndexOf('-') + 1);
        Comparator<Map.Entry<ModelId, ModelCapabilities>> newest = Comparator.comparing(
                (Map.Entry<ModelId, ModelCapabilities> e) -> e.getValue().lifecycle().released().orElse(LocalDate.MIN))
                .thenComparing(e -> e.getKey().value());
        List<Map.Entry<ModelId, ModelCapabilities>> candidates = new ArrayList<>();
        for (Map.Entry<ModelId, ModelCapabilities> e : entries.entrySet()) {
            if (e.getValue().family().equals(family)) {
                candidates.add(e);
            }
        }
        Optional<ModelId> sameVariant = candidates.stream().filter(e -> e.getKey().value().endsWith("-" + variant))
                .max(newest).map(Map.Entry::getKey);
        return sameVariant.isPresent() ? sameVariant : candidates.stream().max(newest).map(Map.Entry::getKey);
    }

    private static boolean globMatches(String glob, String id) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            re.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
        }
        return id.matches(re.toString());
    }

    private static ModelCapabilities permissive() {
        ModelCapabilities.Builder b = ModelCapabilities.builder("unknown")
                .operations(ImageOperation.GENERATE, ImageOperation.EDIT, ImageOperation.VARIATION)
                .mask(true).markup(true).streaming(true).imageReferences(true).maxN(Integer.MAX_VALUE)
                .maxPromptLength(Integer.MAX_VALUE)
                .sizeRule(SizeRule.flexible(1, Integer.MAX_VALUE, Integer.MAX_VALUE, 0, Long.MAX_VALUE))
                .maxImageBytes(Long.MAX_VALUE).maxMaskBytes(Long.MAX_VALUE)
                .inputMimeTypes("image/png", "image/jpeg", "image/webp", "image/gif");
        for (String o : List.of(ModelCapabilities.QUALITY, ModelCapabilities.OUTPUT_FORMAT, ModelCapabilities.BACKGROUND,
                ModelCapabilities.MODERATION, ModelCapabilities.INPUT_FIDELITY, ModelCapabilities.STYLE,
                ModelCapabilities.RESPONSE_FORMAT, ModelCapabilities.COMPLEXITY, ModelCapabilities.SAFETY_IDENTIFIER,
                ModelCapabilities.SEED)) {
            b.option(o, OptionRule.any());
        }
        return b.build();
    }

    /**
     * Checks {@code request} for the model of {@code resolution}, as described in the class comment: exactly when
     * the catalog knows the model, with warnings when its rules are inferred or unknown.
     *
     * @param request    the request, with generator defaults applied
     * @param resolution how the request's model was resolved in this catalog
     * @param narrowed   the resolved capabilities as a provider narrowed them (or the resolved ones)
     * @return warnings: how the model was resolved, options ignored, what inferred rules would have refused
     * @throws InvalidRequestException naming the parameter, the value, the rule, what the model takes and who else
     *                                 takes the value; in strict mode also for an unknown model or ignored option
     */
    public List<String> validate(ImageRequest request, Resolution resolution, ModelCapabilities narrowed) {
        ModelId model = resolution.requested();
        List<String> warnings = new ArrayList<>();
        String inferred = null;
        if (resolution.isInferred()) {
            if (request.isStrict()) {
                throw new InvalidRequestException("model", "strict mode: " + model + " is not in the model catalog, "
                        + "so its rules cannot be checked (" + (resolution.matched() == null ? "no known family"
                        : "they would be inferred from " + resolution.matched()) + "); add a catalog entry (config "
                        + "file: models: { " + model + ": { like: <a known model> } }) or turn strict mode off");
            }
            warnings.add(resolution.warning());
            inferred = resolution.matched() == null ? "no catalog rules"
                    : "rules inferred from " + resolution.matched();
        }
        warnings.addAll(new RequestValidator(narrowed, model,
                resolution.matched() != null ? resolution.matched() : model, request, inferred, hints()).run());
        return warnings;
    }

    private RequestValidator.Hints hints() {
        return new RequestValidator.Hints() {
            @Override
            public List<ModelId> takingValue(String option, String value) {
                List<ModelId> out = new ArrayList<>();
                entries.forEach((id, c) -> c.option(option).flatMap(OptionRule::values).ifPresent(vs -> {
                    if (vs.stream().anyMatch(v -> v.equalsIgnoreCase(value))) {
                        out.add(id);
                    }
                }));
                return out;
            }

            @Override
            public List<ModelId> takingOption(String option) {
                List<ModelId> out = new ArrayList<>();
                entries.forEach((id, c) -> {
                    if (c.option(option).isPresent()) {
                        out.add(id);
                    }
                });
                return out;
            }
        };
    }

    @Override
    public String toString() {
        return "ModelCatalog[" + version + ", " + entries.size() + " models, default " + defaultModel + "]";
    }

    /**
     * How a model id was resolved.
     *
     * @param requested    the id asked for
     * @param matched      the catalog entry whose rules apply; null when there are none
     * @param capabilities the rules
     * @param kind         exact, snapshot, inferred or unknown
     * @param warning      why the rules are borrowed, or null for an exact or snapshot match
     */
    public record Resolution(ModelId requested, ModelId matched, ModelCapabilities capabilities, Kind kind,
            String warning) {

        /** How an id was resolved. */
        public enum Kind {
            /** A catalog entry. */
            EXACT,
            /** A snapshot (dated id) of a catalog entry. */
            SNAPSHOT,
            /** An unknown id whose rules are borrowed from a related entry. */
            INFERRED,
            /** An unknown id of no known family: no rules. */
            UNKNOWN
        }

        /** Whether the rules were not written for this id (inferred or unknown): violations warn instead of failing. */
        public boolean isInferred() {
            return kind == Kind.INFERRED || kind == Kind.UNKNOWN;
        }

        /** The warning, if the rules were borrowed. */
        public Optional<String> warningText() {
            return Optional.ofNullable(warning);
        }
    }

    private static ModelCatalog loadBuiltIn() {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the built-in model catalog " + RESOURCE + " is missing from the class "
                        + "path (a repackaged imagegen4j-api jar?)");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return builder().read(RESOURCE, text, false).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in model catalog " + RESOURCE, e);
        }
    }

    /** Builds a {@link ModelCatalog}; not thread-safe. */
    public static final class Builder {
        private final Map<ModelId, ModelCapabilities> entries = new LinkedHashMap<>();
        private final Map<ModelId, ModelId> snapshots = new LinkedHashMap<>();
        private final Map<String, List<String>> families = new LinkedHashMap<>();
        private final Map<ModelId, PriceTable.Prices> prices = new LinkedHashMap<>();
        private ModelId defaultModel = ModelId.GPT_IMAGE_2;
        private String version = "custom";

        private Builder() {
        }

        /** Adds or replaces the entry of {@code model} (its snapshot aliases, if any, now point at this entry). */
        public Builder put(ModelId model, ModelCapabilities capabilities) {
            entries.put(Objects.requireNonNull(model, "model"), Objects.requireNonNull(capabilities, "capabilities"));
            snapshots.remove(model);
            return this;
        }

        /**
         * Adds {@code model} with the rules of {@code existing} (the config file's {@code like:}), without its
         * lifecycle.
         *
         * @throws IllegalArgumentException if {@code existing} has no entry, listing the known models
         */
        public Builder like(ModelId model, ModelId existing) {
            ModelCapabilities caps = peek(existing);
            if (caps == null) {
                throw new IllegalArgumentException("model " + model + " is declared like " + existing
                        + ", which is not in the catalog (known: " + String.join(", ", ids()) + ")");
            }
            return put(model, caps.toBuilder().lifecycle(Lifecycle.UNKNOWN).narrowedBy(null).build());
        }

        /** Removes the entry of {@code model} and its snapshots. */
        public Builder remove(ModelId model) {
            entries.remove(model);
            prices.remove(model);
            snapshots.values().removeIf(model::equals);
            return this;
        }

        /** The entry (or snapshot's entry) of {@code model} so far, or null. */
        public ModelCapabilities peek(ModelId model) {
            ModelCapabilities c = entries.get(model);
            if (c == null && snapshots.containsKey(model)) {
                c = entries.get(snapshots.get(model));
            }
            return c;
        }

        /** The ids of the entries so far. */
        public List<String> ids() {
            List<String> out = new ArrayList<>();
            entries.keySet().forEach(m -> out.add(m.value()));
            return out;
        }

        /** Declares {@code snapshot} (a dated id) to be {@code entry}. */
        public Builder snapshot(ModelId snapshot, ModelId entry) {
            Objects.requireNonNull(snapshot, "snapshot");
            if (!entries.containsKey(Objects.requireNonNull(entry, "entry"))) {
                throw new IllegalArgumentException("snapshot " + snapshot + " of " + entry + ": no such entry");
            }
            snapshots.put(snapshot, entry);
            return this;
        }

        /** Declares a family and the id patterns ({@code gpt-image-*}) that belong to it. */
        public Builder family(String family, List<String> patterns) {
            families.put(Objects.requireNonNull(family, "family"), List.copyOf(patterns));
            return this;
        }

        /** The list prices of {@code model}; null removes them. */
        public Builder prices(ModelId model, PriceTable.Prices p) {
            if (p == null) {
                prices.remove(model);
            } else {
                prices.put(model, p);
            }
            return this;
        }

        /** The model of requests that name none. Default {@code gpt-image-2} for a catalog built from scratch. */
        public Builder defaultModel(ModelId model) {
            this.defaultModel = Objects.requireNonNull(model, "model");
            return this;
        }

        /** The catalog version. */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /**
         * Adds the entries of a catalog document (see {@link ModelCatalog#load}) to this builder.
         *
         * @param source the file name, for messages
         * @param text   the document, YAML (a superset of JSON) or JSON
         * @param json   whether to parse it as JSON
         * @throws IllegalArgumentException naming {@code source}, the line and the problem
         */
        public Builder read(String source, String text, boolean json) {
            ObjectMapper mapper = json ? JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build()
                    : YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
            JsonNode root;
            try {
                root = mapper.readTree(text);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(source + (e.getLocation() == null ? ""
                        : " line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr())
                        + ": not valid " + (json ? "JSON" : "YAML") + ": " + firstLine(e.getOriginalMessage()));
            }
            KeyLines lines = KeyLines.of(mapper.getFactory(), text);
            Builder copy = build().toBuilder(); // read into a copy: a bad file leaves this builder as it was
            try {
                if (root != null && root.isObject() && (root.has("generators") || root.has("routes"))) {
                    CatalogReader.readModels(root.get("models"), "models", copy);
                } else {
                    CatalogReader.readDocument(root, copy);
                }
            } catch (CatalogReader.Problem p) {
                throw new IllegalArgumentException(source + lines.where(p.path())
                        + (p.path().isEmpty() ? "" : " (" + p.path() + ")") + ": " + p.getMessage(), p);
            }
            entries.clear();
            entries.putAll(copy.entries);
            snapshots.clear();
            snapshots.putAll(copy.snapshots);
            families.clear();
            families.putAll(copy.families);
            prices.clear();
            prices.putAll(copy.prices);
            defaultModel = copy.defaultModel;
            version = copy.version;
            return this;
        }

        private static String firstLine(String s) {
            if (s == null) {
                return "syntax error";
            }
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl);
        }

        /** The catalog. */
        public ModelCatalog build() {
            return new ModelCatalog(this);
        }
    }
}
