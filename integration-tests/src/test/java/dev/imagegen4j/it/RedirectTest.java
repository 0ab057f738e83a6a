package dev.imagegen4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ProviderException;
import dev.imagegen4j.azure.AzureImageGenerator;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import org.junit.jupiter.api.Test;

/** Auth headers never follow a redirect to another origin: API redirects are not followed at all. */
class RedirectTest {

    @Test
    void should_not_follow_an_api_redirect_to_another_origin() {
        try (ImageApiEmulator api = ImageApiEmulator.builder().azureDeployment("img2", "gpt-image-2").start();
                ImageApiEmulator elsewhere = ImageApiEmulator.start();
                OpenAiImageGenerator openai = OpenAiImageGenerator.builder().apiKey("sk-redirect-openai")
                        .baseUrl(api.baseUrl() + "/v1").build();
                AzureImageGenerator azure = AzureImageGenerator.builder().endpoint(api.baseUrl())
                        .apiKey("az-redirect-key").deployment("gpt-image-2", "img2").build()) {
            String target = elsewhere.baseUrl() + "/v1/images/generations";
            api.enqueue(Fault.redirect(307, target), Fault.redirect(308, target));

            assertThatThrownBy(() -> openai.generate(ImageRequest.builder().prompt("x").build()))
                    .isInstanceOf(ProviderException.class)
                    .hasMessageContaining("unexpected redirect (HTTP 307) to " + elsewhere.baseUrl().replaceAll(":\\d+$", ""))
                    .hasMessageNotContaining("sk-redirect-openai");
            assertThatThrownBy(() -> azure.generate(ImageRequest.builder().prompt("x").build()))
                    .isInstanceOf(ProviderException.class);

            assertThat(elsewhere.journal().all()).as("nothing, and so no key, reached the other origin").isEmpty();
        }
    }
}
