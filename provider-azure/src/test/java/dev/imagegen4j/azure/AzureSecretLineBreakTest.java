package dev.imagegen4j.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.spi.ProviderSettings;
import dev.imagegen4j.testkit.EmulatorExtension;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/**
 * A key or Entra ID token with a line break (a CRLF {@code .env}, a token read from a file) is refused where it is
 * set, with a message that never shows it; nothing is sent.
 */
class AzureSecretLineBreakTest {

    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.create(b -> b.azureDeployment("img2", "gpt-image-2"));

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl";

    private static void assertNothingShownOrSent(Throwable e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(secret.strip());
        }
        assertThat(EMULATOR.emulator().journal().posts()).isEmpty();
    }

    @Test
    void should_refuse_a_supplied_token_with_a_line_break_without_showing_it() {
        try (ImageGenerator azure = AzureImageGenerator.builder().endpoint(EMULATOR.emulator().baseUrl())
                .deployment("gpt-image-2", "img2").tokenSupplier(() -> AzureToken.of(TOKEN + "\r\n", Instant.MAX))
                .build()) {

            Throwable e = catchThrowable(() -> azure.generate(ImageRequest.builder().prompt("a corgi").build()));

            assertThat(e).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("the Entra ID token supplier failed")
                    .hasMessageContaining("ends with a line break (CR LF)");
            assertNothingShownOrSent(e, TOKEN);
        }
    }

    @Test
    void should_refuse_an_azure_identity_token_with_a_line_break_without_showing_it() {
        TokenCredential credential = new TokenCredential() {
            @Override
            public Mono<AccessToken> getToken(TokenRequestContext context) {
                return Mono.just(new AccessToken(TOKEN + "\n", OffsetDateTime.now(ZoneOffset.UTC).plusHours(1)));
            }
        };
        try (ImageGenerator azure = AzureImageGenerator.builder().endpoint(EMULATOR.emulator().baseUrl())
                .deployment("gpt-image-2", "img2").tokenSupplier(AzureIdentityTokens.of(credential)).build()) {

            Throwable e = catchThrowable(() -> azure.generate(ImageRequest.builder().prompt("a corgi").build()));

            assertThat(e).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("ends with a line break (LF)");
            assertNothingShownOrSent(e, TOKEN);
        }
    }

    @Test
    void should_name_the_setting_or_variable_when_a_configured_key_has_a_line_break() {
        String key = "0123456789abcdef0123456789abcdef";
        ProviderSettings inFile = ProviderSettings.builder().name("azure-main").put("endpoint",
                EMULATOR.emulator().baseUrl()).put("deployments", Map.of("gpt-image-2", "img2")).build();

        Throwable fromSetting = catchThrowable(() -> ImageGenerators.create("azure",
                inFile.toBuilder().put("api-key", key + "\r\n").build()));
        Throwable fromEnv = catchThrowable(() -> ImageGenerators.create("azure",
                inFile.toBuilder().environment(Map.of("AZURE_OPENAI_API_KEY", key + "\r")).build()));

        assertThat(fromSetting).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("setting 'api-key' ends with a line break (CR LF)");
        assertThat(fromEnv).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends with a line break (CR)");
        assertNothingShownOrSent(fromSetting, key);
        assertNothingShownOrSent(fromEnv, key);
    }
}
