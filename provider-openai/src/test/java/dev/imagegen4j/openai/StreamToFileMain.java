package dev.imagegen4j.openai;

import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.ModelId;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run in a forked JVM by {@link ForkedHeapTest}: generate one image into a file and report peak heap. */
public final class StreamToFileMain {

    private StreamToFileMain() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        Path out = Path.of(args[1]);
        try (OpenAiImageGenerator g = OpenAiImageGenerator.builder().apiKey("sk-forked").baseUrl(baseUrl).build()) {
            ImageResult r = g.generate(ImageRequest.builder().prompt("big").model(ModelId.GPT_IMAGE_2)
                    .sink(ImageSink.toFile(out)).build());
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("bytes=" + Files.size(r.image().file().orElseThrow()) + " peakHeap=" + peak);
        }
    }
}
