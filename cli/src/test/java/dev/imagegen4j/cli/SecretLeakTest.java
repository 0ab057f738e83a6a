package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Secret;
import dev.imagegen4j.aimlapi.AimlApiImageGenerator;
import dev.imagegen4j.azure.AzureImageGenerator;
import dev.imagegen4j.azure.AzureToken;
import dev.imagegen4j.config.ImageGenConfig;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.spi.ProviderSettings;
import dev.imagegen4j.testkit.Dialect;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys and tokens never appear in logs (at debug level), stdout/stderr, exception messages and stack traces,
 * {@code toString()} of results, generators, settings and configs, the CLI's output, or the emulator journal's
 * printed form, across every provider, auth style and error path.
 */
class SecretLeakTest {

    static {
        // before any logger exists in this JVM (surefire forks one per test class here)
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
    }

    private static final String OPENAI_KEY = "sk-leakcheck-openai-AAAA1111";
    private static final String AZURE_KEY = "azleakcheck0000BBBB2222";
    private static final String ENTRA_TOKEN = "eyJleakcheck.CCCC3333entra.signature";
    private static final String AIML_KEY = "aimlleakcheckDDDD4444";
    private static final List<String> SECRETS = List.of(OPENAI_KEY, AZURE_KEY, ENTRA_TOKEN, AIML_KEY, "AAAA1111",
            "BBBB2222", "CCCC3333", "DDDD4444");

    @TempDir
    Path dir;

    private final StringBuilder seen = new StringBuilder();
    private int scenarios;

    private void scan(Object o) {
        if (o instanceof Throwable) {
            StringWriter w = new StringWriter();
            ((Throwable) o).printStackTrace(new PrintWriter(w));
            seen.append(w).append('\n');
        } else {
            seen.append(o).append('\n');
        }
    }

    private void scenario(String name, Supplier<Object> action) {
        scenarios++;
        try {
            scan(action.get());
        } catch (RuntimeException e) {
            scan(e);
        }
    }

    @Test
    void should_never_print_a_key_or_token_anywhere() throws Exception {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try (ImageApiEmulator emu = ImageApiEmulator.builder().azureDeployment("img2", "gpt-image-2").start();
                ImageApiEmulator strict = ImageApiEmulator.builder().apiKey("sk-the-only-valid-key-000").start()) {
            ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB), "png", dir.resolve("a.png").toFile());
            ImageRequest request = ImageRequest.builder().prompt("a lighthouse").model(ModelId.GPT_IMAGE_2).build();
            ImageRequest edit = request.toBuilder().image(dir.resolve("a.png")).build();

            OpenAiImageGenerator openai = OpenAiImageGenerator.builder().apiKey(OPENAI_KEY).baseUrl(emu.baseUrl() + "/v1")
                    .build();
            scan(openai);
            scenario("openai generate", () -> openai.generate(request));
            scenario("openai edit", () -> openai.generate(edit));
            scenario("openai stream", () -> openai.generate(request.toBuilder().partialImages(2).build()));
            for (Fault f : List.of(Fault.contentPolicy(), Fault.status(500), Fault.quotaExhausted(), Fault.malformedJson(),
                    Fault.resetAfterBody(), Fault.rateLimited(java.time.Duration.ofSeconds(1)))) {
                emu.enqueue(f);
                scenario("openai " + f.kind(), () -> openai.generate(request));
            }
            OpenAiImageGenerator rejected = OpenAiImageGenerator.builder().apiKey(OPENAI_KEY)
                    .baseUrl(strict.baseUrl() + "/v1").build();
            scenario("openai 401", () -> rejected.generate(request));

            AzureImageGenerator azure = AzureImageGenerator.builder().endpoint(emu.baseUrl()).apiKey(AZURE_KEY)
                    .deployment("gpt-image-2", "img2").build();
            scan(azure);
            scenario("azure key", () -> azure.generate(request));
            emu.enqueue(Fault.contentPolicy());
            scenario("azure refusal", () -> azure.generate(request));
            AzureImageGenerator entra = AzureImageGenerator.builder().endpoint(emu.baseUrl())
                    .tokenSupplier(() -> AzureToken.of(ENTRA_TOKEN, Instant.now().plusSeconds(3600)))
                    .deployment("gpt-image-2", "img2").build();
            scan(entra);
            scenario("azure entra", () -> entra.generate(request));
            AzureImageGenerator failing = AzureImageGenerator.builder().endpoint(emu.baseUrl())
                    .tokenSupplier(() -> {
                        throw new IllegalStateException("token service refused " + ENTRA_TOKEN);
                    })
                    .deployment("gpt-image-2", "img2").build();
            scenario("azure failing supplier", () -> failing.generate(request));

            AimlApiImageGenerator aiml = AimlApiImageGenerator.builder().apiKey(AIML_KEY)
                    .baseUrl(emu.baseUrl(Dialect.AIMLAPI)).build();
            scan(aiml);
            scenario("aimlapi", () -> aiml.generate(request.toBuilder().size("1024x1024").quality(
                    dev.imagegen4j.Quality.LOW).build()));
            emu.enqueue(Fault.quotaExhausted());
            scenario("aimlapi credits", () -> aiml.generate(request.toBuilder().size("1024x1024").build()));

            Map<String, String> env = Map.of("OPENAI_API_KEY", OPENAI_KEY, "AZURE_OPENAI_API_KEY", AZURE_KEY,
                    "AIMLAPI_API_KEY", AIML_KEY);
            Path config = dir.resolve("imagegen4j.yaml");
            Files.writeString(config, """
                    default: main
                    generators:
                      azure: { provider: azure, endpoint: "%s", api-key: "${AZURE_OPENAI_API_KEY}", deployments: { gpt-image-2: img2 } }
                      openai: { provider: openai, api-key: "${OPENAI_API_KEY}", base-url: "%s/v1" }
                      aiml: { provider: aimlapi, api-key: "${AIMLAPI_API_KEY}", base-url: "%s" }
                    routes:
                      main: { failover: [azure, openai, aiml] }
                    """.formatted(emu.baseUrl(), emu.baseUrl(), emu.baseUrl(Dialect.AIMLAPI)));
            ImageGenConfig parsed = ImageGenConfig.load(config, env);
            scan(parsed);
            scenario("route", () -> {
                try (ImageGenerator route = parsed.openDefault()) {
                    scan(route);
                    ImageResult r = route.generate(request);
                    scan(r.providerMetadata());
                    return r;
                }
            });
            scenario("settings", () -> ProviderSettings.builder().put("api-key", OPENAI_KEY)
                    .put("token", Secret.of(ENTRA_TOKEN)).put("aiml-key", AIML_KEY).build());
            scenario("config error with secrets", () -> ImageGenConfig.parse(("generators:\n  g: { provider: openai, "
                    + "api-key: " + OPENAI_KEY + ", idle-timeout: nope }\n").getBytes(StandardCharsets.UTF_8),
                    "x.yaml", false, env, getClass().getClassLoader()).open("g"));

            for (String[] args : List.of(
                    new String[] {"generate", "x", "--verbose", "-o", "one.png"},
                    new String[] {"generate", "x", "--verbose", "--json", "-o", "two.png", "--generator", "openai"},
                    new String[] {"providers"},
                    new String[] {"generate", "x", "--verbose", "--json", "--provider", "aimlapi"})) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                Context ctx = new Context(env, dir, new PrintStream(out, true), new PrintStream(out, true), false);
                ImagegenCli.run(ctx, args);
                seen.append(out.toString(StandardCharsets.UTF_8));
                scenarios++;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Files.writeString(dir.resolve("bad.yaml"), "generators:\n  g: { provider: openai, api-key: \"" + OPENAI_KEY
                    + "\", base-url: \"" + strict.baseUrl() + "/v1\" }\n");
            ImagegenCli.run(new Context(env, dir, new PrintStream(out, true), new PrintStream(out, true), false),
                    "generate", "x", "--verbose", "--config", "bad.yaml", "-o", "three.png");
            seen.append(out.toString(StandardCharsets.UTF_8));
            scenarios++;

            scan(emu.journal());
            scan(strict.journal());
            for (var r : emu.journal().all()) {
                scan(r);
            }
            openai.close();
            rejected.close();
            azure.close();
            entra.close();
            failing.close();
            aiml.close();
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        String everything = seen + "\n" + logs;

        assertThat(logs).as("debug logging was on and captured").contains("DEBUG");
        assertThat(scenarios).isGreaterThanOrEqualTo(20);
        List<String> leaks = new ArrayList<>();
        for (String secret : SECRETS) {
            int at = everything.indexOf(secret);
            if (at >= 0) {
                leaks.add(secret + " in: " + everything.substring(Math.max(0, at - 200), Math.min(everything.length(),
                        at + 50)));
            }
        }
        assertThat(leaks).as("secrets found in printed output").isEmpty();
        realOut.printf("secret-scan | %d scenarios | %,d characters of logs, messages, stack traces, toString and CLI "
                + "output scanned | %d secrets | 0 found%n", scenarios, everything.length(), SECRETS.size());
    }
}
