package dev.imagegen4j.examples;

import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.ResolutionTier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Google Gemini ("Nano Banana"): a 16:9 image at 2K, then an edit with it as the reference image and a second
 * picture, both inline, and n=2 as two parallel calls. With {@code GEMINI_API_KEY} (or {@code GOOGLE_API_KEY}) set it
 * uses the Gemini API; otherwise the emulator's Gemini routes.
 */
public final class GeminiExample {

    private static final ModelId MODEL = ModelId.of("gemini-3.1-flash-image");

    private GeminiExample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.getenv(), Path.of(args.length > 0 ? args[0] : "example-output"));
    }

    static Path run(Map<String, String> env, Path dir) throws Exception {
        Files.createDirectories(dir);
        try (Vendor vendor = Vendor.gemini(env)) {
            ImageResult wide = vendor.generator.generate(ImageRequest.builder()
                    .prompt("a lighthouse at dusk, watercolour").model(MODEL)
                    .aspectRatio("16:9").resolution(ResolutionTier.TWO_K).seed(7L).build());
            Path first = dir.resolve("gemini-lighthouse.png");
            Files.write(first, wide.image().bytes());
            System.out.println("generated " + first + " (" + wide.image().width() + "x"
                    + wide.image().height() + "), " + wide.usage().orElseThrow() + ", about "
                    + wide.cost().map(Object::toString).orElse("?"));

            ImageResult edited = vendor.generator.generate(ImageRequest.builder()
                    .prompt("add the boat from the second picture to the sea").model(MODEL)
                    .image(ImageInput.of(first)).image(ImageInput.of(first)).size("1536x1024").n(2).build());
            Path second = dir.resolve("gemini-lighthouse-boat.png");
            Files.write(second, edited.images().get(1).bytes());
            System.out.println("edited into " + edited.images().size() + " images; warnings: " + edited.warnings());
            return second;
        }
    }
}
