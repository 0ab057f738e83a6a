package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.Background;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.azure.AzureImageGenerator;
import dev.imagegen4j.config.ImageGenConfig;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input across the API, configuration files and the CLI: each is rejected with a message that
 * names the input, and none reaches the vendor (the emulator's journal stays empty).
 */
class BadInputTest {

    private static final String KEY = "sk-bad-input-5555555";
    private static ImageApiEmulator emu;
    private static ImageGenerator openai;
    private static ImageGenerator azure;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        emu = ImageApiEmulator.builder().apiKey(KEY).azureDeployment("img2", "gpt-image-2").start();
        openai = OpenAiImageGenerator.builder().apiKey(KEY).baseUrl(emu.baseUrl() + "/v1").build();
        azure = AzureImageGenerator.builder().endpoint(emu.baseUrl()).apiKey(KEY).deployment("gpt-image-2", "img2").build();
        dir = Files.createTempDirectory("bad-input");
        png(dir.resolve("a.png"), 64, 64);
        png(dir.resolve("small-mask.png"), 32, 32);
        Files.writeString(dir.resolve("notes.png"), "this is text, not an image");
        Files.writeString(dir.resolve("exists.png"), "keep");
        Files.writeString(dir.resolve("jobs.jsonl"), "{\"id\": \"a\", \"promt\": \"typo\"}\n");
        Files.writeString(dir.resolve("range.jsonl"), "{\"id\": \"a\", \"prompt\": \"p\", \"n\": 4294967297}\n");
        Files.writeString(dir.resolve("collide.jsonl"), "{\"id\": \"a\", \"prompt\": \"p\", \"n\": 2}\n"
                + "{\"id\": \"a-1\", \"prompt\": \"p\"}\n");
        Files.writeString(dir.resolve("imagegen4j.yaml"), "generators:\n  local: { provider: openai, api-key: " + KEY
                + ", base-url: \"" + emu.baseUrl() + "/v1\" }\n");
    }

    @AfterAll
    static void stop() {
        openai.close();
        azure.close();
        emu.close();
        assertThat(emu.journal().posts()).as("no bad input reached the vendor").isEmpty();
    }

    private static void png(Path file, int w, int h) throws Exception {
        ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB), "png", file.toFile());
    }

    private static ImageRequest.Builder req() {
        return ImageRequest.builder().prompt("a cat").model(ModelId.GPT_IMAGE_2);
    }

    /** Runs {@code action}; the error's message (an exception's, or the CLI's stderr and exit code). */
    private static String error(Callable<?> action) {
        try {
            Object r = action.call();
            return "no error: " + r;
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    private static String api(ImageGenerator g, ImageRequest.Builder b) {
        return error(() -> g.generate(b.build()));
    }

    private static String config(String yaml) {
        return error(() -> ImageGenConfig.parse(yaml.getBytes(StandardCharsets.UTF_8), "imagegen4j.yaml", false,
                Map.of("KEY", KEY), BadInputTest.class.getClassLoader()));
    }

    private static String cli(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Context ctx = new Context(Map.of(), dir, new PrintStream(new ByteArrayOutputStream(), true),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        List<String> all = new ArrayList<>(List.of(args));
        int code = ImagegenCli.run(ctx, all.toArray(new String[0]));
        return "exit " + code + ": " + err.toString(StandardCharsets.UTF_8);
    }

    /** The CLI with ./imagegen4j.yaml pointing at the journaled emulator. */
    private static String cliConfigured(String... args) {
        return cli(args);
    }

    static Stream<Arguments> inputs() {
        return Stream.of(
                // ---- the API
                row("size not a multiple of 16", () -> api(openai, req().size("1000x1000")),
                        "size 1000x1000 for gpt-image-2: both edges must be multiples of 16 (1000 is not)"),
                row("size over the long edge", () -> api(openai, req().size("3856x1296")), "size 3856x1296"),
                row("size under the pixel minimum", () -> api(openai, req().size("1008x640")), "655,360"),
                row("size over 3:1", () -> api(openai, req().size("3840x1264")), "at most 3:1"),
                row("custom size on gpt-image-1-mini", () -> api(openai, req().model(ModelId.GPT_IMAGE_1_MINI)
                        .size("1536x864")), "size 1536x864 for gpt-image-1-mini"),
                row("size that is not WxH", () -> error(() -> req().size("big")), "size 'big' is not 'auto' or WIDTHxHEIGHT"),
                row("n of 0", () -> error(() -> req().n(0).build()), "n 0: must be at least 1"),
                row("n over the model's maximum", () -> api(openai, req().n(11)), "n 11: gpt-image-2 takes 1 to 10"),
                row("n over gpt-image-2's 10", () -> api(openai, req().model(ModelId.GPT_IMAGE_2).n(11)),
                        "n 11: gpt-image-2 takes 1 to 10"),
                row("n 2 with svg output", () -> api(openai, req().model(ModelId.GPT_IMAGE_2_6_FLARE)
                        .outputFormat(OutputFormat.SVG).n(2)), "n 2: output format svg for gpt-image-2.6-flare"),
                row("xhigh on gpt-image-2", () -> api(openai, req().model(ModelId.GPT_IMAGE_2)
                        .quality(dev.imagegen4j.Quality.XHIGH)), "gpt-image-2 does not take quality 'xhigh'"),
                row("model shut down on openai", () -> api(openai, req().model(ModelId.GPT_IMAGE_1)),
                        "gpt-image-1 was shut down by openai on 2026-10-23; use gpt-image-2.5-flare instead"),
                row("frame_count without gif", () -> api(openai, req().model(ModelId.GPT_IMAGE_2_6_FLARE)
                        .param("frame_count", 4)), "frame_count applies only with output_format gif"),
                row("param overriding a validated field", () -> error(() -> req().param("size", "9x9").build()),
                        "param 'size' names a field imagegen4j validates"),
                row("strict mode and an unknown model", () -> api(openai, req().model("gpt-image-9-preview")
                        .strict(true)), "strict mode: gpt-image-9-preview is not in the model catalog"),
                row("compression 101", () -> error(() -> req().outputCompression(101).build()), "output compression 101"),
                row("compression -1", () -> error(() -> req().outputCompression(-1).build()), "output compression -1"),
                row("partial images 4", () -> error(() -> req().partialImages(4).build()), "partial images 4"),
                row("empty prompt", () -> error(() -> ImageRequest.builder().prompt("").build()), "prompt must not be blank"),
                row("no prompt", () -> error(() -> ImageRequest.builder().build()), "prompt is required"),
                row("prompt over the limit", () -> api(openai, req().prompt("x".repeat(32_001))),
                        "prompt of 32,001 characters"),
                row("quality hd on gpt-image-2", () -> api(openai, req().model(ModelId.GPT_IMAGE_2)
                        .quality(dev.imagegen4j.Quality.HD)), "gpt-image-2 does not take quality 'hd'"),
                row("transparent with jpeg", () -> api(openai, req().background(Background.TRANSPARENT)
                        .outputFormat(OutputFormat.JPEG)), "background transparent needs output format png or webp"),
                row("17 reference images", () -> error(() -> {
                    ImageRequest.Builder b = req();
                    for (int i = 0; i < 17; i++) {
                        b.image(dir.resolve("a.png"));
                    }
                    return b.build();
                }), "17 reference images"),
                row("missing image file", () -> error(() -> req().image(dir.resolve("missing.png"))),
                        "missing.png' does not exist"),
                row("file that is not an image", () -> api(openai, req().image(dir.resolve("notes.png"))),
                        "image 'notes.png' is not a PNG, JPEG or WebP image"),
                row("image over 50 MB", () -> api(openai, req().image(ImageInput.of(() -> new ByteArrayInputStream(
                        new byte[8]), 50L * 1024 * 1024 + 1, "huge.png", "image/png"))), "image 'huge.png' is 52,428,801 bytes"),
                row("mask of the wrong size", () -> api(openai, req().image(dir.resolve("a.png"))
                        .mask(dir.resolve("small-mask.png"))), "mask 'small-mask.png' is 32x32 but image 'a.png' is 64x64"),
                row("mask without an image", () -> error(() -> req().mask(dir.resolve("a.png")).build()),
                        "a mask needs a reference image"),
                row("svg output for an edit", () -> api(openai, req().model(ModelId.GPT_IMAGE_2_6_FLARE)
                        .outputFormat(OutputFormat.SVG).image(dir.resolve("a.png"))), "takes generations only"),
                row("webp on Azure", () -> api(azure, req().outputFormat(OutputFormat.WEBP)), "webp"),
                row("model without an Azure deployment", () -> api(azure, req().model(ModelId.GPT_IMAGE_1)),
                        "gpt-image-1"),
                row("plain http to a remote host", () -> error(() -> OpenAiImageGenerator.builder().apiKey(KEY)
                        .baseUrl("http://images.example.com/v1").build()), "https is required"),
                row("plain http Azure endpoint", () -> error(() -> AzureImageGenerator.builder()
                        .endpoint("http://contoso.example.com").apiKey(KEY).deployment("gpt-image-2", "d").build()),
                        "https"),
                row("no API key", () -> error(() -> OpenAiImageGenerator.builder().build()), "API key is required"),
                row("an API key read from an unset variable", () -> error(() -> OpenAiImageGenerator.builder()
                        .apiKey(System.getenv("IMAGEGEN4J_SURELY_UNSET_KEY")).build()),
                        "the API key is null: is OPENAI_API_KEY set?"),
                row("no API key in the environment passed in", () -> error(() -> OpenAiImageGenerator.builder()
                        .environment(Map.of()).build()), "OPENAI_API_KEY is not set there"),
                row("Azure with two auth styles", () -> error(() -> AzureImageGenerator.builder()
                        .endpoint("https://contoso.openai.azure.com").apiKey(KEY)
                        .tokenSupplier(() -> { throw new IllegalStateException("never"); })
                        .deployment("gpt-image-2", "d").build()), "api"),
                // ---- configuration files
                row("unknown top-level key", () -> config("generator:\n  g: { provider: openai, api-key: k }\n"),
                        "unknown key 'generator'; did you mean 'generators'?"),
                row("unknown setting", () -> config("generators:\n  g: { provider: openai, apikey: k }\n"),
                        "unknown setting 'apikey' for provider openai; did you mean 'api-key'?"),
                row("missing environment variable (when its generator is used)", () -> error(() -> ImageGenConfig.parse(
                        "generators:\n  g:\n    provider: openai\n    api-key: ${NOT_SET_ANYWHERE}\n".getBytes(
                        StandardCharsets.UTF_8), "imagegen4j.yaml", false, Map.of(), BadInputTest.class.getClassLoader())
                        .openDefault()), "line 4 (generators.g.api-key): environment variable NOT_SET_ANYWHERE"),
                row("invalid UTF-8", () -> error(() -> ImageGenConfig.parse(new byte[] {'a', ':', ' ', (byte) 0xC3,
                        (byte) 0x28}, "imagegen4j.yaml", false, Map.of(), BadInputTest.class.getClassLoader())),
                        "not valid UTF-8"),
                row("unknown provider", () -> config("generators:\n  g: { provider: dalle, api-key: k }\n"),
                        "no image generator provider with id 'dalle'"),
                row("duplicate generator names", () -> config("generators:\n  g: { provider: openai, api-key: k }\n"
                        + "  g: { provider: openai, api-key: k }\n"), "Duplicate field 'g'"),
                row("route to an unknown generator", () -> config("generators:\n  g: { provider: openai, api-key: k }\n"
                        + "routes:\n  r: { failover: [h] }\n"), "'h' is not a generator"),
                row("negative retries", () -> config("generators:\n  g: { provider: openai, api-key: k }\n"
                        + "routes:\n  r: { failover: [g], retries: -1 }\n"), "-1 is out of range"),
                row("retries of the wrong type", () -> config("generators:\n  g: { provider: openai, api-key: k }\n"
                        + "routes:\n  r: { failover: [g], retries: two }\n"), "must be a whole number (got 'two')"),
                row("bad duration", () -> config("generators:\n  g: { provider: openai, api-key: k }\n"
                        + "routes:\n  r: { failover: [g], breaker: { cooldown: soon } }\n"), "must be a duration"),
                row("empty file", () -> config(""), "the file is empty"),
                row("undefined default", () -> config("default: x\ngenerators:\n  g: { provider: openai, api-key: k }\n"),
                        "'default' names 'x', which is not defined"),
                row("timeout of the wrong type", () -> error(() -> ImageGenConfig.parse(
                        "generators:\n  g: { provider: openai, api-key: k, idle-timeout: forever }\n"
                                .getBytes(StandardCharsets.UTF_8), "imagegen4j.yaml", false, Map.of(),
                        BadInputTest.class.getClassLoader()).open("g")), "setting 'idle-timeout' must be a duration"),
                // ---- the command line
                row("CLI size", () -> cliConfigured("generate", "x", "--size", "1000x1000"), "exit 3: imagegen: invalid request: size 1000x1000"),
                row("CLI quality", () -> cliConfigured("generate", "x", "--quality", "ultra"), "does not take quality 'ultra'"),
                row("CLI param", () -> cliConfigured("generate", "x", "--param", "frame_count"), "--param 'frame_count': "
                        + "expected KEY=VALUE"),
                row("CLI aspect ratio", () -> cliConfigured("generate", "x", "--aspect-ratio", "wide"),
                        "--aspect-ratio: aspect ratio 'wide': expected W:H"),
                row("CLI n", () -> cliConfigured("generate", "x", "-n", "0"), "n 0: must be at least 1"),
                row("CLI compression", () -> cliConfigured("generate", "x", "--compression", "200"), "output compression 200"),
                row("CLI missing image", () -> cliConfigured("edit", "x", "--image", "nope.png"), "nope.png' does not exist"),
                row("CLI non-image", () -> cliConfigured("edit", "x", "--image", "notes.png", "-o", "n.png"),
                        "image 'notes.png' is not a PNG, JPEG or WebP image"),
                row("CLI mask of the wrong size", () -> cliConfigured("edit", "x", "--image", "a.png", "--mask",
                        "small-mask.png", "-o", "m.png"), "the mask must have the same dimensions"),
                row("CLI batch line", () -> cliConfigured("batch", "jobs.jsonl", "--out", "out"),
                        "jobs.jsonl line 1: unknown key 'promt'; did you mean 'prompt'?"),
                row("CLI concurrency", () -> cliConfigured("batch", "jobs.jsonl", "--out", "out", "--concurrency", "0"),
                        "--concurrency 0: must be between 1 and 64"),
                row("CLI unknown option", () -> cli("generate", "x", "--colour", "red"), "exit 2: imagegen: Unknown options: '--colour', 'red'"),
                row("CLI missing config", () -> cli("generate", "x", "--config", "none.yaml"), "exit 8:"),
                row("CLI existing output", () -> cliConfigured("generate", "x", "-o", "exists.png"),
                        "exit 9: imagegen: output refused: " + dir.resolve("exists.png") + " exists"),
                row("CLI unknown provider", () -> cli("generate", "x", "--provider", "dalle"),
                        "no image generator provider with id 'dalle'"),
                row("CLI extension against --format", () -> cliConfigured("generate", "x", "-o", "f.png", "--format",
                        "jpeg"), "exit 3: imagegen: invalid request: -o f.png names a png file but --format is jpeg"),
                row("CLI extension naming a format the model does not take", () -> cliConfigured("generate", "x",
                        "-o", "f.txt"), "does not take output format 'txt'"),
                row("CLI gif output on a model before 2.6", () -> cliConfigured("generate", "x", "-o", "f.gif"),
                        "does not take output format 'gif'"),
                row("CLI output under a file", () -> cliConfigured("generate", "x", "-o", "exists.png/f.png"),
                        "exit 9: imagegen: output refused: cannot create the output directory"),
                row("CLI output name too long", () -> cliConfigured("generate", "x", "-o", "x".repeat(300) + ".png"),
                        "exit 9: imagegen: output refused: cannot write"),
                row("CLI batch n out of int range", () -> cliConfigured("batch", "range.jsonl", "--out", "out"),
                        "range.jsonl line 1: 'n' 4294967297 is out of range (at most 2147483647)"),
                row("CLI batch file name collision", () -> cliConfigured("batch", "collide.jsonl", "--out", "out"),
                        "line 1 (id 'a', image 2 of 2) and line 2 (id 'a-1') would both write a-1.*"));
    }

    private static Arguments row(String name, Callable<String> error, String expected) {
        return Arguments.of(name, error, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void should_reject_with_a_message_naming_the_input(String name, Callable<String> error, String expected)
            throws Exception {
        String message = error.call();

        assertThat(message).as(name).contains(expected);
        assertThat(message).as(name).doesNotContain(KEY);
        System.out.printf("bad-input | %-36s | %s%n", name, message.lines().filter(l -> !l.isBlank())
                .filter(l -> !l.contains("built-in emulator")).findFirst().orElse(""));
    }

    @Test
    void should_have_at_least_forty_rows() {
        assertThat(inputs().count()).isGreaterThanOrEqualTo(40);
    }
}
