package dev.imagegen4j.testkit;

import static dev.imagegen4j.testkit.Gpt2026ModelsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** GPT Image 2.6 animated GIF and SVG output: real files, their rules and refusals. */
class GifSvgOutputTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create();

    private static Http.Reply generate(String json) {
        return Http.postJson(emu.emulator().baseUrl(Dialect.OPENAI) + "/images/generations", json, Http.bearer("k"));
    }

    /** Frames, their sizes, delays (1/100 s) and whether the NETSCAPE loop extension is present. */
    static final class Gif {
        int frames;
        int width;
        int height;
        final java.util.List<Integer> delays = new java.util.ArrayList<>();
        boolean loops;

        static Gif read(byte[] bytes) throws Exception {
            Gif gif = new Gif();
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
                reader.setInput(in);
                gif.frames = reader.getNumImages(true);
                for (int i = 0; i < gif.frames; i++) {
                    gif.width = reader.getWidth(i);
                    gif.height = reader.getHeight(i);
                    IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(i)
                            .getAsTree("javax_imageio_gif_image_1.0");
                    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                        if (n.getNodeName().equals("GraphicControlExtension")) {
                            gif.delays.add(Integer.parseInt(((Element) n).getAttribute("delayTime")));
                        }
                        if (n.getNodeName().equals("ApplicationExtensions")) {
                            Element app = (Element) n.getFirstChild();
                            gif.loops |= app.getAttribute("applicationID").equals("NETSCAPE");
                        }
                    }
                }
            } finally {
                reader.dispose();
            }
            return gif;
        }
    }

    @Test
    void should_return_an_animated_looping_gif_with_the_asked_frames_and_delay() throws Exception {
        Http.Reply r = generate("{\"model\":\"gpt-image-2.6-sunburst\",\"prompt\":\"a waving flag\",\"output_format\":"
                + "\"gif\",\"frame_count\":4,\"frame_duration_ms\":125,\"size\":\"1024x1024\",\"quality\":\"low\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("output_format").asText()).isEqualTo("gif");
        byte[] bytes = Base64.getDecoder().decode(r.json().at("/data/0/b64_json").asText());
        assertThat(new String(bytes, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
        Gif gif = Gif.read(bytes);
        assertThat(gif.frames).isEqualTo(4);
        assertThat(gif.width).isEqualTo(1024);
        assertThat(gif.height).isEqualTo(1024);
        assertThat(gif.delays).containsOnly(13); // 125 ms rounds to 130 ms
        assertThat(gif.loops).isTrue();
        assertThat(r.json().at("/usage/output_tokens").asInt()).isEqualTo(4 * 272); // the sheet of 4 frames
        assertThat(r.json().at("/data/0/generation_id").asText()).startsWith("gen_");
    }

    @Test
    void should_default_to_nine_frames_of_200_ms_when_gif_has_no_frame_settings() throws Exception {
        Http.Reply r = generate("{\"model\":\"gpt-image-2.6-flare\",\"prompt\":\"x\",\"output_format\":\"gif\","
                + "\"size\":\"1024x1024\",\"quality\":\"low\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        Gif gif = Gif.read(Base64.getDecoder().decode(r.json().at("/data/0/b64_json").asText()));
        assertThat(gif.frames).isEqualTo(9);
        assertThat(gif.delays).hasSize(9).containsOnly(20);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"frame_count\":1|frame_count|integer_below_min_value|Expected a value >= 2",
        "\"frame_count\":17|frame_count|integer_above_max_value|Expected a value <= 16",
        "\"frame_duration_ms\":10|frame_duration_ms|integer_below_min_value|Expected a value >= 20",
        "\"frame_duration_ms\":700000|frame_duration_ms|integer_above_max_value|Expected a value <= 655350",
        "\"frame_count\":\"4\"|frame_count|invalid_type|expected an integer",
        "\"stream\":true|stream|unsupported_parameter|'stream' is not supported with output_format 'gif'",
        "\"partial_images\":2|partial_images|unsupported_parameter|'partial_images' is not supported with output_format 'gif'",
        "\"output_compression\":50|output_compression|unsupported_parameter|'output_compression' is not supported with output_format 'gif'",
        "\"background\":\"transparent\"|background|invalid_value|not supported with output_format 'gif'",
        "\"frame_count\":16,\"size\":\"1536x1040\"|frame_count|invalid_value|16 frames of 1536x1040 need a 25559040-pixel sheet, more than the 25165824 pixels allowed",
        "\"frame_count\":4,\"size\":\"3840x2160\"|frame_count|invalid_value|more than the 25165824 pixels allowed",
    })
    void should_refuse_gif_requests_the_vendor_refuses(String extra, String param, String code, String message) {
        Http.Reply r = generate("{\"model\":\"gpt-image-2.6-sunburst\",\"prompt\":\"x\",\"output_format\":\"gif\","
                + extra + "}");

        assertError(r, 400, param, code, message);
    }

    @Test
    void should_accept_a_gif_sheet_exactly_at_the_budget() {
        // validation only: the malformed-JSON fault answers after validation without rendering 25 megapixels
        emu.emulator().enqueue(Fault.malformedJson());
        Http.Reply r = generate("{\"model\":\"gpt-image-2.6-flare\",\"prompt\":\"x\",\"output_format\":\"gif\","
                + "\"frame_count\":16,\"size\":\"1536x1024\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(emu.emulator().journal().last().outcome()).isEqualTo("200 fault MALFORMED_JSON");
    }

    @ParameterizedTest
    @CsvSource({"frame_count,4", "frame_duration_ms,100"})
    void should_refuse_frame_settings_when_output_is_not_gif(String name, int value) {
        assertError(generate("{\"model\":\"gpt-image-2.6-flare\",\"prompt\":\"x\",\"output_format\":\"png\",\"" + name
                + "\":" + value + "}"), 400, name, "unsupported_parameter",
                "'" + name + "' is only supported with output_format 'gif'.");
    }

    @ParameterizedTest
    @CsvSource({"gpt-image-2.5-flare,gif", "gpt-image-2,svg", "gpt-image-1.5,gif"})
    void should_refuse_svg_and_gif_when_model_predates_2_6(String model, String format) {
        assertError(generate("{\"model\":\"" + model + "\",\"prompt\":\"x\",\"output_format\":\"" + format + "\"}"),
                400, "output_format", "invalid_value", "Supported values are: 'png', 'jpeg', 'webp'.");
    }

    @Test
    void should_refuse_a_mask_when_an_edit_asks_for_gif() {
        Http.Reply r = new Http.Form().field("model", "gpt-image-2.6-flare").field("prompt", "x")
                .field("output_format", "gif").field("frame_count", "2")
                .file("image", "a.png", "image/png", Http.png(1024, 1024, false))
                .file("mask", "m.png", "image/png", Http.png(1024, 1024, true))
                .post(emu.emulator().baseUrl(Dialect.OPENAI) + "/images/edits", Http.bearer("k"));

        assertError(r, 400, "mask", "unsupported_parameter", "'mask' is not supported with output_format 'gif'.");
    }

    @Test
    void should_animate_an_edit_without_mask_as_gif() throws Exception {
        Http.Reply r = new Http.Form().field("model", "gpt-image-2.6-flare").field("prompt", "make it move")
                .field("output_format", "gif").field("frame_count", "3").field("quality", "low")
                .file("image", "a.png", "image/png", Http.png(1536, 1024, false))
                .post(emu.emulator().baseUrl(Dialect.OPENAI) + "/images/edits", Http.bearer("k"));

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        Gif gif = Gif.read(Base64.getDecoder().decode(r.json().at("/data/0/b64_json").asText()));
        assertThat(gif.frames).isEqualTo(3);
        assertThat(gif.width).isEqualTo(1536);
    }

    @Test
    void should_return_an_svg_document_of_the_asked_size_with_svg_usage() throws Exception {
        String prompt = "a <fox> & \"hen\" logo";
        Http.Reply r = generate("{\"model\":\"gpt-image-2.6-flare\",\"prompt\":\"a <fox> & \\\"hen\\\" logo\","
                + "\"output_format\":\"svg\",\"size\":\"1536x1024\",\"complexity\":\"low\",\"quality\":\"low\"}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("output_format").asText()).isEqualTo("svg");
        byte[] svg = Base64.getDecoder().decode(r.json().at("/data/0/b64_json").asText());
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg)).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("width")).isEqualTo("1536");
        assertThat(root.getAttribute("height")).isEqualTo("1024");
        assertThat(root.getAttribute("viewBox")).isEqualTo("0 0 1536 1024");
        assertThat(root.getElementsByTagName("rect").getLength()).isEqualTo(1);
        assertThat(root.getTextContent()).contains(prompt).contains("emulator");
        JsonNode svgUsage = r.json().get("svg_usage");
        assertThat(svgUsage.get("model").asText()).isEqualTo("emulator-svg-author");
        assertThat(svgUsage.get("reasoning_tokens").asInt()).isZero();
        assertThat(svgUsage.get("input_tokens").asInt()).isEqualTo((prompt.length() + 3) / 4);
        assertThat(svgUsage.get("output_tokens").asInt()).isEqualTo((new String(svg, StandardCharsets.UTF_8).length()
                + 3) / 4);
        assertThat(svgUsage.get("total_tokens").asInt()).isEqualTo(svgUsage.get("input_tokens").asInt()
                + svgUsage.get("output_tokens").asInt());
        assertThat(r.json().get("usage")).isNotNull();
    }

    @Test
    void should_report_the_svg_authoring_model_and_its_reasoning_tokens_when_svg_options_are_given() {
        Http.Reply r = generate("{\"model\":\"gpt-image-2.6-sunburst\",\"prompt\":\"x\",\"output_format\":\"svg\","
                + "\"svg\":{\"model\":\"gpt-5.2\",\"reasoning\":{\"effort\":\"high\"}}}");

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        JsonNode svgUsage = r.json().get("svg_usage");
        assertThat(svgUsage.get("model").asText()).isEqualTo("gpt-5.2");
        assertThat(svgUsage.get("reasoning_tokens").asInt()).isEqualTo(1024);
        assertThat(svgUsage.get("output_tokens").asInt()).isGreaterThan(1024);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "\"output_format\":\"png\",\"svg\":{\"model\":\"m\"}|svg|unsupported_parameter|'svg' is only supported with output_format 'svg'",
        "\"output_format\":\"svg\",\"svg\":\"m\"|svg|invalid_type|expected an object",
        "\"output_format\":\"svg\",\"svg\":{}|svg.model|missing_required_parameter|Missing required parameter: 'svg.model'.",
        "\"output_format\":\"svg\",\"svg\":{\"model\":\"m\",\"colour\":1}|svg.colour|unknown_parameter|Unknown parameter",
        "\"output_format\":\"svg\",\"svg\":{\"model\":\"m\",\"reasoning\":{\"effort\":\"huge\"}}|svg.reasoning.effort|invalid_value|'none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'",
    })
    void should_refuse_malformed_svg_options(String extra, String param, String code, String message) {
        assertError(generate("{\"model\":\"gpt-image-2.6-flare\",\"prompt\":\"x\"," + extra + "}"), 400, param, code,
                message);
    }

    @Test
    void should_answer_unknown_parameter_for_svg_options_before_2_6() {
        assertError(generate("{\"model\":\"gpt-image-2.5-flare\",\"prompt\":\"x\",\"svg\":{\"model\":\"m\"}}"), 400,
                "svg", "unknown_parameter", "Unknown parameter: 'svg'.");
    }

    @Test
    void should_refuse_svg_for_more_than_one_image_for_edits_and_for_streams() {
        Http.Reply n2 = generate("{\"model\":\"gpt-image-2.6-flare\",\"prompt\":\"x\",\"output_format\":\"svg\","
                + "\"n\":2}");
        Http.Reply edit = new Http.Form().field("model", "gpt-image-2.6-flare").field("prompt", "x")
                .field("output_format", "svg").file("image", "a.png", "image/png", Http.png(1024, 1024, false))
                .post(emu.emulator().baseUrl(Dialect.OPENAI) + "/images/edits", Http.bearer("k"));
        Http.Reply stream = generate("{\"model\":\"gpt-image-2.6-flare\",\"prompt\":\"x\",\"output_format\":\"svg\","
                + "\"stream\":true}");

        assertError(n2, 400, "n", "integer_above_max_value", "output_format 'svg' produces a single image");
        assertError(edit, 400, "output_format", "invalid_value", "only supported for image generations");
        assertError(stream, 400, "stream", "unsupported_parameter", "not supported with output_format 'svg'");
    }

    @Test
    void should_serve_gif_and_svg_urls_with_their_content_types_when_ai_ml_api_answers_with_urls() {
        Http.Reply gif = Http.postJson(emu.emulator().baseUrl(Dialect.AIMLAPI) + "/images/generations",
                "{\"model\":\"openai/gpt-image-2.6-flare\",\"prompt\":\"x\",\"output_format\":\"gif\","
                        + "\"frame_count\":2,\"quality\":\"low\"}", Http.bearer("k"));
        Http.Reply svg = Http.postJson(emu.emulator().baseUrl(Dialect.AIMLAPI) + "/images/generations",
                "{\"model\":\"openai/gpt-image-2.6-sunburst\",\"prompt\":\"x\",\"output_format\":\"svg\"}",
                Http.bearer("k"));

        assertThat(gif.status).as(gif.toString()).isEqualTo(200);
        Http.Reply gifFile = Http.get(gif.json().at("/data/0/url").asText());
        assertThat(gifFile.header("content-type")).isEqualTo("image/gif");
        assertThat(gif.json().at("/data/0/url").asText()).endsWith(".gif");
        Http.Reply svgFile = Http.get(svg.json().at("/data/0/url").asText());
        assertThat(svgFile.header("content-type")).isEqualTo("image/svg+xml");
        assertThat(svgFile.text).contains("<svg");
    }
}
