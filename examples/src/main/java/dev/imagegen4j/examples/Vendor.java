package dev.imagegen4j.examples;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.azure.AzureImageGenerator;
import dev.imagegen4j.google.GoogleImageGenerator;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.util.Map;

/**
 * The generator an example uses: the real vendor when its key is in the environment, else the in-process
 * emulator (offline placeholder images), so every example runs out of the box.
 */
final class Vendor implements AutoCloseable {

    final ImageGenerator generator;
    final String description;
    private final ImageApiEmulator emulator;

    private Vendor(ImageGenerator generator, String description, ImageApiEmulator emulator) {
        this.generator = generator;
        this.description = description;
        this.emulator = emulator;
        System.out.println("using " + description);
    }

    /** OpenAI with {@code OPENAI_API_KEY}, else the emulator. */
    static Vendor openAi(Map<String, String> env) {
        String key = env.get("OPENAI_API_KEY");
        if (key != null && !key.isBlank()) {
            return new Vendor(OpenAiImageGenerator.builder().apiKey(key).build(), "OpenAI", null);
        }
        ImageApiEmulator emu = ImageApiEmulator.start();
        return new Vendor(OpenAiImageGenerator.builder().apiKey("offline").baseUrl(emu.baseUrl() + "/v1").build(),
                "the in-process emulator (set OPENAI_API_KEY to use OpenAI)", emu);
    }

    /**
     * Azure OpenAI with {@code AZURE_OPENAI_ENDPOINT}, {@code AZURE_OPENAI_API_KEY} and the gpt-image-2 deployment in
     * {@code AZURE_OPENAI_DEPLOYMENT} (default {@code gpt-image-2}), else the emulator's Azure routes.
     */
    static Vendor azure(Map<String, String> env) {
        String endpoint = env.get("AZURE_OPENAI_ENDPOINT");
        String key = env.get("AZURE_OPENAI_API_KEY");
        String deployment = env.getOrDefault("AZURE_OPENAI_DEPLOYMENT", "gpt-image-2");
        if (endpoint != null && !endpoint.isBlank() && key != null && !key.isBlank()) {
            return new Vendor(AzureImageGenerator.builder().endpoint(endpoint).apiKey(key)
                    .deployment("gpt-image-2", deployment).build(), "Azure OpenAI at " + endpoint, null);
        }
        ImageApiEmulator emu = ImageApiEmulator.builder().azureDeployment("img2-prod", "gpt-image-2").start();
        return new Vendor(AzureImageGenerator.builder().endpoint(emu.baseUrl()).apiKey("offline")
                .deployment("gpt-image-2", "img2-prod").build(),
                "the emulator's Azure routes (set AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY for Azure)", emu);
    }

    /** Google Gemini with {@code GEMINI_API_KEY} (or {@code GOOGLE_API_KEY}), else the emulator's Gemini routes. */
    static Vendor gemini(Map<String, String> env) {
        String key = env.getOrDefault("GEMINI_API_KEY", env.get("GOOGLE_API_KEY"));
        if (key != null && !key.isBlank()) {
            return new Vendor(GoogleImageGenerator.builder().apiKey(key).build(), "the Gemini API", null);
        }
        ImageApiEmulator emu = ImageApiEmulator.start();
        return new Vendor(GoogleImageGenerator.builder().apiKey("offline").baseUrl(emu.baseUrl() + "/gemini").build(),
                "the emulator's Gemini routes (set GEMINI_API_KEY for Google)", emu);
    }

    @Override
    public void close() {
        try {
            generator.close();
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
    }
}
