package dev.imagegen4j.aimlapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Quality;
import dev.imagegen4j.QuotaExceededException;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.ResponseFormat;
import dev.imagegen4j.spi.ProviderSettings;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AimlApiGeneratorTest {

    private static final String KEY = "aiml-key-0123456789abcdef";

    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.create(b -> b.apiKey(KEY).aimlapiSuccessStatus(201));

    private ImageApiEmulator emu;

    @BeforeEach
    void setUp() {
        emu = EMULATOR.emulator();
    }

    private AimlApiImageGenerator.Builder aiml() {
        return AimlApiImageGenerator.builder().apiKey(KEY).baseUrl(emu.baseUrl(Dialect.AIMLAPI));
    }

    @Test
    void should_send_the_aimlapi_model_id_and_ask_for_base64() {
        try (ImageGenerator aiml = aiml().build()) {
            ImageResult r = aiml.generate(ImageRequest.builder().prompt("a fox").model(ModelId.GPT_IMAGE_1_5)
                    .quality(Quality.LOW).build());

            assertThat(r.wireModel()).isEqualTo("openai/gpt-image-1-5");
            assertThat(r.created()).isEmpty(); // created: null
            assertThat(r.usage()).isEmpty();
            assertThat(r.cost()).hasValueSatisfying(c -> assertThat(c.amount()).isPositive());
            assertThat(r.providerMetadata().get(AimlApiDialect.CREDITS)).isInstanceOf(Long.class);
        }
        RecordedRequest wire = emu.journal().last();
        assertThat(wire.status()).isEqualTo(201);
        assertThat(wire.json().orElseThrow().toString()).isEqualTo("{\"model\":\"openai/gpt-image-1-5\","
                + "\"prompt\":\"a fox\",\"quality\":\"low\",\"response_format\":\"b64_json\"}");
    }

    @Test
    void should_download_url_results_without_the_key() {
        try (ImageGenerator aiml = aiml().build()) {
            ImageResult r = aiml.generate(ImageRequest.builder().prompt("a fox").quality(Quality.LOW)
                    .responseFormat(ResponseFormat.URL).build());

            assertThat(r.image().url()).isPresent();
            assertThat(r.image().width()).isEqualTo(1024);
            assertThat(r.warnings()).isEmpty();
        }
        assertThat(emu.journal().last().param("response_format")).isEmpty(); // journal().last() is the download
        RecordedRequest download = emu.journal().all().stream().filter(q -> q.method().equals("GET")).findFirst()
                .orElseThrow();
        assertThat(download.headers()).doesNotContainKey("authorization");
        assertThat(emu.journal().posts().get(0).param("response_format")).contains("url");
    }

    @Test
    void should_split_n_into_parallel_calls_and_merge_images_cost_and_credits() {
        ImageResult single;
        try (ImageGenerator aiml = aiml().build()) {
            single = aiml.generate(ImageRequest.builder().prompt("a fox").quality(Quality.LOW).build());
            emu.journal().clear();
            ImageResult r = aiml.generate(ImageRequest.builder().prompt("a fox").quality(Quality.LOW).n(3).build());

            assertThat(r.images()).hasSize(3).extracting(i -> i.index()).containsExactly(0, 1, 2);
            assertThat(r.cost().orElseThrow().amount())
                    .isEqualByComparingTo(single.cost().orElseThrow().amount().multiply(BigDecimal.valueOf(3)));
            assertThat(r.providerMetadata().get(AimlApiDialect.CREDITS))
                    .isEqualTo(3 * (Long) single.providerMetadata().get(AimlApiDialect.CREDITS));
            assertThat(r.warnings()).anyMatch(w -> w.contains("n=3") && w.contains("3 calls were made in parallel"));
        }
        List<RecordedRequest> posts = emu.journal().posts();
        assertThat(posts).hasSize(3).allSatisfy(p -> assertThat(p.param("n")).contains("1"));
    }

    @Test
    void should_reject_sizes_and_qualities_aimlapi_does_not_offer_before_sending() {
        try (ImageGenerator aiml = aiml().build()) {
            assertThatThrownBy(() -> aiml.generate(ImageRequest.builder().prompt("x").size("1536x864").build()))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("1536x864");
            assertThatThrownBy(() -> aiml.generate(ImageRequest.builder().prompt("x").quality(Quality.AUTO).build()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("on AI/ML API does not take quality 'auto'");
            assertThat(aiml.capabilities(ModelId.GPT_IMAGE_2).supportsStreaming()).isFalse();
        }
        assertThat(emu.journal().posts()).isEmpty();
    }

    @Test
    void should_map_out_of_credits_and_the_flat_error_shape() {
        try (ImageGenerator aiml = aiml().build()) {
            emu.enqueue(Fault.quotaExhausted());
            assertThatThrownBy(() -> aiml.generate(ImageRequest.builder().prompt("x").build()))
                    .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                        assertThat(e.httpStatus()).hasValue(403);
                        assertThat(e.getMessage()).contains("run out of credits");
                    });
            emu.enqueue(Fault.rateLimited(Duration.ofSeconds(3)));
            assertThatThrownBy(() -> aiml.generate(ImageRequest.builder().prompt("x").build()))
                    .isInstanceOfSatisfying(RateLimitException.class,
                            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));
        }
    }

    @Test
    void should_override_model_mappings_and_be_created_from_settings() {
        try (ImageGenerator aiml = ImageGenerators.create("aimlapi", ProviderSettings.of(Map.of("api-key", KEY,
                "base-url", emu.baseUrl(Dialect.AIMLAPI), "models", Map.of("gpt-image-2", "openai/gpt-image-1-mini"),
                "quality", "low")))) {
            assertThat(aiml.generate(ImageRequest.builder().prompt("x").model(ModelId.GPT_IMAGE_2).build()).wireModel())
                    .isEqualTo("openai/gpt-image-1-mini");
        }
        assertThat(emu.journal().last().param("quality")).contains("low");
        assertThatThrownBy(() -> new AimlApiProvider().create(ProviderSettings.of(Map.of("base-url",
                emu.baseUrl(Dialect.AIMLAPI)))))
                .hasMessageContaining("setting 'api-key' is required for provider aimlapi");
    }

    @Test
    void should_create_an_openai_compatible_generator_from_settings() {
        try (ImageGenerator relay = ImageGenerators.create("openai-compatible", ProviderSettings.of(Map.of(
                "base-url", emu.baseUrl(Dialect.OPENAI), "api-key", KEY, "models", Map.of("gpt-image-2", "gpt-image-1"),
                "max-images-per-call", 1, "streaming", false)))) {
            ImageResult r = relay.generate(ImageRequest.builder().prompt("x").model(ModelId.GPT_IMAGE_2)
                    .quality(Quality.LOW).n(2).build());
            assertThat(r.images()).hasSize(2);
            assertThat(r.wireModel()).isEqualTo("gpt-image-1");
            assertThat(relay.capabilities(ModelId.GPT_IMAGE_2).supportsStreaming()).isFalse();
        }
        assertThat(emu.journal().posts()).hasSize(2)
                .allSatisfy(p -> assertThat(p.header("authorization")).contains("Bearer " + KEY));
        assertThatThrownBy(() -> new OpenAiCompatibleProvider().create(ProviderSettings.of(Map.of("api-key", KEY))))
                .hasMessageContaining("setting 'base-url' is required");
        assertThatThrownBy(() -> OpenAiCompatibleImageGenerator.builder().baseUrl(emu.baseUrl(Dialect.OPENAI))
                .authHeader("bad header").build())
                .hasMessageContaining("auth-header 'bad header'");
    }

    @Test
    void should_send_no_auth_header_when_a_relay_needs_no_key() {
        ImageApiEmulator open = ImageApiEmulator.builder().port(0).build();
        try (open; ImageGenerator relay = OpenAiCompatibleImageGenerator.builder()
                .baseUrl(open.baseUrl(Dialect.OPENAI)).build()) {
            assertThatThrownBy(() -> relay.generate(ImageRequest.builder().prompt("x").build()))
                    .isInstanceOf(dev.imagegen4j.AuthenticationException.class); // the emulator wants some key
            assertThat(open.journal().last().headers()).doesNotContainKeys("authorization", "api-key");
        }
    }

    @Test
    void should_blame_ai_ml_api_not_the_model_for_what_it_does_not_offer() {
        try (ImageGenerator aiml = aiml().build()) {
            ImageResult r = aiml.generate(ImageRequest.builder().prompt("a fox").model(ModelId.GPT_IMAGE_2)
                    .size("1024x1024").quality(Quality.LOW).partialImages(2).build());
            assertThat(r.warnings()).contains("partial images 2 ignored: gpt-image-2 on AI/ML API does not stream")
                    .noneMatch(w -> w.contains("gpt-image-2 does not stream"));
            assertThatThrownBy(() -> aiml.generate(ImageRequest.builder().prompt("x").model(ModelId.GPT_IMAGE_2)
                    .size("1536x864").build()))
                    .hasMessageContaining("size 1536x864 for gpt-image-2 on AI/ML API");
        }
        assertThat(emu.journal().posts()).hasSize(1);
    }

    @Test
    void should_send_gpt_image_2_5_and_a_new_gpt_image_id_with_the_openai_prefix() {
        try (ImageGenerator aiml = aiml().build()) {
            ImageResult r = aiml.generate(ImageRequest.builder().prompt("a fox").model(ModelId.GPT_IMAGE_2_5_FLARE)
                    .quality(Quality.XHIGH).build());
            assertThat(r.wireModel()).isEqualTo("openai/gpt-image-2.5-flare");
        }
        assertThat(emu.journal().last().param("quality")).contains("xhigh");
        try (ImageGenerator aiml = aiml().build()) {
            // the emulator has not heard of 2.7 (a 400), but it was asked for it by AI/ML API's name
            org.assertj.core.api.Assertions.catchThrowable(() -> aiml.generate(ImageRequest.builder().prompt("a fox")
                    .model("gpt-image-2.7-flare").build()));
        }
        assertThat(emu.journal().last().param("model")).contains("openai/gpt-image-2.7-flare");
        assertThat(AimlApiImageGenerator.DEFAULT_MODELS).containsEntry(ModelId.GPT_IMAGE_1_5, "openai/gpt-image-1-5");
    }
}
