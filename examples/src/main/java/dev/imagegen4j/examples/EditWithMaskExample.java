package dev.imagegen4j.examples;

import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.ModelId;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * An edit with two reference images and a mask: the mask (same size as the first image) is transparent where
 * the model may paint. The reference images are streamed from disk; the result streams to a file.
 */
public final class EditWithMaskExample {

    private EditWithMaskExample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.getenv(), Path.of(args.length > 0 ? args[0] : "example-output"));
    }

    static Path run(Map<String, String> env, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path room = picture(dir.resolve("room.png"), 1024, 1024, new Color(0xd8c3a5));
        Path lamp = picture(dir.resolve("lamp.png"), 512, 512, new Color(0xe98074));
        Path mask = mask(dir.resolve("mask.png"), 1024, 1024);
        try (Vendor vendor = Vendor.openAi(env)) {
            ImageResult result = vendor.generator.generate(ImageRequest.builder()
                    .prompt("put the lamp from the second image on the table in the first image")
                    .model(ModelId.GPT_IMAGE_2)
                    .image(room)
                    .image(ImageInput.of(lamp))
                    .mask(mask)
                    .size("1024x1024")
                    .sink(ImageSink.toFile(dir.resolve("room-with-lamp.png")))
                    .build());
            Path file = result.image().file().orElseThrow();
            System.out.println("saved " + file + " via " + result.providerId() + ", request " + result.requestId().orElse("-"));
            return file;
        }
    }

    private static Path picture(Path file, int w, int h, Color color) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /** Opaque everywhere except a transparent rectangle where the lamp may go. */
    private static Path mask(Path file, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean editable = x > w / 3 && x < 2 * w / 3 && y > h / 3 && y < 2 * h / 3;
                img.setRGB(x, y, editable ? 0x00000000 : 0xff000000);
            }
        }
        ImageIO.write(img, "png", file.toFile());
        return file;
    }
}
