package dev.imagegen4j.testkit;

import static dev.imagegen4j.testkit.Gpt2026ModelsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Edits: the picture visibly uses the input image and the mask, masks need alpha, the size of the first image is
 * kept, markup overlays (2.6), and the JSON form's image references (data URL, loopback URL, file id).
 */
class EditsTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create();

    private static String url(String op) {
        return emu.emulator().baseUrl(Dialect.OPENAI) + "/images/" + op;
    }

    static byte[] solid(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return Http.encode(img, "png");
    }

    /** A mask whose left half is fully transparent (the area to edit) and right half opaque. */
    static byte[] leftHalfMask(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return Http.encode(img, "png");
    }

    private static BufferedImage first(Http.Reply r) {
        return Http.decodeB64(r.json().at("/data/0/b64_json").asText());
    }

    private static Color at(BufferedImage img, int x, int y) {
        return new Color(img.getRGB(x, y), true);
    }

    @Test
    void should_draw_the_input_image_keep_its_size_and_mark_the_emulator_band() {
        Http.Reply r = new Http.Form().field("model", "gpt-image-2").field("prompt", "refine it")
                .field("quality", "low").file("image", "red.png", "image/png", solid(1536, 1024, Color.RED))
                .post(url("edits"), Http.bearer("k"));

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("size").asText()).isEqualTo("1536x1024");
        BufferedImage img = first(r);
        assertThat(img.getWidth()).isEqualTo(1536);
        assertThat(img.getHeight()).isEqualTo(1024);
        Color middle = at(img, 1530, 512);
        assertThat(middle.getRed()).isGreaterThan(200);
        assertThat(middle.getGreen()).isLessThan(60);
        assertThat(middle.getBlue()).isLessThan(60);
        Color band = at(img, 1533, 1021);
        assertThat(band.getRed()).as("the dark emulator band at the bottom").isLessThan(120);
    }

    @Test
    void should_tint_the_area_the_mask_marks_for_editing() {
        Http.Reply r = new Http.Form().field("model", "gpt-image-1.5").field("prompt", "x").field("quality", "low")
                .file("image", "red.png", "image/png", solid(1024, 1024, Color.RED))
                .file("mask", "mask.png", "image/png", leftHalfMask(1024, 1024))
                .post(url("edits"), Http.bearer("k"));

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        BufferedImage img = first(r);
        Color edited = at(img, 256, 600);
        Color kept = at(img, 1000, 600);
        assertThat(edited.getBlue()).as("tinted where the mask is transparent").isGreaterThan(80);
        assertThat(kept.getBlue()).as("untouched where the mask is opaque").isLessThan(40);
        assertThat(kept.getRed()).isGreaterThan(200);
    }

    @ParameterizedTest
    @CsvSource({"RGB,1", "L,10"})
    void should_refuse_a_mask_without_alpha_channel(String mode, int type) {
        byte[] mask = Http.encode(new BufferedImage(512, 512, type), "png");
        Http.Reply r = new Http.Form().field("model", "gpt-image-2").field("prompt", "x")
                .file("image", "a.png", "image/png", Http.png(512, 512, false))
                .file("mask", "m.png", "image/png", mask).post(url("edits"), Http.bearer("k"));

        assertError(r, 400, "mask", "invalid_image_format", "the mask must have an alpha channel");
        assertThat(r.json().at("/error/message").asText()).contains("got " + mode + ".");
    }

    @Test
    void should_refuse_an_rgb_mask_in_the_json_form_too() {
        String image = "data:image/png;base64," + Base64.getEncoder().encodeToString(Http.png(1024, 1024, false));
        String mask = "data:image/png;base64," + Base64.getEncoder().encodeToString(Http.png(1024, 1024, false));
        Http.Reply r = Http.postJson(url("edits"), "{\"model\":\"gpt-image-2.5-flare\",\"prompt\":\"x\",\"images\":[{"
                + "\"image_url\":\"" + image + "\"}],\"mask\":{\"image_url\":\"" + mask + "\"}}", Http.bearer("k"));

        assertError(r, 400, "mask", "invalid_image_format", "got RGB");
    }

    @ParameterizedTest(name = "{0} {1} size={2} -> {3}")
    @CsvSource({
        "gpt-image-2.5-flare, 1536x1024, , 1536x1024",
        "gpt-image-2.5-flare, 1536x1024, auto, 1536x1024",
        "gpt-image-2.5-flare, 1536x1024, 1024x1024, 1024x1024",
        "gpt-image-2, 2048x1152, , 2048x1152",
        "gpt-image-2, 512x512, , 1024x1024",
        "gpt-image-2, 1000x700, , 1024x1024",
        "gpt-image-1.5, 1024x1536, , 1024x1536",
        "gpt-image-1.5, 2048x1152, , 1024x1024",
    })
    void should_keep_the_first_image_size_when_the_edit_names_no_size_and_the_model_can_make_it(String model,
            String input, String size, String expected) {
        String[] wh = input.split("x");
        Http.Form form = new Http.Form().field("model", model).field("prompt", "x").field("quality", "low")
                .file("image[]", "a.png", "image/png", Http.png(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), false))
                .file("image[]", "b.png", "image/png", Http.png(1024, 1024, false));
        if (size != null) {
            form.field("size", size);
        }
        Http.Reply r = form.post(url("edits"), Http.bearer("k"));

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("size").asText()).isEqualTo(expected);
        BufferedImage img = first(r);
        assertThat(img.getWidth() + "x" + img.getHeight()).isEqualTo(expected);
    }

    @Test
    void should_draw_a_markup_overlay_and_count_it_as_an_input_image_when_model_is_2_6() {
        BufferedImage overlay = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = overlay.createGraphics();
        g.setColor(Color.GREEN);
        g.fillRect(700, 100, 200, 200);
        g.dispose();
        Http.Reply r = new Http.Form().field("model", "gpt-image-2.6-sunburst").field("prompt", "move the circle")
                .field("quality", "low").file("image", "red.png", "image/png", solid(1024, 1024, Color.RED))
                .file("markup", "markup.png", "image/png", Http.encode(overlay, "png"))
                .post(url("edits"), Http.bearer("k"));

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        Color marked = at(first(r), 800, 200);
        assertThat(marked.getGreen()).isGreaterThan(200);
        assertThat(marked.getRed()).isLessThan(60);
        // image and markup are 1024x1024 each: 2 x (65 + 129 x 4)
        assertThat(r.json().at("/usage/input_tokens_details/image_tokens").asInt()).isEqualTo(2 * 581);
        assertThat(emu.emulator().journal().last().part("markup")).isPresent();
    }

    @Test
    void should_refuse_markup_that_is_opaque_of_another_size_or_for_a_model_before_2_6() {
        Http.Reply opaque = markupEdit("gpt-image-2.6-flare", Http.png(1024, 1024, false));
        Http.Reply size = markupEdit("gpt-image-2.6-flare", Http.png(512, 512, true));
        Http.Reply old = markupEdit("gpt-image-2.5-sunburst", Http.png(1024, 1024, true));

        assertError(opaque, 400, "markup", "invalid_image_format", "transparent overlay with an alpha channel");
        assertError(size, 400, "markup", "invalid_value", "got image 1024x1024 and markup 512x512");
        assertError(old, 400, "markup", "unknown_parameter", "Unknown parameter: 'markup'.");
    }

    private static Http.Reply markupEdit(String model, byte[] markup) {
        return new Http.Form().field("model", model).field("prompt", "x")
                .file("image", "a.png", "image/png", Http.png(1024, 1024, false))
                .file("markup", "m.png", "image/png", markup).post(url("edits"), Http.bearer("k"));
    }

    @Test
    void should_take_markup_as_an_image_reference_in_the_json_form() {
        String image = "data:image/png;base64," + Base64.getEncoder().encodeToString(Http.png(1024, 1536, false));
        String markup = "data:image/png;base64," + Base64.getEncoder().encodeToString(Http.png(1024, 1536, true));
        Http.Reply r = Http.postJson(url("edits"), "{\"model\":\"gpt-image-2.6-flare\",\"prompt\":\"x\",\"quality\":"
                + "\"low\",\"images\":[{\"image_url\":\"" + image + "\"}],\"markup\":{\"image_url\":\"" + markup
                + "\"}}", Http.bearer("k"));
        Http.Reply generation = Http.postJson(url("generations"), "{\"model\":\"gpt-image-2.6-flare\",\"prompt\":\"x\","
                + "\"markup\":{\"image_url\":\"" + markup + "\"}}", Http.bearer("k"));

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("size").asText()).isEqualTo("1024x1536");
        assertError(generation, 400, "markup", "unknown_parameter", "Unknown parameter: 'markup'.");
    }

    @Test
    void should_fetch_an_image_the_emulator_served_when_a_json_edit_references_its_url() {
        Http.Reply served = Http.postJson(emu.emulator().baseUrl(Dialect.AIMLAPI) + "/images/generations",
                "{\"model\":\"openai/gpt-image-2\",\"prompt\":\"wide\",\"size\":\"1536x1024\",\"quality\":\"low\"}",
                Http.bearer("k"));
        String imageUrl = served.json().at("/data/0/url").asText();

        Http.Reply r = Http.postJson(url("edits"), "{\"model\":\"gpt-image-2.6-flare\",\"prompt\":\"x\",\"quality\":"
                + "\"low\",\"images\":[{\"image_url\":\"" + imageUrl + "\"}]}", Http.bearer("k"));

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("size").asText()).isEqualTo("1536x1024");
        assertThat(r.json().at("/usage/input_tokens_details/image_tokens").asInt()).isEqualTo(65 + 129 * 3 * 2);
    }

    @Test
    void should_fetch_loopback_urls_and_answer_400_when_the_download_fails() throws Exception {
        byte[] png = solid(1024, 1536, Color.BLUE);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/cat.png", ex -> {
            ex.sendResponseHeaders(200, png.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(png);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Http.Reply ok = Http.postJson(url("edits"), "{\"model\":\"gpt-image-2.5-flare\",\"prompt\":\"x\","
                    + "\"quality\":\"low\",\"images\":[{\"image_url\":\"" + base + "/cat.png\"}]}", Http.bearer("k"));
            Http.Reply missing = Http.postJson(url("edits"), "{\"model\":\"gpt-image-2.5-flare\",\"prompt\":\"x\","
                    + "\"images\":[{\"image_url\":\"" + base + "/nope.png\"}]}", Http.bearer("k"));

            assertThat(ok.status).as(ok.toString()).isEqualTo(200);
            assertThat(ok.json().get("size").asText()).isEqualTo("1024x1536");
            assertThat(at(first(ok), 1000, 700).getBlue()).isGreaterThan(200);
            assertError(missing, 400, "images[0].image_url", "invalid_image_url",
                    "Error while downloading " + base + "/nope.png.");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void should_stand_in_for_file_ids_and_remote_urls_without_fetching() {
        Http.Reply r = Http.postJson(url("edits"), "{\"model\":\"gpt-image-2.6-sunburst\",\"prompt\":\"x\","
                + "\"quality\":\"low\",\"images\":[{\"file_id\":\"file-abc123\"},{\"image_url\":"
                + "\"https://images.example.invalid/cat.png\"}]}", Http.bearer("k"));

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("size").asText()).isEqualTo("1024x1024");
        assertThat(r.json().at("/usage/input_tokens_details/image_tokens").asInt()).isEqualTo(2 * 581);
    }

    @Test
    void should_refuse_file_ids_without_the_file_prefix_and_oversized_data_urls() {
        Http.Reply badId = Http.postJson(url("edits"), "{\"model\":\"gpt-image-2.5-flare\",\"prompt\":\"x\","
                + "\"images\":[{\"file_id\":\"abc123\"}]}", Http.bearer("k"));
        String huge = "data:image/png;base64," + "A".repeat(EditInputs.MAX_IMAGE_URL_CHARS);
        Http.Reply tooLong = Http.postJson(url("edits"), "{\"model\":\"gpt-image-2.5-flare\",\"prompt\":\"x\","
                + "\"images\":[{\"image_url\":\"" + huge + "\"}]}", Http.bearer("k"));

        assertError(badId, 400, "images[0].file_id", "invalid_value", "Expected an ID that begins with 'file-'.");
        assertError(tooLong, 400, "images[0].image_url", "string_above_max_length", "maximum length 20971520");
    }

    @Test
    void should_know_loopback_hosts_without_resolving_names() {
        assertThat(EditInputs.isLoopback("127.0.0.1")).isTrue();
        assertThat(EditInputs.isLoopback("127.3.4.5")).isTrue();
        assertThat(EditInputs.isLoopback("[::1]")).isTrue();
        assertThat(EditInputs.isLoopback("localhost")).isTrue();
        assertThat(EditInputs.isLoopback("127.0.0.1.example.com")).isFalse();
        assertThat(EditInputs.isLoopback("10.0.0.1")).isFalse();
        assertThat(EditInputs.isLoopback(null)).isFalse();
    }
}
