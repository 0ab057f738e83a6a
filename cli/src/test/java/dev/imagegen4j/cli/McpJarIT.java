package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imagegen mcp} as a real process (the packaged jar), over stdio and HTTP, driven by the MCP SDK's own client. */
class McpJarIT {

    private static final String KEY = "sk-mcp-stdio-9191919191";
    private static ImageApiEmulator emu;

    @TempDir
    Path dir;

    @BeforeAll
    static void startEmulator() {
        emu = ImageApiEmulator.builder().apiKey(KEY).start();
    }

    @AfterAll
    static void stopEmulator() {
        emu.close();
    }

    @BeforeEach
    void reset() {
        emu.reset();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static McpSchema.CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
        return c.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(args).progressToken("t-" + tool)
                .build());
    }

    private static String text(McpSchema.CallToolResult r) {
        return r.content().stream().filter(c -> c instanceof McpSchema.TextContent)
                .map(c -> ((McpSchema.TextContent) c).text()).collect(Collectors.joining("\n"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_serve_the_tools_to_the_sdk_client_over_stdio() throws Exception {
        Path out = dir.resolve("images");
        ServerParameters params = ServerParameters.builder(java())
                .args("-jar", CliProcess.jar().toString(), "mcp", "--provider", "openai", "--out", out.toString())
                .env(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", emu.baseUrl() + "/v1"))
                .build();
        StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper()));
        List<String> stderr = new CopyOnWriteArrayList<>();
        transport.setStdErrorHandler(stderr::add);
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60)).progressConsumer(progress::add).build()) {
            client.initialize();

            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                    .containsExactlyInAnyOrder("generate_image", "edit_image", "get_image_result", "list_models");

            McpSchema.CallToolResult drawn = call(client, "generate_image", Map.of("prompt", "a lighthouse at dusk",
                    "size", "1536x1024"));
            assertThat(drawn.isError()).as(text(drawn)).isFalse();
            Map<String, Object> image = ((List<Map<String, Object>>) ((Map<String, Object>) drawn.structuredContent())
                    .get("images")).get(0);
            Path saved = Path.of((String) image.get("path"));
            assertThat(saved.getParent()).isEqualTo(out.toRealPath());
            assertThat(ImageIO.read(saved.toFile()).getWidth()).isEqualTo(1536);
            assertThat(progress).isNotEmpty();

            McpSchema.CallToolResult edited = call(client, "edit_image", Map.of("prompt", "add a boat", "images",
                    List.of(image.get("name"))));
            assertThat(edited.isError()).as(text(edited)).isFalse();
            assertThat(text(edited)).contains("a-lighthouse-at-dusk-add-a-boat.png");

            emu.enqueue(Fault.contentPolicy());
            McpSchema.CallToolResult refused = call(client, "generate_image", Map.of("prompt", "refuse me"));
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).contains("content policy");

            McpSchema.CallToolResult badSize = call(client, "generate_image", Map.of("prompt", "x", "size",
                    "1000x1000"));
            assertThat(badSize.isError()).isTrue();
            assertThat(text(badSize)).contains("multiples of 16");

            McpSchema.CallToolResult outside = call(client, "edit_image", Map.of("prompt", "x", "images",
                    List.of("../../etc/passwd")));
            assertThat(outside.isError()).isTrue();
            assertThat(text(outside)).doesNotContain("etc/passwd").contains("outside the image directory");

            assertThat(emu.journal().posts()).extracting(RecordedRequest::path).containsExactly(
                    "/v1/images/generations", "/v1/images/edits", "/v1/images/generations");
        }
        assertThat(String.join("\n", stderr)).contains("serving MCP on stdio").doesNotContain(KEY);
    }

    @Test
    void should_write_nothing_but_protocol_messages_to_stdout() throws Exception {
        Path out = dir.resolve("images");
        ProcessBuilder pb = CliProcess.imagegen(dir, "mcp", "--out", out.toString(), "--verbose");
        Path stderr = dir.resolve("stderr.log");
        pb.redirectError(stderr.toFile());
        Process p = pb.start();
        List<String> lines = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                    p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    if (line.contains("\"id\":3")) {
                        answered.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                lines.add("read failed: " + e);
            }
        });
        reader.start();
        try (OutputStream in = p.getOutputStream()) {
            for (String line : List.of(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}",
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"generate_image\","
                            + "\"arguments\":{\"prompt\":\"a corgi\"},\"_meta\":{\"progressToken\":7}}}")) {
                in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            assertThat(answered.await(60, TimeUnit.SECONDS)).as("the call was answered: %s", lines).isTrue();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        reader.join(10_000);

        assertThat(p.exitValue()).isZero();
        ObjectMapper json = new ObjectMapper();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            JsonNode n = json.readTree(line);
            assertThat(n.path("jsonrpc").asText()).as(line).isEqualTo("2.0");
        }
        assertThat(lines).anyMatch(l -> l.contains("\"id\":3") && l.contains("\"isError\":false"));
        assertThat(lines).anyMatch(l -> l.contains("notifications/progress"));
        String err = Files.readString(stderr);
        assertThat(err).contains("uses the built-in emulator").contains("serving MCP on stdio");
        assertThat(out.resolve("a-corgi.png")).exists();
    }

    @Test
    void should_exit_with_the_configuration_code_and_keep_stdout_empty_when_the_generator_is_not_configured()
            throws Exception {
        ProcessBuilder pb = CliProcess.imagegen(dir, "mcp", "--provider", "openai");
        pb.environment().remove("OPENAI_API_KEY");
        pb.environment().put("OPENAI_BASE_URL", "https://images.example.test/v1"); // a real host named, no key
        Path stdout = dir.resolve("stdout.log");
        Path stderr = dir.resolve("stderr.log");
        Process p = pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        p.getOutputStream().close();

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(ExitCodes.CONFIG);
        assertThat(Files.readString(stdout)).isEmpty();
        assertThat(Files.readString(stderr)).contains("configuration error").contains("openai");
    }

    @Test
    void should_serve_streamable_http_with_a_bearer_token_and_stop_on_ctrl_c() throws Exception {
        String token = "jar-token-5d1e0c9a7b3f4e21";
        ProcessBuilder pb = CliProcess.imagegen(dir, "mcp", "--http", "--port", "0", "--provider", "openai");
        pb.environment().put("OPENAI_API_KEY", KEY);
        pb.environment().put("OPENAI_BASE_URL", emu.baseUrl() + "/v1");
        pb.environment().put("IMAGEGEN4J_MCP_TOKEN", token);
        Path stderr = dir.resolve("stderr.log");
        Process p = pb.redirectErrorStream(true).redirectOutput(stderr.toFile()).start();
        try {
            String url = null;
            for (int i = 0; i < 600 && url == null; i++) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/mcp)")
                        .matcher(Files.readString(stderr));
                if (m.find()) {
                    url = m.group(1);
                } else {
                    Thread.sleep(100);
                }
            }
            assertThat(url).as(Files.readString(stderr)).isNotNull();
            java.net.http.HttpRequest.Builder auth = java.net.http.HttpRequest.newBuilder()
                    .header("Authorization", "Bearer " + token);
            io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport transport =
                    io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport
                            .builder(url.substring(0, url.length() - "/mcp".length())).endpoint("/mcp")
                            .requestBuilder(auth).build();
            try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build()) {
                client.initialize();
                McpSchema.CallToolResult r = call(client, "generate_image", Map.of("prompt", "a heron"));
                assertThat(r.isError()).as(text(r)).isFalse();
                assertThat(dir.resolve("generated-images/a-heron.png")).exists();
            }
            java.net.http.HttpResponse<String> anonymous = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).POST(
                            java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
        } finally {
            CliProcess.interrupt(p);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        String log = Files.readString(stderr);
        assertThat(log).contains("bearer token required").contains("stopping").doesNotContain(token)
                .doesNotContain(KEY);
        assertThat(emu.journal().posts()).hasSize(1);
    }
}
