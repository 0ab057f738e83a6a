package dev.imagegen4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.imagegen4j.AllProvidersFailedException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.azure.AzureImageGenerator;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.routing.ImageRouter;
import dev.imagegen4j.routing.RetryOptions;
import dev.imagegen4j.testkit.ImageApiEmulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A route over an Azure and an OpenAI emulator: failing over is visible in the result's warnings, and a route
 * whose every member failed says what each one said, never a key.
 */
class FailoverVisibilityTest {

    private static final String AZURE_KEY = "azure-key-0123456789abcdef0123";
    private static final String OPENAI_KEY = "sk-proj-openai-Q7xW2vN9kL4mZ8pR";
    private static final RetryOptions FAST = RetryOptions.DEFAULT.withBackoff(Duration.ofMillis(5),
            Duration.ofMillis(20));

    private static ImageApiEmulator azureEmu;
    private static ImageApiEmulator openaiEmu;

    @BeforeAll
    static void start() {
        azureEmu = ImageApiEmulator.builder().apiKey("the-right-azure-key").azureDeployment("img2", "gpt-image-2")
                .start();
        openaiEmu = ImageApiEmulator.builder().apiKey("sk-the-right-openai-key").start();
    }

    @AfterAll
    static void stop() {
        azureEmu.close();
        openaiEmu.close();
    }

    @BeforeEach
    void reset() {
        azureEmu.reset();
        openaiEmu.reset();
    }

    private static ImageGenerator azure(String key) {
        return AzureImageGenerator.builder().endpoint(azureEmu.baseUrl()).apiKey(key).deployment("gpt-image-2", "img2")
                .build();
    }

    private static ImageGenerator openai(String key) {
        return OpenAiImageGenerator.builder().apiKey(key).baseUrl(openaiEmu.baseUrl() + "/v1").build();
    }

    @Test
    void should_say_in_the_result_which_member_failed_and_why_when_another_served() {
        // given: the Azure member's key is wrong
        try (ImageGenerator route = ImageRouter.builder("images").add("azure", azure(AZURE_KEY))
                .add("openai", openai("sk-the-right-openai-key")).retry(FAST).defaultModel(ModelId.GPT_IMAGE_2).build()) {

            // when
            ImageResult result = route.generate(ImageRequest.builder().prompt("a lighthouse").build());

            // then
            assertThat(result.providerMetadata()).containsEntry("route-member", "openai");
            assertThat(result.warnings()).hasSize(1);
            assertThat(result.warnings().get(0))
                    .startsWith("azure failed (AuthenticationException: Access denied due to invalid subscription key "
                            + "or wrong API endpoint.")
                    .contains("(HTTP 401")
                    .endsWith("); served by openai")
                    .doesNotContain(AZURE_KEY);
            assertThat(azureEmu.journal().posts()).hasSize(1);
            assertThat(openaiEmu.journal().posts()).hasSize(1);
        }
    }

    @Test
    void should_list_each_members_message_when_every_member_failed() {
        // given: both keys are wrong
        try (ImageGenerator route = ImageRouter.builder("images").add("azure", azure(AZURE_KEY))
                .add("openai", openai(OPENAI_KEY)).retry(FAST).defaultModel(ModelId.GPT_IMAGE_2).build()) {

            // when
            AllProvidersFailedException e = catchThrowableOfType(AllProvidersFailedException.class,
                    () -> route.generate(ImageRequest.builder().prompt("a lighthouse").build()));

            // then: not just the class names
            assertThat(e.getMessage())
                    .startsWith("all providers failed. Tried: azure (AuthenticationException: Access denied due to "
                            + "invalid subscription key")
                    .contains("), openai (AuthenticationException: Incorrect API key provided: ")
                    .doesNotContain(AZURE_KEY)
                    .doesNotContain(OPENAI_KEY)
                    .doesNotContain("Q7xW2vN9");
            assertThat(e.attempts()).hasSize(2);
            assertThat(e.getSuppressed()).hasSize(2);
            assertThat(azureEmu.journal().posts().size() + openaiEmu.journal().posts().size()).isEqualTo(2);
        }
    }
}
