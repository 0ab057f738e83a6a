package dev.imagegen4j.cli.mcp;

import static dev.imagegen4j.cli.mcp.McpFixture.images;
import static dev.imagegen4j.cli.mcp.McpFixture.links;
import static dev.imagegen4j.cli.mcp.McpFixture.structured;
import static dev.imagegen4j.cli.mcp.McpFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import io.modelcontextprotocol.spec.McpSchema;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image tools through the MCP SDK's own client over Streamable HTTP, against the emulator. */
class McpServerTest {

    private static ImageApiEmulator emu;

    @TempDir
    Path tmp;
    private Path dir;

    @BeforeAll
    static void startEmulator() {
        emu = ImageApiEmulator.builder().apiKey(McpFixture.KEY).start();
    }

    @AfterAll
    static void stopEmulator() {
        emu.close();
    }

    @BeforeEach
    void reset() {
        emu.reset();
        dir = tmp.resolve("generated-images");
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_list_the_tools_with_schemas_from_the_models_catalog_entry() throws Exception {
        try (McpFixture f = McpFixture.start(emu, dir)) {
            Map<String, McpSchema.Tool> tools = f.client.listTools().tools().stream()
                    .collect(Collectors.toMap(McpSchema.Tool::name, t -> t));

            assertThat(tools).containsOnlyKeys("generate_image", "edit_image", "get_image_result", "list_models");
            Map<String, Object> generate = (Map<String, Object>) tools.get("generate_image").inputSchema()
                    .get("properties");
            assertThat((Map<String, Object>) generate.get("quality")).containsEntry("enum",
                    List.of("auto", "low", "medium", "high", "xhigh", "max"));
            assertThat((Map<String, Object>) generate.get("output_format")).containsEntry("enum",
                    List.of("png", "jpeg", "webp"));
            assertThat((Map<String, Object>) generate.get("size")).containsKey("pattern");
            assertThat(generate).containsKeys("prompt", "n", "background", "idempotency_key", "wait_seconds")
                    .doesNotContainKeys("response_format", "partial_images", "input_fidelity", "complexity");
            assertThat(tools.get("generate_image").inputSchema()).containsEntry("additionalProperties", false);
            assertThat((Map<String, Object>) tools.get("edit_image").inputSchema().get("properties"))
                    .containsKeys("images", "mask", "input_fidelity");
            assertThat(tools.get("edit_image").inputSchema()).containsEntry("required", List.of("prompt", "images"));
            assertThat(tools.get("generate_image").outputSchema()).containsKey("properties");
            assertThat(f.posts()).isZero();
        }
    }

    @Test
    void should_save_the_image_and_answer_with_its_path_link_and_usage_when_generating() throws Exception {
        try (McpFixture f = McpFixture.start(emu, dir)) {
            McpSchema.CallToolResult r = f.call("generate_image", "prompt", "A red fox in the snow!", "size",
                    "1536x1024", "quality", "low");

            assertThat(r.isError()).as(text(r)).isFalse();
            Path saved = dir.toRealPath().resolve("a-red-fox-in-the-snow.png");
            assertThat(ImageIO.read(saved.toFile()).getWidth()).isEqualTo(1536);
            assertThat(links(r)).singleElement().satisfies(l -> {
                assertThat(l.uri()).isEqualTo(saved.toUri().toString());
                assertThat(l.mimeType()).isEqualTo("image/png");
                assertThat(l.size()).isEqualTo(Files.size(saved));
            });
            Map<String, Object> s = structured(r);
            assertThat(s).containsEntry("status", "done").containsEntry("model", "gpt-image-2.5-flare")
                    .containsEntry("provider", "openai").containsKeys("usage", "cost", "job_id", "request_id");
            assertThat(images(r).get(0)).containsEntry("path", saved.toString()).containsEntry("width", 1536);
            assertThat(text(r)).contains(saved.toString()).contains("edit_image");
            // never the image data unless asked
            assertThat(r.content()).noneMatch(c -> c instanceof McpSchema.ImageContent);
            assertThat(f.posts()).isEqualTo(1);
            assertThat(emu.journal().last().param("quality")).contains("low");
            assertThat(f.progress).isNotEmpty();
        }
    }

    @Test
    void should_name_files_from_the_prompt_and_never_overwrite() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("a-lighthouse.png"), "mine");
        try (McpFixture f = McpFixture.start(emu, dir)) {
            McpSchema.CallToolResult first = f.call("generate_image", "prompt", "a lighthouse");
            McpSchema.CallToolResult second = f.call("generate_image", "prompt", "a lighthouse");

            assertThat(images(first).get(0).get("name")).isEqualTo("a-lighthouse-2.png");
            assertThat(images(second).get(0).get("name")).isEqualTo("a-lighthouse-3.png");
            assertThat(Files.readString(dir.resolve("a-lighthouse.png"))).isEqualTo("mine");
        }
    }

    @Test
    void should_edit_an_earlier_result_named_by_its_file_name_or_job_id() throws Exception {
        try (McpFixture f = McpFixture.start(emu, dir)) {
            McpSchema.CallToolResult drawn = f.call("generate_image", "prompt", "a red fox in snow");
            String name = (String) images(drawn).get(0).get("name");

            McpSchema.CallToolResult edited = f.call("edit_image", "prompt", "make it night", "images", List.of(name));
            McpSchema.CallToolResult again = f.call("edit_image", "prompt", "add stars", "images",
                    List.of(structured(drawn).get("job_id")));

            assertThat(edited.isError()).as(text(edited)).isFalse();
            assertThat(images(edited).get(0).get("name")).isEqualTo("a-red-fox-in-snow-make-it-night.png");
            assertThat(images(again).get(0).get("name")).isEqualTo("a-red-fox-in-snow-add-stars.png");
            List<RecordedRequest> posts = emu.journal().posts();
            assertThat(posts).extracting(RecordedRequest::path).containsExactly("/v1/images/generations",
                    "/v1/images/edits", "/v1/images/edits");
            assertThat(posts.get(1).parts()).anyMatch(p -> p.name().startsWith("image"));
        }
    }

    @Test
    void should_answer_a_refused_prompt_as_a_tool_error_the_model_can_act_on() throws Exception {
        emu.enqueue(Fault.contentPolicy());
        try (McpFixture f = McpFixture.start(emu, dir)) {
            McpSchema.CallToolResult r = f.call("generate_image", "prompt", "something the policy refuses");

            assertThat(r.isError()).isTrue();
            assertThat(text(r)).contains("refused by the content policy").contains("change the request");
            assertThat(f.posts()).isEqualTo(1);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("."));
            }
        }
    }

    @Test
    void should_refuse_a_bad_size_or_value_before_anything_is_sent() throws Exception {
        try (McpFixture f = McpFixture.start(emu, dir)) {
            McpSchema.CallToolResult ruleBroken = f.call("generate_image", "prompt", "a fox", "size", "1000x1000");
            McpSchema.CallToolResult notASize = f.call("generate_image", "prompt", "a fox", "size", "huge");
            McpSchema.CallToolResult badQuality = f.call("generate_image", "prompt", "a fox", "quality", "ultra");
            McpSchema.CallToolResult unknownArgument = f.call("generate_image", "prompt", "a fox", "colour", "red");

            assertThat(ruleBroken.isError()).isTrue();
            assertThat(text(ruleBroken)).contains("1000x1000").contains("multiples of 16");
            assertThat(notASize.isError()).isTrue();
            assertThat(text(notASize)).contains("size");
            assertThat(badQuality.isError()).isTrue();
            assertThat(text(badQuality)).contains("quality");
            assertThat(unknownArgument.isError()).isTrue();
            assertThat(f.posts()).isZero();
        }
    }

    @Test
    void should_never_read_a_file_outside_the_directory() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("private"));
        Path secret = outside.resolve("secret.png");
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        ImageIO.write(img, "png", secret.toFile());
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve("linked.png"), secret);
        Files.createSymbolicLink(dir.resolve("elsewhere"), outside);
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        try (McpFixture f = McpFixture.start(emu, dir)) {
            for (String ref : List.of("../../etc/passwd", "/etc/passwd", "../private/secret.png", secret.toString(),
                    "linked.png", "elsewhere/secret.png", "elsewhere/../../private/secret.png", ".imagegen-mcp-jobs.jsonl",
                    "notes.txt", "missing.png", "")) {
                McpSchema.CallToolResult r = f.call("edit_image", "prompt", "x", "images", List.of(ref));
                String text = text(r);

                assertThat(r.isError()).as(ref + ": " + text).isTrue();
                assertThat(text).as(ref).doesNotContain("etc/passwd").doesNotContain(outside.toString())
                        .doesNotContain("private");
            }
            McpSchema.CallToolResult mask = f.call("edit_image", "prompt", "x", "images", List.of("linked.png"),
                    "mask", "/etc/passwd");
            assertThat(mask.isError()).isTrue();
            assertThat(f.posts()).isZero();
        }
    }

    @Test
    void should_answer_with_a_job_id_and_fetch_the_result_later() throws Exception {
        emu.enqueue(Fault.latency(java.time.Duration.ofMillis(1500)));
        try (McpFixture f = McpFixture.start(emu, dir)) {
            McpSchema.CallToolResult started = f.call("generate_image", "prompt", "a slow fox", "wait_seconds", 0);
            String job = (String) structured(started).get("job_id");

            assertThat(structured(started)).containsEntry("status", "running");
            assertThat(text(started)).contains("get_image_result").contains(job);
            McpSchema.CallToolResult done = f.call("get_image_result", "job_id", job);
            assertThat(structured(done)).containsEntry("status", "done").containsEntry("job_id", job);
            assertThat(f.progress).extracting(McpSchema.ProgressNotification::message)
                    .anyMatch(m -> m.contains("waiting for the image"));
            McpSchema.CallToolResult unknown = f.call("get_image_result", "job_id", "job-000000000000");
            assertThat(unknown.isError()).isTrue();
            assertThat(text(unknown)).contains(job);
            assertThat(f.posts()).isEqualTo(1);
        }
    }

    @Test
    void should_add_a_bounded_preview_only_when_configured_and_the_image_only_when_asked() throws Exception {
        try (McpFixture f = McpFixture.start(emu, dir, b -> b.previewEdge(96))) {
            McpSchema.CallToolResult r = f.call("generate_image", "prompt", "a fox", "include_image", true);

            List<McpSchema.ImageContent> images = r.content().stream().filter(c -> c instanceof McpSchema.ImageContent)
                    .map(c -> (McpSchema.ImageContent) c).collect(Collectors.toList());
            assertThat(images).hasSize(2);
            BufferedImage preview = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder()
                    .decode(images.get(0).data())));
            assertThat(images.get(0).mimeType()).isEqualTo("image/jpeg");
            assertThat(Math.max(preview.getWidth(), preview.getHeight())).isEqualTo(96);
            assertThat(Base64.getDecoder().decode(images.get(1).data()))
                    .isEqualTo(Files.readAllBytes(Path.of((String) images(r).get(0).get("path"))));
        }
    }

    @Test
    void should_serve_saved_images_as_resources_and_nothing_else() throws Exception {
        try (McpFixture f = McpFixture.start(emu, dir)) {
            McpSchema.CallToolResult r = f.call("generate_image", "prompt", "a fox");
            String uri = links(r).get(0).uri();

            McpSchema.ReadResourceResult read = f.client.readResource(new McpSchema.ReadResourceRequest(uri));
            assertThat(((McpSchema.BlobResourceContents) read.contents().get(0)).blob()).isEqualTo(Base64.getEncoder()
                    .encodeToString(Files.readAllBytes(Path.of((String) images(r).get(0).get("path")))));
            String base = dir.toRealPath().toUri().toString();
            Files.writeString(dir.resolve("notes.txt"), "not an image");
            for (String bad : List.of(base + "..%2F..%2Fetc%2Fpasswd", base + ".imagegen-mcp-jobs.jsonl",
                    base + "notes.txt", "file:///etc/passwd")) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.client.readResource(
                        new McpSchema.ReadResourceRequest(bad))).as(bad)
                        .isInstanceOf(io.modelcontextprotocol.spec.McpError.class);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_list_the_catalog_and_say_which_model_it_serves() throws Exception {
        try (McpFixture f = McpFixture.start(emu, dir)) {
            McpSchema.CallToolResult r = f.call("list_models");

            Map<String, Object> s = structured(r);
            assertThat(s).containsEntry("server_model", "gpt-image-2.5-flare");
            List<Map<String, Object>> models = (List<Map<String, Object>>) s.get("models");
            assertThat(models).extracting(m -> m.get("id")).contains("gpt-image-2", "gpt-image-2.6-flare", "dall-e-3");
            assertThat(models).filteredOn(m -> Boolean.TRUE.equals(m.get("serving"))).extracting(m -> m.get("id"))
                    .containsExactly("gpt-image-2.5-flare");
            assertThat(text(r)).contains("gpt-image-2.5-flare (this server)");
        }
    }
}
