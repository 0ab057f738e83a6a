package dev.imagegen4j.examples;

import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.OutputFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * gpt-image-2's custom sizes: both edges multiples of 16, long edge at most 3840, ratio at most 3:1,
 * 655,360 to 8,294,400 pixels. A size that breaks the rule fails locally, before anything is paid for.
 */
public final class CustomSizeExample {

    private CustomSizeExample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.getenv(), Path.of(args.length > 0 ? args[0] : "example-output"));
    }

    static Path run(Map<String, String> env, Path dir) throws Exception {
        Files.createDirectories(dir);
        try (Vendor vendor = Vendor.openAi(env)) {
            ModelCapabilities caps = vendor.generator.capabilities(ModelId.GPT_IMAGE_2);
            System.out.println("gpt-image-2 sizes: " + caps.sizeRule().describe());
            try {
                vendor.generator.generate(ImageRequest.builder().prompt("a banner").model(ModelId.GPT_IMAGE_2)
                        .size("1000x1000").build());
            } catch (InvalidRequestException e) {
                System.out.println("rejected before sending: " + e.getMessage());
            }
            ImageResult wide = vendor.generator.generate(ImageRequest.builder()
                    .prompt("a panoramic mountain ridge at sunrise, wide banner")
                    .model(ModelId.GPT_IMAGE_2)
                    .size("2560x864")                 // ~2.96:1, multiples of 16
                    .outputFormat(OutputFormat.WEBP)
                    .outputCompression(80)
                    .sink(ImageSink.toDirectory(dir, "banner"))
                    .build());
            System.out.println("saved " + wide.image().file().orElseThrow() + " (" + wide.image().width() + "x"
                    + wide.image().height() + ")");
            return wide.image().file().orElseThrow();
        }
    }
}
