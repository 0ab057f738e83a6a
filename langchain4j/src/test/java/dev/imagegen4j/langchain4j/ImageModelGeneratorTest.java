package dev.imagegen4j.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.imagegen4j.AllProvidersFailedException;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.ProviderException;
import dev.imagegen4j.Quality;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.Usage;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.routing.ImageRouter;
import dev.imagegen4j.routing.RetryOptions;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.Fault;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.model.image.ImageModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import com.sun.net.httpserver.HttpServer;
import dev.imagegen4j.ResultUnknownException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ImageModelGeneratorTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create();

    /** A LangChain4j ImageModel stand-in (like a Vertex AI Imagen model) that records what it is asked. */
    static final class StandInModel implements ImageModel {
        final List<String> prompts = new ArrayList<>();
        final List<Image> edited = new ArrayList<>();
        final List<Image> masks = new ArrayList<>();
        final byte[] png = TestImages.png(64, 48);
        RuntimeException failure;
        FinishReason finishReason = FinishReason.STOP;

        private Image image() {
            return Image.builder().base64Data(Base64.getEncoder().encodeToString(png)).mimeType("image/png")
                    .revisedPrompt("a revised prompt").build();
        }

        @Override
        public Response<Image> generate(String prompt) {
            prompts.add(prompt);
            if (failure != null) {
                throw failure;
            }
            return Response.from(image(), new TokenUsage(10, 20, 30), finishReason, Map.of("seed", 42));
        }

        @Override
        public Response<List<Image>> generate(String prompt, int n) {
            prompts.add(prompt);
            List<Image> images = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                images.add(image());
            }
            return Response.from(images, new TokenUsage(10, 20 * n));
        }

        @Override
        public Response<Image> edit(Image image, String prompt) {
            prompts.add(prompt);
            edited.add(image);
            return Response.from(image());
        }

        @Override
        public Response<Image> edit(Image image, Image mask, String prompt) {
            masks.add(mask);
            return edit(image, prompt);
        }
    }

    private final StandInModel model = new StandInModel();

    private ImageModelGenerator bridge() {
        return ImageModelGenerator.builder(model).modelName("imagen-4").edits(true).masks(true).maxImages(4).build();
    }

    @Test
    void should_fail_over_to_the_langchain4j_model_when_the_imagegen4j_provider_fails() {
        // given
        emu.emulator().enqueue(Fault.status(401));
        ImageGenerator openai = OpenAiImageGenerator.builder().apiKey("sk-wrong")
                .baseUrl(emu.emulator().baseUrl() + "/v1").build();
        try (ImageGenerator route = ImageRouter.builder("images").add(openai).add(bridge())
                .retry(RetryOptions.NONE).build()) {

            // when
            ImageResult result = route.generate(ImageRequest.builder().prompt("a lighthouse").build());

            // then
            assertThat(emu.emulator().journal().posts()).hasSize(1);
            assertThat(emu.emulator().journal().last().status()).isEqualTo(401);
            assertThat(model.prompts).containsExactly("a lighthouse");
            assertThat(result.providerId()).isEqualTo("langchain4j");
            assertThat(result.providerMetadata()).containsEntry("route-member", "langchain4j");
            // the route sends its default model (the catalog's) to every member; the bridge serves it with its own
            assertThat(result.model()).isEqualTo(ModelId.GPT_IMAGE_2_5_FLARE);
            assertThat(result.wireModel()).isEqualTo("imagen-4");
            assertThat(result.warnings()).anySatisfy(w -> assertThat(w)
                    .contains("model gpt-image-2.5-flare is not selectable").contains("imagen-4 served the request"));
            assertThat(result.image().bytes()).isEqualTo(model.png);
        }
    }

    @Test
    void should_report_the_route_attempts_when_the_langchain4j_model_also_fails() {
        emu.emulator().enqueue(Fault.status(401));
        model.failure = new dev.langchain4j.exception.AuthenticationException("bad credentials");
        ImageGenerator openai = OpenAiImageGenerator.builder().apiKey("sk-wrong")
                .baseUrl(emu.emulator().baseUrl() + "/v1").build();
        try (ImageGenerator route = ImageRouter.builder("images").add(openai).add(bridge())
                .retry(RetryOptions.NONE).build()) {

            assertThatThrownBy(() -> route.generate(ImageRequest.builder().prompt("a lighthouse").build()))
                    .isInstanceOf(AllProvidersFailedException.class)
                    .hasMessageContaining("langchain4j (AuthenticationException: AuthenticationException: bad credentials)");
        }
    }

    @Test
    void should_copy_image_usage_and_metadata_when_generating() {
        // when
        ImageResult result = bridge().generate(ImageRequest.builder().prompt("a lighthouse").build());

        // then
        GeneratedImage image = result.image();
        assertThat(image.format()).isEqualTo(OutputFormat.PNG);
        assertThat(image.width()).isEqualTo(64);
        assertThat(image.height()).isEqualTo(48);
        assertThat(image.revisedPrompt()).contains("a revised prompt");
        assertThat(result.usage()).contains(Usage.builder().inputTokens(10).outputTokens(20).totalTokens(30).build());
        assertThat(result.providerMetadata()).containsEntry("seed", 42).containsEntry("finish_reason", "STOP");
        assertThat(result.model()).isEqualTo(ModelId.of("imagen-4"));
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void should_warn_about_each_option_it_cannot_pass_when_generating() {
        // when
        ImageResult result = bridge().generate(ImageRequest.builder().prompt("a lighthouse").size("1536x1024")
                .quality(Quality.HIGH).outputFormat(OutputFormat.WEBP).providerOption("openai", "seed", 1).build());

        // then
        assertThat(result.warnings()).containsExactly(
                "size 1536x1024 ignored: a LangChain4j ImageModel takes it from its own builder",
                "quality high ignored: a LangChain4j ImageModel takes it from its own builder",
                "output format webp ignored: a LangChain4j ImageModel takes it from its own builder",
                "provider option openai.seed ignored: a LangChain4j ImageModel takes it from its own builder");
    }

    @Test
    void should_refuse_ignored_options_when_strict() {
        assertThatThrownBy(() -> bridge().generate(ImageRequest.builder().prompt("a lighthouse")
                .quality(Quality.HIGH).strict(true).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("strict mode: quality high is not allowed: a LangChain4j ImageModel takes it from its "
                        + "own builder");
        assertThat(model.prompts).isEmpty();
    }

    @Test
    void should_pass_image_and_mask_as_base64_when_editing() {
        // given
        byte[] png = TestImages.png(32, 32);
        byte[] mask = TestImages.mask(32, 32);

        // when
        bridge().generate(ImageRequest.builder().prompt("darker sky").image(ImageInput.of(png, "in.png"))
                .mask(ImageInput.of(mask, "mask.png")).build());

        // then
        assertThat(Base64.getDecoder().decode(model.edited.get(0).base64Data())).isEqualTo(png);
        assertThat(model.edited.get(0).mimeType()).isEqualTo("image/png");
        assertThat(Base64.getDecoder().decode(model.masks.get(0).base64Data())).isEqualTo(mask);
    }

    @Test
    void should_refuse_edits_when_the_model_was_not_declared_to_edit() {
        ImageModelGenerator generateOnly = ImageModelGenerator.builder(model).build();

        assertThatThrownBy(() -> generateOnly.generate(ImageRequest.builder().prompt("darker")
                .image(ImageInput.of(TestImages.png(8, 8), "in.png")).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("does not support edits");
        assertThat(model.edited).isEmpty();
    }

    @Test
    void should_fail_over_when_the_model_does_not_implement_a_declared_operation() {
        ImageModel generateOnly = prompt -> Response.from(Image.builder().base64Data("AA==").build());
        ImageModelGenerator bridge = ImageModelGenerator.builder(generateOnly).edits(true).build();

        assertThatThrownBy(() -> bridge.generate(ImageRequest.builder().prompt("darker")
                .image(ImageInput.of(TestImages.png(8, 8), "in.png")).build()))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("does not implement edit(image, prompt)");
    }

    @Test
    void should_ask_for_n_images_at_once_when_n_is_above_1() {
        ImageResult result = bridge().generate(ImageRequest.builder().prompt("boats").n(3).build());

        assertThat(result.images()).hasSize(3);
        assertThat(result.images()).extracting(GeneratedImage::index).containsExactly(0, 1, 2);
        assertThat(result.usage()).map(Usage::outputTokens).contains(60L);
    }

    @Test
    void should_map_content_filter_finish_to_a_content_policy_exception() {
        model.finishReason = FinishReason.CONTENT_FILTER;

        assertThatThrownBy(() -> bridge().generate(ImageRequest.builder().prompt("refused").build()))
                .isInstanceOf(ContentPolicyException.class).hasMessageContaining("CONTENT_FILTER");
    }

    @Test
    void should_map_langchain4j_exceptions_when_the_model_throws() {
        model.failure = new dev.langchain4j.exception.RateLimitException("slow down");

        assertThatThrownBy(() -> bridge().generate(ImageRequest.builder().prompt("x").build()))
                .isInstanceOf(RateLimitException.class)
                .hasMessage("langchain4j: RateLimitException: slow down (HTTP 429)")
                .hasCauseInstanceOf(dev.langchain4j.exception.RateLimitException.class);
    }

    @Test
    void should_download_the_image_when_the_model_returns_a_url() throws Exception {
        byte[] png = TestImages.png(20, 10);
        try (TestImages.ImageServer server = new TestImages.ImageServer(png)) {
            ImageModel byUrl = prompt -> Response.from(Image.builder().url(server.url()).build());
            ImageModelGenerator bridge = ImageModelGenerator.builder(byUrl).allowLoopbackDownloads(true).build();

            ImageResult result = bridge.generate(ImageRequest.builder().prompt("x").build());

            assertThat(result.image().bytes()).isEqualTo(png);
            assertThat(result.image().url()).contains(server.url());
        }
    }

    @Test
    void should_report_a_paid_image_as_unknown_when_its_url_is_refused() throws Exception {
        try (TestImages.ImageServer server = new TestImages.ImageServer(TestImages.png(20, 10))) {
            ImageModel byUrl = prompt -> Response.from(Image.builder().url(server.url()).build());
            ImageModelGenerator bridge = ImageModelGenerator.builder(byUrl).build();

            assertThatThrownBy(() -> bridge.generate(ImageRequest.builder().prompt("x").build()))
                    .isInstanceOf(ResultUnknownException.class)
                    .hasMessageContaining("returned image 0 of 1, which cannot be delivered")
                    .hasMessageContaining("image URL refused")
                    .hasMessageContaining("loopback")
                    .hasMessageContaining("may have been generated and paid for");
        }
    }

    static Stream<Arguments> undeliverable() {
        return Stream.of(
                Arguments.of("HTTP 404 from the image URL", "/gone.png", "failed with HTTP 404"),
                Arguments.of("HTTP 500 from the image URL", "/broken.png", "failed with HTTP 500"),
                Arguments.of("an empty image URL body", "/empty.png", "has no bytes"),
                Arguments.of("bytes that are no image", "/text.png", "is not PNG, JPEG or WebP"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("undeliverable")
    void should_neither_retry_nor_fail_over_when_a_returned_image_cannot_be_delivered(String what, String path,
            String reason) throws Exception {
        // given: a model whose every call is a paid generation, first in a route with retries
        HttpServer images = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        images.createContext("/gone.png", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        images.createContext("/broken.png", ex -> {
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        images.createContext("/empty.png", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        images.createContext("/text.png", ex -> {
            byte[] body = "not an image".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        images.start();
        AtomicInteger paid = new AtomicInteger();
        URI url = URI.create("http://127.0.0.1:" + images.getAddress().getPort() + path);
        ImageModel byUrl = prompt -> {
            paid.incrementAndGet();
            return Response.from(Image.builder().url(url).build());
        };
        StandInModel backup = new StandInModel();
        try (ImageGenerator route = ImageRouter.builder("images")
                .add(ImageModelGenerator.builder(byUrl).allowLoopbackDownloads(true).build())
                .add("backup", ImageModelGenerator.builder(backup).build())
                .retry(RetryOptions.DEFAULT.withBackoff(Duration.ofMillis(1), Duration.ofMillis(2))).build()) {

            // when
            Throwable e = catchThrowable(() -> route.generate(ImageRequest.builder().prompt("x").build()));

            // then
            assertThat(e).as(what).isInstanceOf(ResultUnknownException.class).hasMessageContaining(reason);
            assertThat(paid).as(what).hasValue(1);
            assertThat(backup.prompts).as(what).isEmpty();
        } finally {
            images.stop(0);
        }
    }

    @Test
    void should_report_an_answer_without_an_image_or_with_broken_base64_as_unknown() {
        ImageModel nothing = new ImageModel() {
            @Override
            public Response<Image> generate(String prompt) {
                throw new AssertionError("n is 2");
            }

            @Override
            public Response<List<Image>> generate(String prompt, int n) {
                return Response.from(List.of());
            }
        };
        ImageModel empty = prompt -> Response.from(Image.builder().build());
        ImageModel broken = prompt -> Response.from(Image.builder().base64Data("not//base64!!").build());

        assertThatThrownBy(() -> ImageModelGenerator.builder(nothing).maxImages(2).build()
                .generate(ImageRequest.builder().prompt("x").n(2).build()))
                .isInstanceOf(ResultUnknownException.class).hasMessageContaining("answered without an image");
        assertThatThrownBy(() -> ImageModelGenerator.builder(empty).build()
                .generate(ImageRequest.builder().prompt("x").build()))
                .isInstanceOf(ResultUnknownException.class).hasMessageContaining("neither base64 data nor a URL");
        assertThatThrownBy(() -> ImageModelGenerator.builder(broken).build()
                .generate(ImageRequest.builder().prompt("x").build()))
                .isInstanceOf(ResultUnknownException.class).hasMessageContaining("not valid base64");
    }

    @Test
    void should_report_an_image_the_sink_cannot_take_as_unknown(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("taken");
        Files.createDirectory(file.resolveSibling("out.png"));

        assertThatThrownBy(() -> bridge().generate(ImageRequest.builder().prompt("x")
                .sink(ImageSink.toDirectory(dir, "out")).build()))
                .isInstanceOf(ResultUnknownException.class)
                .hasMessageContaining("sink could not be written");
    }

    @Test
    void should_write_to_the_requests_sink_when_it_has_one(@TempDir Path dir) throws Exception {
        ImageResult result = bridge().generate(ImageRequest.builder().prompt("x")
                .sink(ImageSink.toDirectory(dir, "out")).build());

        assertThat(result.image().file()).contains(dir.resolve("out.png"));
        assertThat(Files.readAllBytes(dir.resolve("out.png"))).isEqualTo(model.png);
    }

    @Test
    void should_check_the_settings_when_building() {
        assertThatThrownBy(() -> ImageModelGenerator.builder(model).masks(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("masks(true) needs edits(true)");
        assertThatThrownBy(() -> ImageModelGenerator.builder(model).maxImages(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxImages 0: must be at least 1");
        assertThatThrownBy(() -> ImageModelGenerator.builder(model).providerId(" ").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("providerId must not be blank");
    }
}
