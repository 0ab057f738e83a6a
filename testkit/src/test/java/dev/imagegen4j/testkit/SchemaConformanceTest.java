package dev.imagegen4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Validates emulator responses, stream events and error bodies against the schemas of OpenAI's OpenAPI
 * document ({@code shared/specs/openai/openapi.yaml}, found by walking up from the module directory).
 * Skipped, with the reason, where {@code shared/} is absent (a fresh clone of the code repository alone).
 */
class SchemaConformanceTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create();

    private static final String SPEC = "shared/specs/openai/openapi.yaml";
    private static JsonNode spec;
    private static final Map<String, JsonSchema> SCHEMAS = new HashMap<>();

    @BeforeAll
    static void loadSpec() throws IOException {
        Path found = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(SPEC))) {
                found = dir.resolve(SPEC);
                break;
            }
        }
        Assumptions.assumeTrue(found != null, "skipped: " + SPEC + " was not found in " + Path.of("").toAbsolutePath()
                + " or any parent directory; the OpenAI spec lives in the project's shared/ folder beside the "
                + "repository, which a fresh clone of the code alone does not have");
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
        spec = yaml.readTree(found.toFile());
    }

    private static JsonSchema schema(String name) {
        return SCHEMAS.computeIfAbsent(name, n -> {
            assertThat(spec.at("/components/schemas/" + n).isMissingNode()).as("schema " + n + " in spec").isFalse();
            ObjectNode root = spec.deepCopy();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.put("$ref", "#/components/schemas/" + n);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(root, SchemaValidatorsConfig.builder().build());
        });
    }

    private static void assertValid(String schemaName, JsonNode node) {
        Set<ValidationMessage> errors = schema(schemaName).validate(node);
        String shown = node.toString().replaceAll("\"b64_json\":\"[^\"]{40,}\"", "\"b64_json\":\"...\"");
        assertThat(errors).as("%s against %s", shown, schemaName).isEmpty();
    }

    private static Http.Reply generate(String json) {
        return Http.postJson(emu.emulator().baseUrl(Dialect.OPENAI) + "/images/generations", json, Http.bearer("k"));
    }

    @Test
    void should_detect_invalid_document_so_validation_is_not_vacuous() {
        JsonNode bad = Http.JSON.createObjectNode().put("created", "yesterday").put("quality", "ultra");

        assertThat(schema("ImagesResponse").validate(bad)).isNotEmpty();
        assertThat(schema("Error").validate(Http.JSON.createObjectNode().put("message", "x"))).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"size\":\"1024x1536\",\"quality\":\"low\",\"output_format\":\"jpeg\"}",
        "{\"model\":\"gpt-image-1.5\",\"prompt\":\"x\",\"n\":2,\"background\":\"transparent\",\"quality\":\"low\"}",
        "{\"model\":\"dall-e-3\",\"prompt\":\"x\"}",
        "{\"model\":\"dall-e-2\",\"prompt\":\"x\",\"size\":\"256x256\",\"response_format\":\"b64_json\"}",
        "{\"model\":\"gpt-image-2.5-flare\",\"prompt\":\"x\",\"quality\":\"low\",\"size\":\"1536x1024\",\"safety_identifier\":\"u1\"}",
        "{\"model\":\"gpt-image-2.6-sunburst\",\"prompt\":\"x\",\"quality\":\"medium\",\"complexity\":\"low\",\"n\":2,\"size\":\"1024x1536\"}",
    })
    void should_match_images_response_schema_when_generating(String request) {
        Http.Reply r = generate(request);

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertValid("ImagesResponse", r.json());
    }

    @Test
    void should_match_images_response_schema_when_editing() {
        Http.Reply r = new Http.Form().field("model", "gpt-image-1").field("prompt", "x").field("quality", "low")
                .file("image[]", "a.png", "image/png", Http.png(64, 64, false))
                .file("image[]", "b.png", "image/png", Http.png(64, 64, false))
                .post(emu.emulator().baseUrl(Dialect.OPENAI) + "/images/edits", Http.bearer("k"));

        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertValid("ImagesResponse", r.json());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-image-2", "gpt-image-2.5-sunburst\",\"safety_identifier\":\"u1",
        "gpt-image-2.6-flare\",\"complexity\":\"medium"})
    void should_match_image_gen_stream_event_schema(String model) {
        Http.Reply r = generate("{\"model\":\"" + model + "\",\"prompt\":\"x\",\"stream\":true,\"partial_images\":2,"
                + "\"size\":\"1024x1024\",\"quality\":\"low\"}");

        assertThat(Sse.parse(r.text)).as(r.toString()).hasSize(3);
        for (Sse.Event e : Sse.parse(r.text)) {
            assertValid("ImageGenStreamEvent", e.json());
        }
    }

    @Test
    void should_match_image_edit_stream_event_schema() {
        Http.Reply r = new Http.Form().field("model", "gpt-image-1").field("prompt", "x").field("stream", "true")
                .field("partial_images", "1").field("quality", "low")
                .file("image", "a.png", "image/png", Http.png(64, 64, false))
                .post(emu.emulator().baseUrl(Dialect.OPENAI) + "/images/edits", Http.bearer("k"));

        assertThat(Sse.parse(r.text)).hasSize(2);
        for (Sse.Event e : Sse.parse(r.text)) {
            assertValid("ImageEditStreamEvent", e.json());
        }
    }

    @Test
    void should_match_error_schema_for_every_openai_error_shape() {
        emu.emulator().enqueue(Fault.contentPolicy(), Fault.status(503), Fault.rateLimited(java.time.Duration.ofSeconds(1)),
                Fault.quotaExhausted(), Fault.status(403));
        String ok = "{\"model\":\"gpt-image-2\",\"prompt\":\"x\"}";
        Http.Reply[] replies = {generate(ok), generate(ok), generate(ok), generate(ok), generate(ok),
            generate("{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"size\":\"100x100\"}"),
            generate("{\"model\":\"nope\",\"prompt\":\"x\"}"),
            generate("{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"quality\":\"xhigh\"}"),
            generate("{\"model\":\"gpt-image-2.5-flare\",\"prompt\":\"x\",\"complexity\":\"low\"}"),
            generate("{\"model\":\"gpt-image-2.6-flare\",\"prompt\":\"x\",\"output_format\":\"gif\",\"frame_count\":40}"),
            Http.postJson(emu.emulator().baseUrl(Dialect.OPENAI) + "/images/generations", ok)};

        for (Http.Reply r : replies) {
            assertThat(r.status).as(r.toString()).isBetween(400, 599);
            assertValid("ErrorResponse", r.json());
            assertValid("Error", r.json().get("error"));
        }
    }
}
