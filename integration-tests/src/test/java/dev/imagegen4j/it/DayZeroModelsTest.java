package dev.imagegen4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.Quality;
import dev.imagegen4j.aimlapi.AimlApiImageGenerator;
import dev.imagegen4j.aimlapi.OpenAiCompatibleImageGenerator;
import dev.imagegen4j.azure.AzureImageGenerator;
import dev.imagegen4j.config.ImageGenConfig;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue "Day-zero models", must show: the 2026 models and a model the catalog has never heard of, through every
 * OpenAI-protocol provider, against the emulator over HTTP; a value a known model does not take is refused before
 * anything is sent.
 */
class DayZeroModelsTest {

    private static final String KEY = "sk-day-zero-0000000000000000";
    private static final List<String> MODELS = List.of("gpt-image-2", "gpt-image-2.5-flare", "gpt-image-2.6-sunburst",
            "gpt-image-3-preview");

    private static ImageApiEmulator emu;

    @BeforeAll
    static void start() {
        // the vendor shipped gpt-image-3-preview today, with a quality "ultra"; the library's catalog has never heard of it
        ImageApiEmulator.Builder b = ImageApiEmulator.builder().shipModel("gpt-image-3-preview", "gpt-image-2.6-flare",
                "ultra");
        MODELS.forEach(m -> b.azureDeployment(deployment(m), m));
        emu = b.start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void reset() {
        emu.reset();
    }

    static Stream<Arguments> providers() {
        return Stream.of(
                Arguments.of("openai", (Supplier<ImageGenerator>) () -> OpenAiImageGenerator.builder().apiKey(KEY)
                        .baseUrl(emu.baseUrl(Dialect.OPENAI)).build()),
                Arguments.of("azure", (Supplier<ImageGenerator>) () -> {
                    AzureImageGenerator.Builder b = AzureImageGenerator.builder().endpoint(emu.baseUrl()).apiKey(KEY);
                    MODELS.forEach(m -> b.deployment(m, deployment(m)));
                    return b.build();
                }),
                Arguments.of("aimlapi", (Supplier<ImageGenerator>) () -> AimlApiImageGenerator.builder().apiKey(KEY)
                        .baseUrl(emu.baseUrl(Dialect.AIMLAPI)).build()),
                Arguments.of("openai-compatible", (Supplier<ImageGenerator>) () -> OpenAiCompatibleImageGenerator
                        .builder().apiKey(KEY).baseUrl(emu.baseUrl(Dialect.OPENAI)).build()));
    }

    private static String deployment(String model) {
        return "dep-" + model.replace('.', '-');
    }

    private static ImageRequest.Builder fox(String model) {
        return ImageRequest.builder().prompt("a fox").model(model);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void should_take_the_2026_models_and_their_new_values_through_every_provider(String provider,
            Supplier<ImageGenerator> generator) throws Exception {
        try (ImageGenerator g = generator.get()) {
            ImageResult xhigh = g.generate(fox("gpt-image-2.5-flare").quality(Quality.XHIGH).build());
            assertThat(last().param("quality")).contains("xhigh");
            assertThat(xhigh.images()).hasSize(1);
            assertThat(xhigh.warnings()).noneMatch(w -> w.contains("not in the model catalog"));

            ImageResult svg = g.generate(fox("gpt-image-2.6-sunburst").outputFormat(OutputFormat.SVG).build());
            assertThat(svg.image().format()).isEqualTo(OutputFormat.SVG);
            assertThat(svg.image().mimeType()).isEqualTo("image/svg+xml");
            assertThat(svg.image().isVector()).isTrue();
            assertThat(new String(svg.image().bytes(), StandardCharsets.UTF_8)).contains("<svg");

            ImageResult gif = g.generate(fox("gpt-image-2.6-sunburst").outputFormat(OutputFormat.GIF)
                    .param("frame_count", 4).build());
            assertThat(last().param("frame_count")).contains("4");
            assertThat(gif.image().format()).isEqualTo(OutputFormat.GIF);
            assertThat(gif.image().frameCount()).hasValue(4);

            ImageResult unknown = g.generate(fox("gpt-image-3-preview").quality(Quality.of("ultra")).build());
            assertThat(last().param("quality")).contains("ultra");
            assertThat(unknown.warnings()).anyMatch(w -> w.startsWith("gpt-image-3-preview is not in the model "
                    + "catalog; its rules are inferred from gpt-image-2.6-"))
                    .anyMatch(w -> w.contains("does not take quality 'ultra'") && w.endsWith("sent as asked)"));

            int posts = emu.journal().posts().size();
            assertThatThrownBy(() -> g.generate(fox("gpt-image-2").quality(Quality.XHIGH).build()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("gpt-image-2").hasMessageContaining("does not take quality 'xhigh'");
            assertThat(emu.journal().posts()).as("nothing is sent for a value the catalog refuses").hasSize(posts);
            assertThat(posts).isEqualTo(4);
        }
    }

    @Test
    void should_validate_a_model_added_only_in_a_config_file_by_its_own_rules(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("imagegen4j.yaml");
        Files.writeString(config, """
                generators:
                  openai:
                    provider: openai
                    api-key: %s
                    base-url: %s
                models:
                  gpt-image-3-preview:          # a full entry, not like: its own rules
                    family: gpt-image
                    operations: [generate]
                    max-n: 2
                    sizes: [1024x1024, 1536x1024]
                    options:
                      quality: [low, ultra]
                """.formatted(KEY, emu.baseUrl(Dialect.OPENAI)));
        try (ImageGenerator g = ImageGenConfig.load(config, Map.of()).openDefault()) {
            ImageResult ok = g.generate(fox("gpt-image-3-preview").quality(Quality.of("ultra")).size("1536x1024")
                    .build());
            assertThat(ok.warnings()).isEmpty();
            assertThatThrownBy(() -> g.generate(fox("gpt-image-3-preview").quality(Quality.HIGH).build()))
                    .hasMessageStartingWith("gpt-image-3-preview does not take quality 'high' (takes low, ultra)");
            assertThatThrownBy(() -> g.generate(fox("gpt-image-3-preview").size("1536x864").build()))
                    .hasMessageContaining("size 1536x864 for gpt-image-3-preview: not one of the sizes this model "
                            + "takes (1024x1024, 1536x1024)");
            assertThatThrownBy(() -> g.generate(fox("gpt-image-3-preview").n(3).build()))
                    .hasMessage("n 3: gpt-image-3-preview takes 1 to 2");
            assertThat(g.capabilities(ModelId.of("gpt-image-3-preview")).qualities()).extracting(Quality::wireValue)
                    .containsExactly("low", "ultra");
        }
        assertThat(emu.journal().posts()).hasSize(1);
    }

    @Test
    void should_route_a_model_the_catalog_does_not_know_and_refuse_what_no_member_takes() {
        try (ImageGenerator route = dev.imagegen4j.routing.ImageRouter.builder("images")
                .add("aimlapi", AimlApiImageGenerator.builder().apiKey(KEY).baseUrl(emu.baseUrl(Dialect.AIMLAPI)).build())
                .add("openai", OpenAiImageGenerator.builder().apiKey(KEY).baseUrl(emu.baseUrl(Dialect.OPENAI)).build())
                .build()) {
            // inferred rules never make a route skip its members: the first member serves it, with the warnings
            ImageResult unknown = route.generate(fox("gpt-image-3-preview").quality(Quality.of("ultra")).build());
            assertThat(unknown.providerMetadata().get("route-member")).isEqualTo("aimlapi");
            assertThat(unknown.warnings()).anyMatch(w -> w.contains("is not in the model catalog"));

            // a custom size AI/ML API does not take: skipped (nothing sent there), served by openai
            ImageResult custom = route.generate(fox("gpt-image-2").size("1536x864").build());
            assertThat(custom.providerMetadata().get("route-member")).isEqualTo("openai");
            assertThat(custom.warnings()).anyMatch(w -> w.startsWith("aimlapi skipped (size 1536x864 for gpt-image-2 "
                    + "on AI/ML API"));

            // a value no member takes is the caller's to fix: the rule, not "all providers failed"
            int posts = emu.journal().posts().size();
            assertThatThrownBy(() -> route.generate(fox("gpt-image-2").quality(Quality.XHIGH).build()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("does not take quality 'xhigh'");
            assertThat(emu.journal().posts()).hasSize(posts);
        }
    }

    @Test
    void should_send_a_model_the_catalog_does_not_know_through_the_gateways_or_say_what_a_host_needs() {
        try (ImageGenerator replicate = dev.imagegen4j.gateways.ReplicateImageGenerator.builder().apiKey(KEY)
                .baseUrl(emu.baseUrl(Dialect.REPLICATE)).syncWait(java.time.Duration.ZERO)
                .pollInterval(java.time.Duration.ofMillis(20)).build();
                ImageGenerator openrouter = dev.imagegen4j.gateways.OpenRouterImageGenerator.builder().apiKey(KEY)
                        .baseUrl(emu.baseUrl(Dialect.OPENROUTER)).build();
                ImageGenerator fal = dev.imagegen4j.gateways.FalImageGenerator.builder().apiKey(KEY)
                        .queueUrl(emu.baseUrl(Dialect.FAL)).build()) {
            // Replicate hosts OpenAI's models as openai/<id>: the new id and its new quality are sent as asked
            ImageResult r = replicate.generate(fox("gpt-image-3-preview").quality(Quality.of("ultra")).build());
            assertThat(r.images()).hasSize(1);
            assertThat(r.wireModel()).isEqualTo("openai/gpt-image-3-preview");
            assertThat(emu.journal().posts().get(0).bodyText()).contains("\"quality\":\"ultra\"");
            assertThat(r.warnings()).anyMatch(w -> w.contains("is not in the model catalog"));

            // OpenRouter: the same id, no quality input there (ignored, said so)
            ImageResult o = openrouter.generate(fox("gpt-image-3-preview").quality(Quality.of("ultra")).build());
            assertThat(o.images()).hasSize(1);
            assertThat(o.wireModel()).isEqualTo("openai/gpt-image-3-preview");

            // fal's app paths cannot be derived from an id: nothing is sent, and the error says what to add
            int posts = emu.journal().posts().size();
            assertThatThrownBy(() -> fal.generate(fox("gpt-image-3-preview").build()))
                    .isInstanceOf(dev.imagegen4j.ModelNotFoundException.class)
                    .hasMessageContaining("fal has no id for model gpt-image-3-preview")
                    .hasMessageContaining("models: { gpt-image-3-preview: ");
            assertThat(emu.journal().posts()).hasSize(posts);
        }
    }

    private static RecordedRequest last() {
        return emu.journal().last();
    }
}
