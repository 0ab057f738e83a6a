package dev.imagegen4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.genai.Client;
import com.google.genai.errors.ApiException;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.ImageConfig;
import com.google.genai.types.Part;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The official Google Gen AI SDK for Java, pointed at the emulator's Gemini base URL, generates and edits. */
class GeminiSdkTest {

    private static final String KEY = "AIzaSdkTestKey0123456789";

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create(b -> b.apiKey(KEY));

    private static Client client;

    @BeforeAll
    static void client() {
        client = Client.builder().apiKey(KEY).httpOptions(HttpOptions.builder()
                .baseUrl(emu.emulator().baseUrl(Dialect.GEMINI))
                .retryOptions(HttpRetryOptions.builder().attempts(1).build()).build()).build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static BufferedImage image(GenerateContentResponse response) throws Exception {
        byte[] bytes = response.parts().stream().filter(p -> p.inlineData().isPresent()).findFirst().orElseThrow()
                .inlineData().get().data().orElseThrow();
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void should_generate_an_image_of_the_asked_aspect_ratio_and_tier_through_the_sdk() throws Exception {
        GenerateContentResponse response = client.models.generateContent("gemini-3-pro-image", "a fox in the snow",
                GenerateContentConfig.builder().responseModalities("TEXT", "IMAGE")
                        .imageConfig(ImageConfig.builder().aspectRatio("16:9").imageSize("2K").build()).build());

        BufferedImage image = image(response);
        assertThat(image.getWidth()).isEqualTo(2752);
        assertThat(image.getHeight()).isEqualTo(1536);
        assertThat(response.text()).contains("a fox in the snow");
        GenerateContentResponseUsageMetadata usage = response.usageMetadata().orElseThrow();
        assertThat(usage.promptTokenCount()).contains(5);
        assertThat(usage.candidatesTokensDetails().orElseThrow()).anySatisfy(d ->
                assertThat(d.tokenCount()).contains(1120));
        RecordedRequest wire = emu.emulator().journal().last();
        assertThat(wire.path()).isEqualTo("/gemini/v1/models/gemini-3-pro-image:generateContent"); // the SDK 2.0 default: v1
        assertThat(wire.header("x-goog-api-key")).contains(KEY);
        assertThat(response.responseId()).contains(wire.requestId());
    }

    @Test
    void should_edit_with_an_inline_reference_image_through_the_sdk() throws Exception {
        byte[] photo = Http.png(300, 200, false);
        Content content = Content.fromParts(Part.fromText("put a hat on it"), Part.fromBytes(photo, "image/png"));

        GenerateContentResponse response = client.models.generateContent("gemini-3.1-flash-image", content,
                GenerateContentConfig.builder().responseModalities("IMAGE")
                        .imageConfig(ImageConfig.builder().aspectRatio("3:2").build()).build());

        assertThat(image(response).getWidth()).isEqualTo(1264);
        assertThat(response.usageMetadata().orElseThrow().promptTokensDetails().orElseThrow())
                .anySatisfy(d -> assertThat(d.tokenCount()).contains(258));
        assertThat(emu.emulator().journal().last().json().orElseThrow().at("/contents/0/parts/1/inlineData/mimeType")
                .asText()).isEqualTo("image/png");
    }

    @Test
    void should_answer_errors_the_sdk_reads_as_google_errors() {
        assertThatThrownBy(() -> client.models.generateContent("gemini-3-pro-image", "a fox",
                GenerateContentConfig.builder().imageConfig(ImageConfig.builder().aspectRatio("7:3").build()).build()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.status()).isEqualTo("INVALID_ARGUMENT");
                    assertThat(e.message()).contains("Unsupported aspect ratio: 7:3");
                });
        emu.emulator().enqueue(Fault.rateLimited(java.time.Duration.ofSeconds(3)));
        assertThatThrownBy(() -> client.models.generateContent("gemini-3-pro-image", "a fox", null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status())
                        .isEqualTo("RESOURCE_EXHAUSTED"));
        assertThat(List.of(emu.emulator().journal().last().status())).containsExactly(429);
    }
}
