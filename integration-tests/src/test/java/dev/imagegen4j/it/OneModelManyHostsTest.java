package dev.imagegen4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.gateways.FalImageGenerator;
import dev.imagegen4j.gateways.OpenRouterImageGenerator;
import dev.imagegen4j.gateways.ReplicateImageGenerator;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.routing.ImageRouter;
import dev.imagegen4j.routing.RetryOptions;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.FaultRule;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One logical model, gpt-image-2.5-flare, on several hosts of one emulator: a route fails over only on errors that
 * prove nothing was generated, the result says which host served it, and the journal shows one paid job.
 */
class OneModelManyHostsTest {

    private static final String KEY = "host-key-0123456789abcdefghij";
    private static final RetryOptions FAST = RetryOptions.DEFAULT.withBackoff(Duration.ofMillis(5),
            Duration.ofMillis(20));
    private static ImageApiEmulator emu;

    @BeforeAll
    static void start() {
        emu = ImageApiEmulator.builder().apiKey(KEY).start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void reset() {
        emu.reset();
    }

    private static ImageGenerator route() {
        return ImageRouter.builder("flare").retry(FAST)
                .add(OpenAiImageGenerator.builder().apiKey(KEY).baseUrl(emu.baseUrl(Dialect.OPENAI)).build())
                .add(ReplicateImageGenerator.builder().apiKey(KEY).baseUrl(emu.baseUrl(Dialect.REPLICATE))
                        .syncWait(Duration.ZERO).pollInterval(Duration.ofMillis(20)).build())
                .add(FalImageGenerator.builder().apiKey(KEY).queueUrl(emu.baseUrl(Dialect.FAL))
                        .pollInterval(Duration.ofMillis(20)).build())
                .defaultModel(ModelId.GPT_IMAGE_2_5_FLARE)
                .build();
    }

    private static ImageRequest request() {
        return ImageRequest.builder().prompt("a lighthouse at dusk").model(ModelId.GPT_IMAGE_2_5_FLARE)
                .size("1536x1024").build();
    }

    private static List<String> posts() {
        return emu.journal().posts().stream().map(r -> r.dialect().orElseThrow() + " " + r.status())
                .collect(Collectors.toList());
    }

    @Test
    void should_be_served_by_fal_with_one_paid_job_when_openai_and_replicate_fail_before_generating() {
        emu.addRule(FaultRule.forPath("/v1/images/generations", Fault.status(401)));
        emu.addRule(FaultRule.forPath("/replicate/v1/models/", Fault.quotaExhausted()));

        try (ImageGenerator route = route()) {
            ImageResult result = route.generate(request());

            assertThat(result.providerId()).isEqualTo("fal");
            assertThat(result.wireModel()).isEqualTo("openai/gpt-image-2.5/flare/text-to-image");
            assertThat(result.image().width()).isEqualTo(1536);
            assertThat(result.warnings()).anySatisfy(w -> assertThat(w).startsWith("openai failed (Authentication")
                    .contains("replicate failed (QuotaExceededException").endsWith("served by fal"));
        }
        assertThat(posts()).containsExactly("OPENAI 401", "REPLICATE 402", "FAL 200");
        assertThat(emu.jobs()).hasSize(1).allSatisfy(j -> assertThat(j).startsWith("fal ").endsWith("succeeded"));
    }

    @Test
    void should_fail_over_when_a_job_failed_without_an_image_and_say_so() {
        emu.addRule(FaultRule.forPath("/v1/images/generations", Fault.status(401)));
        emu.addRule(FaultRule.forPath("/replicate/v1/models/", Fault.jobFails()));

        try (ImageGenerator route = route()) {
            ImageResult result = route.generate(request());

            assertThat(result.providerId()).isEqualTo("fal");
            assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("replicate failed (ProviderException: "
                    + "job ").contains("failed without an image"));
        }
        assertThat(posts()).containsExactly("OPENAI 401", "REPLICATE 201", "FAL 200");
        assertThat(emu.jobs()).extracting(j -> j.split(" ")[0] + " " + j.split(" ")[3])
                .containsExactly("replicate failed", "fal succeeded");
    }

    @Test
    void should_not_fail_over_when_a_submit_answer_was_lost() {
        emu.enqueue(Fault.status(401), Fault.dropAnswer()); // OpenAI refuses; Replicate's accepted submit is lost

        try (ImageGenerator route = route()) {
            assertThatThrownBy(() -> route.generate(request())).isInstanceOf(ResultUnknownException.class)
                    .hasMessageContaining("replicate");
        }
        assertThat(emu.journal().posts()).extracting(r -> r.dialect().orElseThrow())
                .containsExactly(Dialect.OPENAI, Dialect.REPLICATE);
        assertThat(emu.jobs()).hasSize(1); // the lost answer's job exists: fal is never asked to pay again
    }

    @Test
    void should_serve_the_same_model_on_openrouter_and_say_which_host_did() {
        try (ImageGenerator openrouter = OpenRouterImageGenerator.builder().apiKey(KEY)
                .baseUrl(emu.baseUrl(Dialect.OPENROUTER)).build()) {
            ImageResult r = openrouter.generate(request());

            assertThat(r.providerId()).isEqualTo("openrouter");
            assertThat(r.wireModel()).isEqualTo("openai/gpt-image-2.5-flare");
            assertThat(r.image().width()).isEqualTo(1536);
            RecordedRequest wire = emu.journal().posts().get(0);
            assertThat(wire.json().orElseThrow().path("image_config").path("aspect_ratio").asText()).isEqualTo("3:2");
        }
    }
}
