package dev.imagegen4j.cli.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.testkit.ImageApiEmulator;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** An image server over Streamable HTTP on loopback, its SDK client, and the emulator behind it. */
final class McpFixture implements AutoCloseable {

    static final String KEY = "sk-mcp-test-4242424242";

    final ImageApiEmulator emu;
    final McpImageServer server;
    final McpHttp http;
    final McpSyncClient client;
    final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private McpFixture(ImageApiEmulator emu, ImageGenerator generator, Path dir,
            Consumer<McpImageServer.Builder> options, BearerToken token, String clientToken) throws Exception {
        this.emu = emu;
        McpImageServer.Builder b = McpImageServer.builder().generator(generator, "emulator")
                .catalog(ModelCatalog.builtIn()).model(ModelId.of("gpt-image-2.5-flare")).directory(dir)
                .heartbeat(Duration.ofMillis(200)).log(new PrintStream(log, true, StandardCharsets.UTF_8));
        options.accept(b);
        this.server = b.build();
        this.http = server.serveHttp(new McpHttp.Options("127.0.0.1", 0, token, List.of()));
        this.client = client(http, clientToken, progress::add);
        client.initialize();
    }

    static McpFixture start(ImageApiEmulator emu, Path dir) throws Exception {
        return start(emu, dir, b -> { });
    }

    static McpFixture start(ImageApiEmulator emu, Path dir, Consumer<McpImageServer.Builder> options)
            throws Exception {
        return new McpFixture(emu, generator(emu), dir, options, null, null);
    }

    static McpFixture withToken(ImageApiEmulator emu, Path dir, String token) throws Exception {
        return new McpFixture(emu, generator(emu), dir, b -> { }, BearerToken.of(token), token);
    }

    static McpFixture with(ImageApiEmulator emu, ImageGenerator generator, Path dir) throws Exception {
        return new McpFixture(emu, generator, dir, b -> { }, null, null);
    }

    static ImageGenerator generator(ImageApiEmulator emu) {
        return OpenAiImageGenerator.builder().apiKey(KEY).baseUrl(emu.baseUrl() + "/v1").build();
    }

    static McpSyncClient client(McpHttp http, String token, Consumer<McpSchema.ProgressNotification> progress) {
        String uri = http.uri().toString();
        HttpRequest.Builder request = HttpRequest.newBuilder();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(uri.substring(0, uri.length() - McpHttp.PATH.length())).endpoint(McpHttp.PATH)
                .requestBuilder(request).build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).progressConsumer(progress).build();
    }

    /** Calls {@code tool} with {@code args} (key, value, ...) and a progress token. */
    McpSchema.CallToolResult call(String tool, Object... args) {
        return client.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(args(args))
                .progressToken("p-" + System.nanoTime()).build());
    }

    static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String text(McpSchema.CallToolResult r) {
        StringBuilder sb = new StringBuilder();
        for (McpSchema.Content c : r.content()) {
            if (c instanceof McpSchema.TextContent) {
                sb.append(((McpSchema.TextContent) c).text()).append('\n');
            }
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(McpSchema.CallToolResult r) {
        assertThat(r.structuredContent()).as(text(r)).isInstanceOf(Map.class);
        return (Map<String, Object>) r.structuredContent();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> images(McpSchema.CallToolResult r) {
        return (List<Map<String, Object>>) structured(r).get("images");
    }

    static List<McpSchema.ResourceLink> links(McpSchema.CallToolResult r) {
        List<McpSchema.ResourceLink> out = new ArrayList<>();
        r.content().stream().filter(c -> c instanceof McpSchema.ResourceLink)
                .forEach(c -> out.add((McpSchema.ResourceLink) c));
        return out;
    }

    int posts() {
        return emu.journal().posts().size();
    }

    String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            client.closeGracefully();
        } catch (RuntimeException ignored) {
            // the server may already be gone
        }
        http.close();
        server.close();
    }
}
