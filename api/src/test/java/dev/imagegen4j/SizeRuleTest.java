package dev.imagegen4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizeRuleTest {

    private final ModelCatalog catalog = ModelCatalog.builtIn();

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            3840x1280 | gpt-image-2 | ok       |
            3856x1296 | gpt-image-2 | rejected | long edge must be at most 3840 px (3856 is over)
            1024x640  | gpt-image-2 | ok       |
            1008x640  | gpt-image-2 | rejected | pixel count must be between 655,360 and 8,294,400 (645,120 is not)
            3840x2160 | gpt-image-2 | ok       |
            2880x2880 | gpt-image-2 | ok       |
            3840x1264 | gpt-image-2 | rejected | ratio of long to short edge must be at most 3:1 (3840:1264 is over)
            1000x1000 | gpt-image-2 | rejected | both edges must be multiples of 16 (1000 is not)
            1536x864  | gpt-image-1 | rejected | not one of the sizes this model takes
            1536x864  | gpt-image-2 | ok       |
            1792x1024 | dall-e-3    | ok       |
            1792x1024 | gpt-image-2 | ok       |
            1792x1024 | gpt-image-1 | rejected | not one of the sizes this model takes
            1792x1024 | dall-e-2    | rejected | not one of the sizes this model takes
            512x512   | dall-e-2    | ok       |
            512x512   | dall-e-3    | rejected | not one of the sizes this model takes
            512x512   | gpt-image-1 | rejected | not one of the sizes this model takes
            512x512   | gpt-image-2 | rejected | pixel count must be between
            auto      | gpt-image-2 | ok       |
            auto      | gpt-image-1 | ok       |
            auto      | dall-e-3    | rejected | not one of the sizes this model takes
            4096x4096 | gpt-image-2 | rejected | long edge must be at most 3840 px
            """)
    void should_apply_each_models_size_rule(String size, String model, String outcome, String reason) {
        ModelId id = ModelId.of(model);
        ImageRequest request = ImageRequest.builder().prompt("a lighthouse").model(id).size(size).build();
        ModelCapabilities caps = catalog.resolve(id).capabilities();

        if (outcome.equals("ok")) {
            assertThat(caps.validate(request, id)).isEmpty();
        } else {
            assertThatThrownBy(() -> caps.validate(request, id))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("size " + size + " for " + model + ": ")
                    .hasMessageContaining(reason)
                    .satisfies(e -> assertThat(((InvalidRequestException) e).param()).contains("size"));
        }
    }

    @ParameterizedTest
    @CsvSource({"1000x1000", "1024 x 1024", "auto", "AUTO", "1536X864"})
    void should_parse_sizes_in_common_spellings(String text) {
        ImageSize size = ImageSize.parse(text);
        assertThat(ImageSize.parse(size.wireValue())).isEqualTo(size);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"big", "1024", "1024x", "x1024", "0x1024", "-5x10", "1024*1024"})
    void should_reject_malformed_size_text_naming_it(String text) {
        assertThatThrownBy(() -> ImageSize.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }
}
