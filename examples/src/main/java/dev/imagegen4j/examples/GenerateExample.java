package dev.imagegen4j.examples;

import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Quality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Text to image: one request, one PNG on disk, usage and cost printed. */
public final class GenerateExample {

    private GenerateExample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.getenv(), Path.of(args.length > 0 ? args[0] : "example-output"));
    }

    static Path run(Map<String, String> env, Path dir) throws Exception {
        Files.createDirectories(dir);
        try (Vendor vendor = Vendor.openAi(env)) {
            ImageResult result = vendor.generator.generate(ImageRequest.builder()
                    .prompt("a corgi on grass, sunny afternoon")
                    .model(ModelId.GPT_IMAGE_2)
                    .size("1024x1024")
                    .quality(Quality.LOW)
                    .build());
            Path file = dir.resolve("corgi.png");
            Files.write(file, result.image().bytes());
            System.out.println("saved " + file + " (" + result.image().width() + "x" + result.image().height() + ")");
            System.out.println("usage " + result.usage().orElse(null) + ", cost " + result.cost().orElse(null));
            return file;
        }
    }
}
