package dev.imagegen4j.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The emulator's own model table (its model of each vendor, independent of the library's catalog): which ids
 * each dialect knows, each model's family and the rules that follow from it, and OpenAI's shutdown dates.
 * Facts marked 3P in the project's vendor notes (AI/ML API ids of the 2.5/2.6 models) live in this one table.
 */
final class Models {

    private Models() {
    }

    /** Model families in release order; later GPT image families add rules on top of earlier ones. */
    enum Family { DALLE2, DALLE3, GPT_IMAGE, GPT_IMAGE_2, GPT_IMAGE_2_5, GPT_IMAGE_2_6 }

    /** One row of the table. */
    static final class Entry {
        final String id;
        final Family family;
        final boolean editsOnly;
        final boolean azure;
        /** The id on AI/ML API, or {@code null} when it does not sell the model. */
        final String aimlapiId;
        /** When OpenAI shut the model down (ISO date), or {@code null}. */
        final String openAiShutdown;
        final String successor;
        /** Qualities beyond the family's (a model shipped after the library's release: see {@link #shipped}). */
        final List<String> extraQualities;

        Entry(String id, Family family, boolean editsOnly, boolean azure, String aimlapiId, String openAiShutdown,
                String successor) {
            this(id, family, editsOnly, azure, aimlapiId, openAiShutdown, successor, List.of());
        }

        Entry(String id, Family family, boolean editsOnly, boolean azure, String aimlapiId, String openAiShutdown,
                String successor, List<String> extraQualities) {
            this.extraQualities = List.copyOf(extraQualities);
            this.id = id;
            this.family = family;
            this.editsOnly = editsOnly;
            this.azure = azure;
            this.aimlapiId = aimlapiId;
            this.openAiShutdown = openAiShutdown;
            this.successor = successor;
        }
    }

    private static final List<Entry> TABLE = List.of(
            new Entry("gpt-image-2.6-flare", Family.GPT_IMAGE_2_6, false, true, "openai/gpt-image-2.6-flare", null, null),
            new Entry("gpt-image-2.6-sunburst", Family.GPT_IMAGE_2_6, false, true, "openai/gpt-image-2.6-sunburst", null,
                    null),
            new Entry("gpt-image-2.5-flare", Family.GPT_IMAGE_2_5, false, true, "openai/gpt-image-2.5-flare", null, null),
            new Entry("gpt-image-2.5-sunburst", Family.GPT_IMAGE_2_5, false, true, "openai/gpt-image-2.5-sunburst", null,
                    null),
            new Entry("gpt-image-2", Family.GPT_IMAGE_2, false, true, "openai/gpt-image-2", null, null),
            new Entry("gpt-image-1.5", Family.GPT_IMAGE, false, true, "openai/gpt-image-1-5", null, null),
            new Entry("gpt-image-1", Family.GPT_IMAGE, false, true, "openai/gpt-image-1", "2026-10-23",
                    "gpt-image-2.5-flare or gpt-image-2.5-sunburst"),
            new Entry("gpt-image-1-mini", Family.GPT_IMAGE, false, true, "openai/gpt-image-1-mini", null, null),
            new Entry("chatgpt-image-latest", Family.GPT_IMAGE, true, false, null, null, null),
            new Entry("dall-e-3", Family.DALLE3, false, true, "dall-e-3", "2026-05-12", "gpt-image-2"),
            new Entry("dall-e-2", Family.DALLE2, false, false, "dall-e-2", "2026-05-12", "gpt-image-2"));

    /**
     * A model the vendor ships in a test scenario (one the library's catalog does not know yet): the rules of
     * {@code like}, plus {@code extraQualities}; served by every dialect ({@code openai/<id>} on AI/ML API).
     *
     * @throws IllegalArgumentException if {@code like} is not in the table
     */
    static Entry shipped(String id, String like, List<String> extraQualities) {
        for (Entry e : TABLE) {
            if (e.id.equals(like)) {
                return new Entry(id, e.family, e.editsOnly, e.azure, "openai/" + id, null, null, extraQualities);
            }
        }
        throw new IllegalArgumentException("shipModel: '" + like + "' is not a model the emulator knows");
    }

    private static List<Entry> all(List<Entry> shipped) {
        if (shipped.isEmpty()) {
            return TABLE;
        }
        List<Entry> all = new ArrayList<>(shipped);
        all.addAll(TABLE);
        return all;
    }

    /** A dated snapshot suffix such as {@code -2026-09-08}. */
    private static final Pattern SNAPSHOT = Pattern.compile("-\\d{4}-\\d{2}-\\d{2}");

    /** A model as addressed by the request (its wire id) plus its table row. */
    static final class Model {
        final String id;
        final Family family;
        final boolean editsOnly;
        private final Entry entry;

        private Model(String id, Entry entry) {
            this.id = id;
            this.family = entry.family;
            this.editsOnly = entry.editsOnly;
            this.entry = entry;
        }

        /** The OpenAI id of the model without snapshot suffix or gateway prefix, e.g. {@code gpt-image-2.5-flare}. */
        String baseId() {
            return entry.id;
        }

        boolean isDalle() {
            return family == Family.DALLE2 || family == Family.DALLE3;
        }

        boolean isGptImage() {
            return !isDalle();
        }

        /** Qualities this model takes beyond its family's. */
        List<String> extraQualities() {
            return entry.extraQualities;
        }

        /** gpt-image-1-mini has no input_fidelity. */
        boolean isMini() {
            return entry.id.toLowerCase(Locale.ROOT).contains("gpt-image-1-mini");
        }

        private boolean atLeast(Family f) {
            return family.compareTo(f) >= 0;
        }

        /** Any {@code WxH} within the gpt-image-2 rule (2, 2.5, 2.6). */
        boolean customSizes() {
            return atLeast(Family.GPT_IMAGE_2);
        }

        /** Quality {@code xhigh} and {@code max}, and a {@code generation_id} per image (2.5 and later). */
        boolean isGpt25OrLater() {
            return atLeast(Family.GPT_IMAGE_2_5);
        }

        /** {@code complexity}, SVG and GIF output, markup-guided edits (2.6). */
        boolean isGpt26OrLater() {
            return atLeast(Family.GPT_IMAGE_2_6);
        }

        /** The date OpenAI shut the model down, or {@code null}. */
        String openAiShutdown() {
            return entry.openAiShutdown;
        }

        String successor() {
            return entry.successor;
        }

        int maxPrompt() {
            switch (family) {
                case DALLE2: return 1000;
                case DALLE3: return 4000;
                default: return 32000;
            }
        }
    }

    /** OpenAI ids, plus a dated snapshot ({@code -YYYY-MM-DD}) of any GPT image id; {@code null} when unknown. */
    static Model openAi(String id) {
        return openAi(id, List.of());
    }

    /** As {@link #openAi(String)}, also knowing {@code shipped} models. */
    static Model openAi(String id, List<Entry> shipped) {
        List<Entry> table = all(shipped);
        for (Entry e : table) {
            if (e.id.equals(id)) {
                return new Model(id, e);
            }
        }
        for (Entry e : table) {
            if (e.id.startsWith("gpt-image-") && id.startsWith(e.id)
                    && SNAPSHOT.matcher(id.substring(e.id.length())).matches()) {
                return new Model(id, e);
            }
        }
        return null;
    }

    /** A model an Azure deployment can serve (not dall-e-2, not chatgpt-image-latest); {@code null} otherwise. */
    static Model azure(String modelId) {
        return azure(modelId, List.of());
    }

    /** As {@link #azure(String)}, also knowing {@code shipped} models. */
    static Model azure(String modelId, List<Entry> shipped) {
        Model m = openAi(modelId, shipped);
        return m == null || !m.entry.azure ? null : m;
    }

    /** AI/ML API ids ({@code openai/...}; bare DALL·E ids); {@code null} when unknown. */
    static Model aimlapi(String id) {
        return aimlapi(id, List.of());
    }

    /** As {@link #aimlapi(String)}, also knowing {@code shipped} models. */
    static Model aimlapi(String id, List<Entry> shipped) {
        for (Entry e : all(shipped)) {
            if (id.equals(e.aimlapiId)) {
                return new Model(id, e);
            }
        }
        return null;
    }

    /** The ids an Azure deployment can map to, for messages. */
    static List<String> azureIds() {
        List<String> ids = new ArrayList<>();
        for (Entry e : TABLE) {
            if (e.azure) {
                ids.add(e.id);
            }
        }
        return ids;
    }
}
