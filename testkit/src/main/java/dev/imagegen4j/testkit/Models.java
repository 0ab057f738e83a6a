package dev.imagegen4j.testkit;

import java.util.List;
import java.util.Locale;

/** The model ids each dialect knows and the rules that follow from a model's family. */
final class Models {

    private Models() {
    }

    enum Family { DALLE2, DALLE3, GPT_IMAGE, GPT_IMAGE_2 }

    /** A model as addressed by the request (its wire id) plus its family. */
    static final class Model {
        final String id;
        final Family family;
        final boolean editsOnly;

        Model(String id, Family family, boolean editsOnly) {
            this.id = id;
            this.family = family;
            this.editsOnly = editsOnly;
        }

        boolean isDalle() {
            return family == Family.DALLE2 || family == Family.DALLE3;
        }

        boolean isGptImage() {
            return !isDalle();
        }

        /** gpt-image-1-mini has no input_fidelity. */
        boolean isMini() {
            return id.toLowerCase(Locale.ROOT).contains("gpt-image-1-mini");
        }

        int maxPrompt() {
            switch (family) {
                case DALLE2: return 1000;
                case DALLE3: return 4000;
                default: return 32000;
            }
        }
    }

    static final List<String> OPENAI_IDS = List.of("gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-1.5",
            "gpt-image-1", "gpt-image-1-mini", "chatgpt-image-latest", "dall-e-3", "dall-e-2");

    static final List<String> AIMLAPI_IDS = List.of("openai/gpt-image-2", "openai/gpt-image-1",
            "openai/gpt-image-1-mini", "openai/gpt-image-1-5", "dall-e-2", "dall-e-3");

    /** Models an Azure deployment can serve (DALL·E 2 is retired on Azure). */
    static final List<String> AZURE_IDS = List.of("gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-1.5",
            "gpt-image-1", "gpt-image-1-mini", "dall-e-3");

    /** OpenAI ids, plus any {@code gpt-image-2-*} snapshot; {@code null} when unknown. */
    static Model openAi(String id) {
        if (id.startsWith("gpt-image-2-") || id.equals("gpt-image-2")) {
            return new Model(id, Family.GPT_IMAGE_2, false);
        }
        switch (id) {
            case "gpt-image-1.5":
            case "gpt-image-1":
            case "gpt-image-1-mini":
                return new Model(id, Family.GPT_IMAGE, false);
            case "chatgpt-image-latest":
                return new Model(id, Family.GPT_IMAGE, true);
            case "dall-e-3":
                return new Model(id, Family.DALLE3, false);
            case "dall-e-2":
                return new Model(id, Family.DALLE2, false);
            default:
                return null;
        }
    }

    static Model azure(String modelId) {
        Model m = openAi(modelId);
        return m == null || m.family == Family.DALLE2 || m.editsOnly ? null : m;
    }

    static Model aimlapi(String id) {
        switch (id) {
            case "openai/gpt-image-2":
                return new Model(id, Family.GPT_IMAGE_2, false);
            case "openai/gpt-image-1":
            case "openai/gpt-image-1-mini":
            case "openai/gpt-image-1-5":
                return new Model(id, Family.GPT_IMAGE, false);
            case "dall-e-3":
                return new Model(id, Family.DALLE3, false);
            case "dall-e-2":
                return new Model(id, Family.DALLE2, false);
            default:
                return null;
        }
    }
}
