package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A non-Java client: the official MCP TypeScript SDK ({@code @modelcontextprotocol/sdk} from npm, pinned below) lists
 * and calls the tools of {@code imagegen mcp} over stdio. The SDK is installed once into
 * {@code target/mcp-ts-client} (npm reaches the registry on developer machines and CI alike); the test is skipped,
 * saying so, only when node or npm is not installed.
 */
class McpTypeScriptClientIT {

    /** The SDK version the test pins. */
    static final String SDK_VERSION = "1.32.2";

    @TempDir
    Path dir;

    private static boolean available(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(Path cwd, long timeoutSeconds, List<String> command) throws Exception {
        Path log = Files.createTempFile("mcp-ts", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(done).as("%s finished in %d s: %s", command, timeoutSeconds, output).isTrue();
            assertThat(p.exitValue()).as("%s: %s", command, output).isZero();
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** {@code target/mcp-ts-client} with the pinned SDK installed (kept between runs). */
    private static Path client() throws Exception {
        Path home = Path.of(System.getProperty("imagegen.jar", "target/imagegen.jar")).toAbsolutePath().getParent()
                .resolve("mcp-ts-client");
        Files.createDirectories(home);
        Path pkg = home.resolve("node_modules/@modelcontextprotocol/sdk/package.json");
        String wanted = "\"version\": \"" + SDK_VERSION + "\"";
        if (!Files.exists(pkg) || !Files.readString(pkg).contains(wanted)) {
            Files.writeString(home.resolve("package.json"), "{\"name\":\"imagegen4j-mcp-ts-client\",\"private\":true,"
                    + "\"type\":\"module\",\"dependencies\":{\"@modelcontextprotocol/sdk\":\"" + SDK_VERSION + "\"}}\n");
            run(home, 600, List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"));
        }
        try (InputStream script = McpTypeScriptClientIT.class.getResourceAsStream("/mcp/ts-client.mjs")) {
            Files.write(home.resolve("ts-client.mjs"), script.readAllBytes());
        }
        return home;
    }

    @Test
    void should_let_the_typescript_sdk_client_list_and_call_the_tools_over_stdio() throws Exception {
        Assumptions.assumeTrue(available("node") && available("npm"),
                "node and npm are not installed: the TypeScript MCP client test cannot run here");
        Path home = client();
        Path out = dir.resolve("images");

        String output = run(home, 300, new ArrayList<>(List.of("node", "ts-client.mjs",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), CliProcess.jar().toString(),
                out.toString())));

        String last = output.strip().lines().reduce((a, b) -> b).orElseThrow();
        JsonNode r = new ObjectMapper().readTree(last);
        assertThat(r.path("server").path("name").asText()).isEqualTo("imagegen4j");
        assertThat(r.path("tools").toString()).contains("generate_image", "edit_image", "get_image_result",
                "list_models");
        assertThat(r.path("qualityEnum").toString()).contains("xhigh");
        JsonNode generated = r.path("generated");
        assertThat(generated.path("isError").asBoolean()).isFalse();
        assertThat(generated.path("structured").path("status").asText()).isEqualTo("done");
        String path = generated.path("structured").path("images").path(0).path("path").asText();
        assertThat(Path.of(path)).exists().hasParent(out.toRealPath());
        assertThat(generated.path("links").path(0).asText()).isEqualTo(Path.of(path).toUri().toString());
        assertThat(r.path("edited").path("isError").asBoolean()).isFalse();
        assertThat(r.path("edited").path("structured").path("images").path(0).path("name").asText())
                .isEqualTo("a-lighthouse-at-dusk-add-a-boat.png");
        assertThat(r.path("badSize").path("isError").asBoolean()).isTrue();
        assertThat(r.path("badSize").path("text").asText()).contains("multiples of 16");
        assertThat(r.path("outside").path("isError").asBoolean()).isTrue();
        assertThat(r.path("outside").path("text").asText()).doesNotContain("passwd");
        assertThat(r.path("servingModel").asText()).isEqualTo("gpt-image-2.5-flare");
        assertThat(r.path("progress").asInt()).isPositive();
        assertThat(r.path("stderrHasNotice").asBoolean()).isTrue();
    }
}
