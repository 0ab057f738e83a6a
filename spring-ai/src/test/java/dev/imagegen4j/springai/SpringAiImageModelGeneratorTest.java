package dev.imagegen4j.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.imagegen4j.AllProvidersFailedException;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.routing.ImageRouter;
import dev.imagegen4j.routing.RetryOptions;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.FaultRule;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.ai.image.ImageModel;
import org.springframework.ai.openai.OpenAiImageModel;
import org.springframework.ai.openai.OpenAiImageOptions;

/**
 * A real Spring AI ImageModel (spring-ai-openai's OpenAiImageModel, retries off) pointed at the emulator, as the
 * first member of an imagegen4j route: what each fault does, counted in POSTs.
 */
class SpringAiImageModelGeneratorTest {

    private static final RetryOptions ONE_RETRY = RetryOptions.DEFAULT.withMaxRetries(1)
            .withBackoff(Duration.ofMillis(5), Duration.ofMillis(10));

    private static ImageApiEmulator springAi;
    private static ImageApiEmulator backup;

    @BeforeAll
    static void start() {
        springAi = ImageApiEmulator.start();
        backup = ImageApiEmulator.start();
    }

    @AfterAll
    static void stop() {
        springAi.close();
        backup.close();
    }

    @BeforeEach
    void reset() {
        springAi.reset();
        backup.reset();
    }

    private static ImageModel openAiImageModel(String baseUrl) {
        return OpenAiImageModel.builder().options(OpenAiImageOptions.builder().baseUrl(baseUrl).apiKey("sk-spring-ai")
                .model("gpt-image-2").maxRetries(0).timeout(Duration.ofSeconds(20)).build()).build();
    }

    private static ImageGenerator bridge(String baseUrl) {
        return SpringAiImageModelGenerator.builder(openAiImageModel(baseUrl)).modelName("gpt-image-2").build();
    }

    private static ImageGenerator route(ImageGenerator first) {
        return ImageRouter.builder("images").add("spring-ai", first)
                .add("backup", OpenAiImageGenerator.builder().apiKey("sk-backup").baseUrl(backup.baseUrl() + "/v1").build())
                .retry(ONE_RETRY).circuitBreaker(null).build();
    }

    private static ImageRequest request() {
        return ImageRequest.builder().prompt("a lighthouse at dusk").model(ModelId.GPT_IMAGE_2).size("1024x1024").build();
    }

    @Test
    void should_serve_through_the_spring_ai_model_with_its_usage_when_nothing_fails() {
        ImageResult r = bridge(springAi.baseUrl() + "/v1").generate(request());

        assertThat(springAi.journal().posts()).hasSize(1);
        var sent = springAi.journal().last();
        assertThat(sent.path()).endsWith("/images/generations");
        assertThat(sent.param("model")).contains("gpt-image-2");
        assertThat(sent.param("size")).contains("1024x1024");
        assertThat(r.providerId()).isEqualTo("spring-ai");
        assertThat(r.wireModel()).isEqualTo("gpt-image-2");
        assertThat(r.image().bytes()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(r.usage()).as("Spring AI's OpenAI image model reports no usage: unknown, not zero").isEmpty();
    }

    @Test
    void should_list_options_it_cannot_apply_and_refuse_them_in_strict_mode() {
        ImageGenerator g = bridge(springAi.baseUrl() + "/v1");
        ImageResult r = g.generate(request().toBuilder().quality(dev.imagegen4j.Quality.HIGH).build());

        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).startsWith("quality high ignored"));
        Throwable strict = catchThrowable(() -> g.generate(request().toBuilder().quality(dev.imagegen4j.Quality.HIGH)
                .strict(true).build()));
        assertThat(strict).isInstanceOf(InvalidRequestException.class).hasMessageContaining("strict mode");
        assertThat(springAi.journal().posts()).as("strict refused before sending").hasSize(1);
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                // fault, exception the route ends with (null: served by the backup), POSTs to the Spring AI member, to the backup
                Arguments.of("503 (retried, then failed over)", Fault.status(503), null, 2, 1),
                Arguments.of("429 (retried, then failed over)", Fault.status(429), null, 2, 1),
                Arguments.of("401 (failed over at once)", Fault.status(401), null, 1, 1),
                Arguments.of("502 (a gateway may have forwarded it)", Fault.status(502), ResultUnknownException.class, 1, 0),
                Arguments.of("504 (a gateway may have forwarded it)", Fault.status(504), ResultUnknownException.class, 1, 0),
                Arguments.of("reset after the body", Fault.resetAfterBody(), ResultUnknownException.class, 1, 0),
                Arguments.of("truncated body", Fault.truncateBody(), ResultUnknownException.class, 1, 0),
                Arguments.of("malformed JSON", Fault.malformedJson(), ResultUnknownException.class, 1, 0),
                Arguments.of("content policy", Fault.contentPolicy(), ContentPolicyException.class, 1, 0),
                Arguments.of("400", Fault.status(400), InvalidRequestException.class, 1, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void should_retry_fail_over_or_stop_by_whether_the_image_may_be_paid_for(String name, Fault fault,
            Class<? extends Throwable> ends, int springAiPosts, int backupPosts) {
        springAi.addRule(FaultRule.always(fault));
        Throwable thrown;
        try (ImageGenerator route = route(bridge(springAi.baseUrl() + "/v1"))) {
            thrown = catchThrowable(() -> route.generate(request()));
        }

        if (ends == null) {
            assertThat(thrown).isNull();
        } else {
            assertThat(thrown).isInstanceOf(ends);
        }
        assertThat(springAi.journal().posts()).as("POSTs to the Spring AI model").hasSize(springAiPosts);
        assertThat(backup.journal().posts()).as("POSTs to the backup").hasSize(backupPosts);
    }

    @Test
    void should_fail_over_without_sending_when_nothing_listens() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (ImageGenerator route = route(bridge("http://127.0.0.1:" + closedPort + "/v1"))) {
            ImageResult r = route.generate(request());
            assertThat(r.providerMetadata()).containsEntry("route-member", "backup");
            assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("no connection was made"));
        }
        assertThat(backup.journal().posts()).hasSize(1);
    }

    @Test
    void should_report_every_member_when_all_fail() {
        springAi.addRule(FaultRule.always(Fault.status(503)));
        backup.addRule(FaultRule.always(Fault.status(503)));
        try (ImageGenerator route = route(bridge(springAi.baseUrl() + "/v1"))) {
            Throwable t = catchThrowable(() -> route.generate(request()));
            assertThat(t).isInstanceOf(AllProvidersFailedException.class)
                    .hasMessageContaining("spring-ai (RetryableException x2").hasMessageContaining("backup (");
        }
    }
}
