package dev.imagegen4j.examples;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.JobHandle;
import dev.imagegen4j.JobProgress;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.gateways.FalImageGenerator;
import dev.imagegen4j.gateways.ReplicateImageGenerator;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.routing.ImageRouter;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.FaultRule;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One model, many hosts: gpt-image-2.5-flare on OpenAI, then Replicate, then fal. With {@code OPENAI_API_KEY},
 * {@code REPLICATE_API_TOKEN} and {@code FAL_KEY} set it uses the real hosts; otherwise the in-process emulator plays
 * all three, OpenAI refusing the key and Replicate out of credit, so fal serves it. The listener prints the remote
 * job's progress (queued with its position, running, succeeded).
 */
public final class GatewaysExample {

    private GatewaysExample() {
    }

    public static void main(String[] args) throws Exception {
        run(System.getenv(), Path.of(args.length > 0 ? args[0] : "example-output"));
    }

    static ImageResult run(Map<String, String> env, Path dir) throws Exception {
        Files.createDirectories(dir);
        boolean real = env.containsKey("OPENAI_API_KEY") && env.containsKey("REPLICATE_API_TOKEN")
                && env.containsKey("FAL_KEY");
        if (real) {
            return generate(route(OpenAiImageGenerator.builder().apiKey(env.get("OPENAI_API_KEY")).build(),
                    ReplicateImageGenerator.builder().apiKey(env.get("REPLICATE_API_TOKEN")).build(),
                    FalImageGenerator.builder().apiKey(env.get("FAL_KEY")).build()), dir);
        }
        try (ImageApiEmulator emu = ImageApiEmulator.builder().jobDuration(Duration.ofMillis(600)).start()) {
            emu.addRule(FaultRule.forPath("/v1/images/generations", Fault.status(401)));
            emu.addRule(FaultRule.forPath("/replicate/v1/models/", Fault.quotaExhausted()));
            ImageResult r = generate(route(
                    OpenAiImageGenerator.builder().apiKey("offline").baseUrl(emu.baseUrl(Dialect.OPENAI)).build(),
                    ReplicateImageGenerator.builder().apiKey("offline").baseUrl(emu.baseUrl(Dialect.REPLICATE))
                            .build(),
                    FalImageGenerator.builder().apiKey("offline").queueUrl(emu.baseUrl(Dialect.FAL))
                            .pollInterval(Duration.ofMillis(100)).build()), dir);
            System.out.println("emulator jobs: " + emu.jobs());
            return r;
        }
    }

    private static ImageGenerator route(ImageGenerator openai, ImageGenerator replicate, ImageGenerator fal) {
        return ImageRouter.builder("flare").add(openai).add(replicate).add(fal)
                .defaultModel(ModelId.GPT_IMAGE_2_5_FLARE).build();
    }

    private static ImageResult generate(ImageGenerator route, Path dir) throws Exception {
        try (route) {
            ImageResult r = route.generate(ImageRequest.builder().prompt("a lighthouse at dusk").size("1536x1024")
                    .build(), new ImageListener() {
                        @Override
                        public void onJobSubmitted(JobHandle job) {
                            System.out.println("accepted: " + job);
                        }

                        @Override
                        public void onJobProgress(JobProgress p) {
                            System.out.println("  " + p.describe() + " after " + p.elapsed().toMillis() + " ms");
                        }
                    });
            Path file = dir.resolve("lighthouse-" + r.providerId() + "." + r.image().format().extension());
            Files.write(file, r.image().bytes());
            System.out.println("served by " + r.providerId() + " as " + r.wireModel() + " -> " + file);
            r.warnings().forEach(w -> System.out.println("warning: " + w));
            return r;
        }
    }
}
