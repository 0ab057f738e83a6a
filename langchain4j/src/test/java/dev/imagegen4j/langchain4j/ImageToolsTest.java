package dev.imagegen4j.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ImageToolsTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create();

    @TempDir
    Path dir;

    private ImageGenerator openai;
    private ImageTools tools;

    @BeforeEach
    void setUp() {
        openai = OpenAiImageGenerator.builder().apiKey("sk-test").baseUrl(emu.emulator().baseUrl() + "/v1").build();
        tools = ImageTools.builder(openai).directory(dir).build();
    }

    @AfterEach
    void tearDown() {
        openai.close();
    }

    @Test
    void should_answer_with_path_size_and_format_and_never_base64_when_creating() {
        // when
        String answer = tools.createImage("A lighthouse at dusk, watercolour!", "1536x1024", "low", "opaque");

        // then
        Path file = dir.resolve("a-lighthouse-at-dusk-watercolour.png");
        assertThat(answer).isEqualTo("Saved image 1 to " + file + " (1536x1024 png).");
        assertThat(file).isRegularFile();
        RecordedRequest sent = emu.emulator().journal().last();
        assertThat(sent.param("size")).contains("1536x1024");
        assertThat(sent.param("quality")).contains("low");
        assertThat(sent.param("background")).contains("opaque");
    }

    @Test
    void should_edit_the_named_image_when_a_name_is_given() throws IOException {
        // given
        tools.createImage("a lighthouse", null, "low", null);
        tools.createImage("a windmill", null, "low", null);

        // when
        String answer = tools.editImage("add a boat", "image 1");

        // then
        assertThat(answer).isEqualTo("Saved image 3 (an edit of image 1) to " + dir.resolve("a-lighthouse-2.png")
                + " (1024x1024 png).");
        assertThat(emu.emulator().journal().last().parts("image[]").get(0).content())
                .isEqualTo(Files.readAllBytes(dir.resolve("a-lighthouse.png")));
        assertThat(tools.editImage("make it night", "a-windmill.png")).contains("(an edit of image 2)");
    }

    @Test
    void should_tell_the_model_what_to_fix_when_arguments_are_wrong() {
        assertThat(tools.editImage("darker", null))
                .isEqualTo("Could not edit: nothing to refine yet: create an image first with createImage.");
        assertThat(tools.createImage("a lighthouse", "huge", null, null))
                .isEqualTo("Could not create the image: size 'huge' is not 'auto' or WIDTHxHEIGHT (e.g. 1024x1024)");
        assertThat(tools.createImage("a lighthouse", "1000x1000", null, null))
                .startsWith("Could not create the image: size 1000x1000 for gpt-image-2");
        tools.createImage("a lighthouse", null, "low", null);
        assertThat(tools.editImage("darker", "image 9")).isEqualTo("Could not edit: there is no image named "
                + "'image 9'. Images so far: image 1 (" + dir.resolve("a-lighthouse.png") + ").");
    }

    @Test
    void should_tell_the_model_when_the_prompt_is_refused() {
        emu.emulator().enqueue(Fault.contentPolicy());

        assertThat(tools.createImage("something refused", null, null, null)).startsWith("Could not create the image:");
        assertThat(tools.session().history()).isEmpty();
    }

    @Test
    void should_throw_when_the_service_fails_in_a_way_the_model_cannot_fix() {
        emu.emulator().enqueue(Fault.status(401));

        assertThatThrownBy(() -> tools.createImage("a lighthouse", null, null, null))
                .isInstanceOf(dev.imagegen4j.AuthenticationException.class);
    }

    @Test
    void should_forget_the_image_when_the_store_fails() {
        ImageTools failing = ImageTools.builder(openai).store((image, name) -> {
            throw new IOException("disk full");
        }).build();

        assertThatThrownBy(() -> failing.createImage("a lighthouse", null, "low", null))
                .isInstanceOf(UncheckedIOException.class).hasMessage("could not save image 1: disk full");
        assertThat(failing.session().history()).isEmpty();
    }

    @Test
    void should_make_safe_file_names_from_any_prompt() {
        assertThat(ImageTools.slug("../../etc/passwd")).isEqualTo("etc-passwd");
        assertThat(ImageTools.slug("Crème brûlée on a TABLE")).isEqualTo("creme-brulee-on-a-table");
        assertThat(ImageTools.slug("一只猫")).isEqualTo("image");
        assertThat(ImageTools.slug("x".repeat(100))).hasSize(40);
        assertThat(ImageTools.slug("one two three four five six seven eight nine ten eleven"))
                .isEqualTo("one-two-three-four-five-six-seven-eight");
    }

    @Test
    void should_never_replace_or_escape_when_the_directory_store_saves() throws IOException {
        // given
        ImageStore store = ImageStore.directory(dir);
        GeneratedImage image = GeneratedImage.builder().format(OutputFormat.JPEG).bytes(new byte[] {1, 2, 3}).build();
        Files.write(dir.resolve("cat.jpg"), new byte[] {9});

        // when
        String saved = store.save(image, "cat");

        // then
        assertThat(saved).isEqualTo(dir.resolve("cat-2.jpg").toString());
        assertThat(Files.readAllBytes(dir.resolve("cat.jpg"))).containsExactly(9);
        assertThat(Files.readAllBytes(dir.resolve("cat-2.jpg"))).containsExactly(1, 2, 3);
        try (var listing = Files.list(dir)) {
            assertThat(listing).hasSize(2); // no temporary file left behind
        }
        for (String bad : List.of("../cat", "a/b", "", "Cat", "-cat", "x".repeat(61))) {
            assertThatThrownBy(() -> store.save(image, bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void should_require_a_directory_or_a_store_when_building() {
        assertThatThrownBy(() -> ImageTools.builder(openai).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call directory(Path) or store(ImageStore)");
        assertThatThrownBy(() -> ImageTools.builder(openai).directory(dir).maxImages(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxImages 0: must be at least 1");
    }
}
