package dev.imagegen4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.imagegen4j.spi.ProviderSettings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A secret that cannot go into an HTTP header is refused where it is set, naming the setting and never showing
 * the value: otherwise the JDK's "invalid header value" message would print it at the first request.
 */
class SecretTest {

    private static final String KEY = "sk-proj-Abc123Def456Ghi789";

    static Stream<Arguments> unfit() {
        return Stream.of(
                Arguments.of(KEY + "\r\n", "ends with a line break (CR LF)"),
                Arguments.of(KEY + "\n", "ends with a line break (LF)"),
                Arguments.of(KEY + "\r", "ends with a line break (CR)"),
                Arguments.of("sk-proj-Abc\n123Def456", "contains a line break (LF) at character 12"),
                Arguments.of("sk-proj-Abc\r123Def456", "contains a line break (CR) at character 12"),
                Arguments.of(KEY + " ", "ends with white space (U+0020 SPACE)"),
                Arguments.of("\t" + KEY, "starts with white space (U+0009 CHARACTER TABULATION)"),
                Arguments.of(KEY + "\u00a0", "ends with white space (U+00A0 NO-BREAK SPACE)"),
                Arguments.of("sk-proj\u0000Abc123", "contains U+0000"),
                Arguments.of("sk-proj\tAbc123", "contains U+0009 CHARACTER TABULATION at character 8"),
                Arguments.of("sk-proj\u007fAbc123", "contains U+007F"),
                Arguments.of("sk-proj\u0085Abc123", "contains U+0085"),
                Arguments.of("\ufeff" + KEY, "contains U+FEFF ZERO WIDTH NO-BREAK SPACE at character 1"),
                Arguments.of("sk-proj\u200bAbc123", "contains U+200B ZERO WIDTH SPACE"),
                Arguments.of("sk-proj\u2028Abc123", "contains U+2028 LINE SEPARATOR"),
                Arguments.of("sk-proj\u2019Abc123", "contains U+2019 RIGHT SINGLE QUOTATION MARK"),
                Arguments.of("sk-proj\ud83d\udd11Abc123", "contains U+1F511 KEY"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("unfit")
    void should_refuse_a_secret_that_cannot_go_into_a_header_without_showing_it(String value, String problem) {
        // when
        Throwable e = catchThrowable(() -> Secret.of(value, "environment variable OPENAI_API_KEY"));

        // then
        assertThat(e).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("environment variable OPENAI_API_KEY " + problem)
                .hasMessageEndingWith("(the value is not shown)");
        assertNoPartOfTheKeyIn(e.getMessage(), value);
    }

    @Test
    void should_say_how_to_fix_a_windows_line_ending() {
        assertThatThrownBy(() -> Secret.of(KEY + "\r\n"))
                .hasMessageStartingWith("secret ends with a line break (CR LF)")
                .hasMessageContaining("Windows (CRLF) line endings")
                .hasMessageContaining("tr -d '\\r\\n' < key.txt");
    }

    @Test
    void should_accept_keys_as_vendors_issue_them() {
        for (String ok : new String[] {KEY, "0123456789abcdef0123456789abcdef", "eyJhbGciOi.eyJzdWIi.sig-_",
                "pass word with spaces inside", "caf\u00e9-latin1"}) {
            assertThat(Secret.of(ok).reveal()).isEqualTo(ok);
            // what the JDK would accept as a header value, so the check is not stricter than needed for keys
            HttpRequest.newBuilder(URI.create("https://example.com")).header("api-key", ok);
        }
    }

    @Test
    void should_show_that_the_jdk_itself_would_print_the_value() {
        // the reason for the check: the JDK's own message contains the whole value
        Throwable jdk = catchThrowable(() -> HttpRequest.newBuilder(URI.create("https://example.com"))
                .header("Authorization", "Bearer " + KEY + "\r\n"));

        assertThat(jdk).isInstanceOf(IllegalArgumentException.class);
        assertThat(jdk.getMessage()).contains(KEY);
    }

    @Test
    void should_name_the_setting_when_provider_settings_hold_such_a_secret() {
        // given: a settings map built in code, as from a properties file
        Throwable built = catchThrowable(() -> ProviderSettings.builder().name("backup")
                .put("api-key", KEY + "\r\n").build());
        Throwable nested = catchThrowable(() -> ProviderSettings.builder()
                .put("auth", Map.of("client-secret", KEY + "\n")).build());

        // then
        assertThat(built).hasMessageStartingWith("generator 'backup': setting 'api-key' ends with a line break (CR LF)");
        assertThat(nested).hasMessageStartingWith("setting 'auth.client-secret' ends with a line break (LF)");
        assertNoPartOfTheKeyIn(built.getMessage(), KEY);
        assertNoPartOfTheKeyIn(nested.getMessage(), KEY);
    }

    @Test
    void should_name_the_variable_when_the_environment_holds_such_a_secret() {
        ProviderSettings s = ProviderSettings.builder().name("main")
                .environment(Map.of("OPENAI_API_KEY", KEY + "\r\n")).build();

        Throwable e = catchThrowable(() -> s.secretOrEnv("api-key", "OPENAI_API_KEY"));

        assertThat(e).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("generator 'main': environment variable OPENAI_API_KEY ends with a line break "
                        + "(CR LF)");
        assertNoPartOfTheKeyIn(e.getMessage(), KEY);
        assertThat(ProviderSettings.builder().environment(Map.of("OPENAI_API_KEY", KEY)).build()
                .secretOrEnv("api-key", "OPENAI_API_KEY")).contains(Secret.of(KEY));
    }

    /** No run of 6 characters of the key (longer than any word of the message that could match by chance). */
    static void assertNoPartOfTheKeyIn(String message, String key) {
        String k = key.strip();
        for (int i = 0; i + 6 <= k.length(); i++) {
            String part = k.substring(i, i + 6);
            if (part.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
                assertThat(message).as("message shows part of the key").doesNotContain(part);
            }
        }
    }
}
