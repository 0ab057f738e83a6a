package dev.imagegen4j.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.Cost;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Quality;
import dev.imagegen4j.Usage;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.content.Media;
import org.springframework.ai.image.ImageMessage;
import org.springframework.ai.image.ImageModel;
import org.springframework.ai.image.ImageOptionsBuilder;
import org.springframework.ai.image.ImagePrompt;
import org.springframework.ai.image.ImageResponse;
import org.springframework.util.MimeTypeUtils;

/** imagegen4j as a Spring AI ImageModel, over HTTP to the emulator. */
class ImageGeneratorSpringAiImageModelTest {

    private static ImageApiEmulator emu;
    private static OpenAiImageGenerator openai;
    private ImageModel model;

    @BeforeAll
    static void start() {
        emu = ImageApiEmulator.start();
        openai = OpenAiImageGenerator.builder().apiKey("sk-forward").baseUrl(emu.baseUrl() + "/v1").build();
    }

    @AfterAll
    static void stop() {
        openai.close();
        emu.close();
    }

    @BeforeEach
    void setUp() {
        emu.reset();
        model = ImageGeneratorSpringAiImageModel.builder(openai)
                .defaults(ImageRequest.template().model(ModelId.GPT_IMAGE_2).quality(Quality.LOW).build()).build();
    }

    @Test
    void should_send_portable_options_and_return_usage_and_cost_in_the_metadata() {
        ImageResponse r = model.call(new ImagePrompt("a lighthouse at dusk",
                ImageOptionsBuilder.builder().n(2).width(1536).height(1024).build()));

        var sent = emu.journal().last();
        assertThat(sent.param("size")).contains("1536x1024");
        assertThat(sent.param("n")).contains("2");
        assertThat(sent.param("quality")).as("from the defaults").contains("low");
        assertThat(r.getResults()).hasSize(2);
        byte[] png = Base64.getDecoder().decode(r.getResult().getOutput().getB64Json());
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(((GeneratedImageMetadata) r.getResult().getMetadata()).getMimeType()).isEqualTo("image/png");
        Usage usage = r.getMetadata().get(ImageGeneratorSpringAiImageModel.USAGE);
        assertThat(r.getMetadata().getUsage().getPromptTokens()).isEqualTo((int) usage.inputTokens()).isPositive();
        assertThat(r.getMetadata().getUsage().getCompletionTokens()).isEqualTo((int) usage.outputTokens());
        assertThat(r.getMetadata().getUsage().getNativeUsage()).isSameAs(usage);
        Cost cost = r.getMetadata().get(ImageGeneratorSpringAiImageModel.COST);
        assertThat(cost.isEstimated()).isTrue();
        assertThat((Object) r.getMetadata().get(ImageGeneratorSpringAiImageModel.COST_AMOUNT)).isEqualTo(cost.amount());
        assertThat((Object) r.getMetadata().get(ImageGeneratorSpringAiImageModel.PROVIDER)).isEqualTo("openai");
        assertThat((Object) r.getMetadata().get(ImageGeneratorSpringAiImageModel.REQUEST_ID)).isNotNull();
    }

    @Test
    void should_send_the_nearest_size_the_model_takes_with_a_warning_when_width_and_height_are_not_one() {
        ImageResponse r = model.call(new ImagePrompt("a fox",
                ImageOptionsBuilder.builder().width(1000).height(1000).build()));

        String sent = emu.journal().last().param("size").orElseThrow();
        assertThat(sent).matches("\\d+x\\d+").isNotEqualTo("1000x1000");
        String[] wh = sent.split("x");
        assertThat(Integer.parseInt(wh[0]) % 16).isZero();
        assertThat(wh[0]).isEqualTo(wh[1]);
        List<String> warnings = r.getMetadata().get(ImageGeneratorSpringAiImageModel.WARNINGS);
        assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("width 1000 x height 1000 is not a size gpt-image-2 "
                + "takes").endsWith("sent " + sent + ", the nearest it takes"));
    }

    @Test
    void should_warn_about_what_does_not_apply() {
        ImageResponse r = model.call(new ImagePrompt(List.of(new ImageMessage("a fox", 0.5f), new ImageMessage("in snow")),
                ImageOptionsBuilder.builder().width(512).style("vivid").build()));

        assertThat(emu.journal().last().param("prompt")).contains("a fox\nin snow");
        assertThat(emu.journal().last().param("size")).isEmpty();
        assertThat(emu.journal().last().param("style")).as("gpt-image takes no style").isEmpty();
        List<String> warnings = r.getMetadata().get(ImageGeneratorSpringAiImageModel.WARNINGS);
        assertThat(warnings).anySatisfy(w -> assertThat(w).isEqualTo("width 512 ignored: a size needs both width and height"))
                .anySatisfy(w -> assertThat(w).startsWith("instruction weight 0.5 ignored"))
                .anySatisfy(w -> assertThat(w).isEqualTo("2 instructions joined into one prompt, one per line"))
                .anySatisfy(w -> assertThat(w).containsIgnoringCase("style"));
    }

    @Test
    void should_edit_with_the_images_attached_to_the_instruction() {
        byte[] first = Base64.getDecoder().decode(model.call(new ImagePrompt("a cat")).getResult().getOutput()
                .getB64Json());
        Media cat = Media.builder().mimeType(MimeTypeUtils.IMAGE_PNG).data(first).name("cat").build();

        model.call(new ImagePrompt(new ImageMessage("give the cat a hat", null, List.of(cat), java.util.Map.of()), null));

        var sent = emu.journal().last();
        assertThat(sent.path()).endsWith("/images/edits");
        assertThat(sent.parts()).anySatisfy(p -> assertThat(p.name()).startsWith("image"));
    }
}
