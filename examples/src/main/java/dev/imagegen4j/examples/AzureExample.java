package dev.imagegen4j.examples;

import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Quality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * gpt-image-2 on an Azure OpenAI deployment at {@code quality=low}: generate, then edit the result. With
 * {@code AZURE_OPENAI_ENDPOINT}, {@code AZURE_OPENAI_API_KEY} (and {@code AZURE_OPENAI_DEPLOYMENT}) set it
 * uses Azure; otherwise the emulator's Azure routes.
 */
public final class AzureExample {

    private AzureExample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.getenv(), Path.of(args.length > 0 ? args[0] : "example-output"));
    }

    static Path run(Map<String, String> env, Path dir) throws Exception {
        Files.createDirectories(dir);
        try (Vendor vendor = Vendor.azure(env)) {
            ImageResult lighthouse = vendor.generator.generate(ImageRequest.builder()
                    .prompt("a lighthouse at dusk").model(ModelId.GPT_IMAGE_2).quality(Quality.LOW)
                    .size("1024x1024").build());
            Path first = dir.resolve("azure-lighthouse.png");
            Files.write(first, lighthouse.image().bytes());
            System.out.println("generated " + first + " on deployment " + lighthouse.wireModel() + ", request "
                    + lighthouse.requestId().orElse("-"));

            ImageResult edited = vendor.generator.generate(ImageRequest.builder()
                    .prompt("add a small sailing boat on the sea").model(ModelId.GPT_IMAGE_2).quality(Quality.LOW)
                    .image(ImageInput.of(first)).size("1024x1024").build());
            Path second = dir.resolve("azure-lighthouse-boat.png");
            Files.write(second, edited.image().bytes());
            System.out.println("edited into " + second + "; per-image Azure metadata: " + edited.image().metadata().keySet());
            return second;
        }
    }
}
