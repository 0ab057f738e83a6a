package dev.imagegen4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A result streamed to a file is complete or absent, never torn, whatever happens to the body. */
class TornFileTest {

    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.create();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"truncated", "stalled", "malformed", "stream-error"})
    void should_leave_no_file_when_the_body_breaks(String fault) throws Exception {
        long size = 8L << 20;
        EMULATOR.emulator().synthetic(size);
        switch (fault) {
            case "truncated":
                EMULATOR.emulator().enqueue(Fault.truncateBody());
                break;
            case "stalled":
                EMULATOR.emulator().enqueue(Fault.stallMidBody(Duration.ofSeconds(10)));
                break;
            case "malformed":
                EMULATOR.emulator().enqueue(Fault.malformedJson());
                break;
            default:
                EMULATOR.emulator().synthetic(-1);
                EMULATOR.emulator().enqueue(Fault.streamError());
        }
        Path target = dir.resolve("image.png");
        try (OpenAiImageGenerator g = OpenAiImageGenerator.builder().apiKey("k")
                .baseUrl(EMULATOR.emulator().baseUrl() + "/v1").idleTimeout(Duration.ofSeconds(1)).build()) {
            ImageRequest.Builder b = ImageRequest.builder().prompt("x").sink(ImageSink.toFile(target));
            if (fault.equals("stream-error")) {
                b.partialImages(1);
            }
            assertThatThrownBy(() -> g.generate(b.build())).isInstanceOf(dev.imagegen4j.ImageGenerationException.class)
                    .satisfies(e -> {
                        if (!fault.equals("stream-error")) {
                            assertThat(e).isInstanceOf(ResultUnknownException.class);
                        }
                    });
        }

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no target and no temporary file").isEmpty();
        }
    }
}
