package dev.imagegen4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageEstimateTest {

    private static final ModelCatalog CATALOG = ModelCatalog.builtIn();

    private static ImageRequest.Builder request() {
        return ImageRequest.builder().prompt("a fox in the snow");
    }

    @Test
    void should_estimate_gpt_image_tokens_from_size_and_quality() {
        Usage low = Usage.estimate(request().size("1024x1024").quality(Quality.LOW).build(),
                CATALOG.resolve(ModelId.GPT_IMAGE_2).capabilities());
        Usage high = Usage.estimate(request().size("1536x1024").quality(Quality.HIGH).n(2).build());

        assertThat(low.outputImageTokens()).isEqualTo(272);
        assertThat(low.inputTextTokens()).isEqualTo(5); // 17 characters / 4, rounded up
        assertThat(high.outputImageTokens()).isEqualTo(2 * 6240); // 4160 x 1.5 per image
    }

    @Test
    void should_estimate_gemini_tokens_from_the_resolution_tier_when_the_model_bills_by_tier() {
        ModelCapabilities pro = CATALOG.resolve(ModelId.of("gemini-3-pro-image")).capabilities();
        ModelCapabilities flash = CATALOG.resolve(ModelId.of("gemini-3.1-flash-image")).capabilities();

        assertThat(pro.imageOutputTokens()).containsEntry("1K", 1120L).containsEntry("4K", 2000L);
        assertThat(flash.imageOutputTokens()).as("inherited through like:").isEqualTo(pro.imageOutputTokens());
        assertThat(Usage.estimate(request().build(), pro).outputImageTokens()).as("no tier: 1K").isEqualTo(1120);
        assertThat(Usage.estimate(request().resolution(ResolutionTier.TWO_K).n(3).build(), pro).outputImageTokens())
                .isEqualTo(3 * 1120);
        assertThat(Usage.estimate(request().resolution(ResolutionTier.FOUR_K).build(), pro).outputImageTokens())
                .isEqualTo(2000);
        assertThat(Usage.estimate(request().resolution(ResolutionTier.HALF_K).build(), flash).outputImageTokens())
                .as("a tier the entry does not list counts as 1K").isEqualTo(1120);
        // 1,120 tokens at 120 USD per million: the 0.134 USD Google lists for a 1K/2K image
        assertThat(CATALOG.prices().estimate(ModelId.of("gemini-3-pro-image"),
                Usage.estimate(request().build(), pro)).orElseThrow().amount().doubleValue()).isBetween(0.134, 0.135);
    }

    @Test
    void should_refuse_a_tier_count_below_one_naming_the_tier() {
        assertThatThrownBy(() -> ModelCapabilities.builder("x").imageOutputTokens(Map.of("2K", 0L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tier 2K must be at least 1: 0");
    }
}
