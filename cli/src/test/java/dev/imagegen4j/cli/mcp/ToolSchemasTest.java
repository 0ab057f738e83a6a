package dev.imagegen4j.cli.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tool schemas are generated from the catalog: exact for catalog entries, examples for inferred or unknown models. */
class ToolSchemasTest {

    private static ToolSchemas schemas(String model) {
        ModelCatalog.Resolution r = ModelCatalog.builtIn().resolve(ModelId.of(model));
        return new ToolSchemas(ModelId.of(model), r.capabilities(), r, 50);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> property(Map<String, Object> schema, String name) {
        return (Map<String, Object>) ((Map<String, Object>) schema.get("properties")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> schema) {
        return (Map<String, Object>) schema.get("properties");
    }

    // model | size enum (or pattern) | quality enum | has output_format | max n | exact
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "gpt-image-2.5-flare   | pattern                                       | auto low medium high xhigh max | true  | 10 | true",
        "gpt-image-2.6-flare   | pattern                                       | auto low medium high xhigh max | true  | 10 | true",
        "gpt-image-1           | auto 1024x1024 1536x1024 1024x1536             | auto low medium high           | true  | 10 | true",
        "dall-e-3              | 1024x1024 1792x1024 1024x1792                  | standard hd                    | false | 1  | true",
        "gpt-image-2.7-flare   | pattern                                       | -                              | true  | -  | false",
        "acme-image-9          | pattern                                       | -                              | true  | -  | false"})
    void should_state_what_the_model_takes(String model, String sizes, String qualities, boolean formats, String maxN,
            boolean exact) {
        ToolSchemas s = schemas(model);
        Map<String, Object> input = s.generateInput();

        assertThat(s.exact()).isEqualTo(exact);
        Map<String, Object> size = property(input, "size");
        if (sizes.equals("pattern")) {
            assertThat(size).containsKey("pattern").doesNotContainKey("enum");
        } else {
            assertThat(size.get("enum")).isEqualTo(List.of(sizes.split(" ")));
        }
        Map<String, Object> quality = property(input, "quality");
        if (qualities.equals("-")) {
            assertThat(quality).doesNotContainKey("enum");
            assertThat(String.valueOf(quality.get("description"))).contains("not in the model catalog");
        } else {
            assertThat(quality.get("enum")).isEqualTo(List.of(qualities.split(" ")));
        }
        assertThat(properties(input).containsKey("output_format")).isEqualTo(formats);
        // the server's cap where the catalog has no limit (an unknown model): n is paid per image
        assertThat(property(input, "n")).containsEntry("maximum", maxN.equals("-") ? ToolSchemas.MAX_N
                : Integer.parseInt(maxN));
        DefaultJsonSchemaValidator validator = new DefaultJsonSchemaValidator();
        assertThat(validator.validateSchema(input).valid()).as(model).isTrue();
        assertThat(validator.validateSchema(s.editInput()).valid()).as(model).isTrue();
        assertThat(validator.validate(input, Map.of("prompt", "a fox")).valid()).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_carry_ranges_and_conditions_of_model_specific_options() {
        Map<String, Object> input = schemas("gpt-image-2.6-flare").generateInput();

        assertThat(property(input, "frame_count")).containsEntry("type", "integer");
        assertThat(((Number) property(input, "frame_count").get("minimum")).intValue()).isEqualTo(2);
        assertThat(((Number) property(input, "frame_count").get("maximum")).intValue()).isEqualTo(16);
        assertThat(String.valueOf(property(input, "frame_count").get("description"))).contains("output_format gif");
        assertThat((List<String>) property(input, "output_format").get("enum")).contains("svg", "gif");
        assertThat(property(input, "complexity").get("enum")).isEqualTo(List.of("low", "medium", "high"));
        assertThat(properties(input)).doesNotContainKeys("response_format", "partial_images", "safety_identifier",
                "input_fidelity");
        assertThat(properties(schemas("gpt-image-2.6-flare").editInput())).containsKey("input_fidelity");
    }

    @Test
    void should_validate_arguments_against_the_generated_schema() {
        Map<String, Object> input = schemas("gpt-image-1").generateInput();
        DefaultJsonSchemaValidator validator = new DefaultJsonSchemaValidator();

        assertThat(validator.validate(input, Map.of("prompt", "x", "size", "1536x1024")).valid()).isTrue();
        assertThat(validator.validate(input, Map.of("prompt", "x", "size", "1536x864")).valid()).isFalse();
        assertThat(validator.validate(input, Map.of("prompt", "x", "n", 11)).valid()).isFalse();
        assertThat(validator.validate(input, Map.of("prompt", "x", "idempotency_key", "has space")).valid()).isFalse();
        assertThat(validator.validate(input, Map.of("size", "auto")).valid()).isFalse();
    }
}
