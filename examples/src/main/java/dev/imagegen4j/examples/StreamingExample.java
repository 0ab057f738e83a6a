package dev.imagegen4j.examples;

import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.PartialImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Streaming: three partial previews arrive before the final image; each preview is saved as it comes. */
public final class StreamingExample {

    private StreamingExample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.getenv(), Path.of(args.length > 0 ? args[0] : "example-output"));
    }

    static Path run(Map<String, String> env, Path dir) throws Exception {
        Files.createDirectories(dir);
        try (Vendor vendor = Vendor.openAi(env)) {
            ImageListener listener = new ImageListener() {
                @Override
                public void onPhase(Phase phase) {
                    System.out.println("phase: " + phase);
                }

                @Override
                public void onPartialImage(PartialImage partial) {
                    Path preview = dir.resolve("fox.partial-" + partial.partialIndex() + "." + partial.format().extension());
                    try {
                        Files.write(preview, partial.bytes());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    System.out.println("partial image " + (partial.partialIndex() + 1) + " saved to " + preview);
                }
            };
            ImageResult result = vendor.generator.generate(ImageRequest.builder()
                    .prompt("a red fox in fresh snow")
                    .model(ModelId.GPT_IMAGE_2)
                    .partialImages(3)
                    .sink(ImageSink.toFile(dir.resolve("fox.png")))
                    .build(), listener);
            System.out.println("final image " + result.image().file().orElseThrow());
            return result.image().file().orElseThrow();
        }
    }
}
