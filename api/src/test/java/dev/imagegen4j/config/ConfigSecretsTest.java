package dev.imagegen4j.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Config errors give the file, line, column and what is wrong, but never the content of the broken line, which is
 * often the one holding the key; and a secret that cannot go into an HTTP header is refused naming its variable.
 */
class ConfigSecretsTest {

    private static final String KEY = "sk-proj-Q7xW2vN9kL4mZ8pR3tY6";

    private static Throwable parse(String text, boolean json, Map<String, String> env) {
        return catchThrowable(() -> ImageGenConfig.parse(text.getBytes(StandardCharsets.UTF_8),
                json ? "imagegen4j.json" : "imagegen4j.yaml", json, env, ConfigSecretsTest.class.getClassLoader()));
    }

    static Stream<Arguments> brokenYaml() {
        return Stream.of(
                // an unterminated quoted key: SnakeYAML would quote the line with a caret under it
                Arguments.of("generators:\n  g:\n    provider: fake\n    api-key: \"" + KEY + "\n", "line 5",
                        "found unexpected end of stream"),
                Arguments.of("generators:\n  g:\n    provider: fake\n    api-key: '" + KEY + "\n", "line 5",
                        "found unexpected end of stream"),
                // a colon inside an unquoted key
                Arguments.of("generators:\n  g:\n    provider: fake\n    api-key: " + KEY + ": x\n", "line 4, column",
                        "mapping values are not allowed here"),
                // a tab before the key
                Arguments.of("generators:\n  g:\n    provider: fake\n\tapi-key: " + KEY + "\n", "line 4, column 1",
                        "found character '\\t(TAB)' that cannot start any token"),
                // text after a closing quote
                Arguments.of("generators:\n  g: { provider: fake, api-key: \"" + KEY + "\"x }\n", "line 2",
                        "YAML syntax error"),
                // an unclosed flow mapping
                Arguments.of("generators:\n  g: { provider: fake, api-key: " + KEY + "\n", "line ", "YAML syntax error"),
                // a list item where a mapping goes on
                Arguments.of("generators:\n  g:\n    provider: fake\n    api-key: " + KEY + "\n  - " + KEY + "\n",
                        "line 5", "YAML syntax error"),
                // a bad escape inside a double-quoted key
                Arguments.of("generators:\n  g:\n    provider: fake\n    api-key: \"" + KEY + "\\q\"\n", "line 4",
                        "found unknown escape character"),
                // a directive-like line
                Arguments.of("%" + KEY + "\ngenerators: {}\n", "line ", "YAML syntax error"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("brokenYaml")
    void should_give_line_and_problem_but_not_the_line_when_yaml_is_broken(String yaml, String where, String what) {
        // when
        Throwable e = parse(yaml, false, Map.of());

        // then
        assertThat(e).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("imagegen4j.yaml " + where)
                .hasMessageContaining(what)
                .hasNoCause();
        assertNoPartOfTheKey(e.getMessage(), KEY.replace("-", ""));
        assertNoPartOfTheKey(e.getMessage(), KEY);
    }

    static Stream<Arguments> brokenJson() {
        return Stream.of(
                // an unquoted key: Jackson says "Unrecognized token 'sk'..." with the token
                Arguments.of("{\"generators\": {\"g\": {\"provider\": \"fake\",\n  \"api-key\": " + KEY + "}}}",
                        "line 2, column"),
                Arguments.of("{\"generators\": {\"g\": {\"provider\": \"fake\",\n  \"api-key\": \"" + KEY + "}}}",
                        "line 2"),
                Arguments.of("{\"generators\": {\"g\": {\"provider\": \"fake\",\n  \"api-key\": \"" + KEY
                        + "\" " + KEY + "}}}", "line 2, column"),
                Arguments.of("{\"generators\": {\"g\": {\"provider\": \"fake\",\n  \"api-key\": 'x" + KEY + "'}}}",
                        "line 2, column"),
                Arguments.of("{\"generators\": {\"g\": {\"provider\": \"fake\",\n  " + KEY + ": \"x\"}}}",
                        "line 2, column"),
                Arguments.of("{\"generators\": {\"g\": {\"provider\": \"fake\",\n  \"api-key\": \"a\tb" + KEY + "\"}}}",
                        "line 2, column"),
                Arguments.of("{\"generators\": {\"g\": {\"provider\": \"fake\",\n  \"api-key\": 12345678901234567890"
                        + "123x}}}", "line 2, column"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenJson")
    void should_give_line_and_column_but_not_the_token_when_json_is_broken(String json, String where) {
        // when
        Throwable e = parse(json, true, Map.of());

        // then
        assertThat(e).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("imagegen4j.json " + where)
                .hasMessageContaining("JSON syntax error: ")
                .hasMessageEndingWith("(the line is not shown: it may hold a secret)")
                .hasNoCause();
        assertNoPartOfTheKey(e.getMessage(), KEY);
        assertNoPartOfTheKey(e.getMessage(), "12345678901234567890123");
    }

    @Test
    void should_keep_the_grammar_of_the_parsers_description() {
        assertThat(SyntaxErrors.mask("Unrecognized token 'skabc': was expecting (JSON String, Number, Array, Object "
                + "or token 'null', 'true' or 'false')")).isEqualTo("Unrecognized token '***': was expecting (JSON "
                + "String, Number, Array, Object or token 'null', 'true' or 'false')");
        assertThat(SyntaxErrors.mask("Unexpected character ('s' (code 115)): was expecting double-quote to start "
                + "field name")).isEqualTo("Unexpected character (***): was expecting double-quote to start field name");
        assertThat(SyntaxErrors.mask("Unexpected character (''' (code 39)): expected a valid value (JSON String, "
                + "Number, Array, Object or token 'null', 'true' or 'false')")).isEqualTo("Unexpected character "
                + "(U+0027 APOSTROPHE): expected a valid value (JSON String, Number, Array, Object or token 'null', "
                + "'true' or 'false')");
        assertThat(SyntaxErrors.mask("found unknown escape character q(113)"))
                .isEqualTo("found unknown escape character ***");
        assertThat(SyntaxErrors.mask("found undefined tag handle !Q7xW2vN9!"))
                .isEqualTo("found undefined tag handle !***!");
        assertThat(SyntaxErrors.mask("Illegal unquoted character ((CTRL-CHAR, code 9)): has to be escaped"))
                .isEqualTo("Illegal unquoted character ((CTRL-CHAR, code 9)): has to be escaped");
        assertThat(SyntaxErrors.mask("expected <block end>, but found '<scalar>'"))
                .isEqualTo("expected <block end>, but found '<scalar>'");
        assertThat(SyntaxErrors.mask("expected ',' or '}', but got <stream end>"))
                .isEqualTo("expected ',' or '}', but got <stream end>");
    }

    @Test
    void should_name_a_duplicate_key() {
        Throwable e = parse("generators:\n  g: { provider: fake, api-key: k }\n  g: { provider: fake, api-key: k }\n",
                false, Map.of());

        assertThat(e).hasMessageContaining("line 3").hasMessageContaining("Duplicate field 'g'");
    }

    static Stream<Arguments> unfitVariables() {
        return Stream.of(
                Arguments.of(KEY + "\r\n", "ends with a line break (CR LF)"),
                Arguments.of(KEY + "\r", "ends with a line break (CR)"),
                Arguments.of(KEY + "\n", "ends with a line break (LF)"),
                Arguments.of(KEY + " ", "ends with white space"),
                Arguments.of("sk-proj\u0000" + KEY, "contains U+0000"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("unfitVariables")
    void should_name_the_variable_when_it_puts_an_unfit_secret_into_a_key(String value, String problem) {
        // given: a CRLF .env, or a key read from a file with its newline
        String yaml = "generators:\n  g:\n    provider: fake\n    api-key: ${OPENAI_API_KEY}\n";

        // when
        Throwable e = parse(yaml, false, Map.of("OPENAI_API_KEY", value));

        // then
        assertThat(e).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("imagegen4j.yaml line 4 (generators.g.api-key): environment variable "
                        + "OPENAI_API_KEY " + problem);
        assertNoPartOfTheKey(e.getMessage(), KEY);
    }

    @Test
    void should_name_the_setting_when_the_file_itself_puts_an_unfit_secret_into_a_key() {
        Throwable literal = parse("generators:\n  g:\n    provider: fake\n    api-key: \"" + KEY + "\\r\\n\"\n", false,
                Map.of());
        Throwable around = parse("generators:\n  g:\n    provider: fake\n    api-key: \" ${K}\"\n", false,
                Map.of("K", KEY));

        assertThat(literal).hasMessageStartingWith("imagegen4j.yaml line 4 (generators.g.api-key): setting 'api-key' "
                + "ends with a line break (CR LF)");
        assertThat(around).hasMessageStartingWith("imagegen4j.yaml line 4 (generators.g.api-key): setting 'api-key' "
                + "starts with white space");
        assertNoPartOfTheKey(literal.getMessage(), KEY);
        assertNoPartOfTheKey(around.getMessage(), KEY);
    }

    @Test
    void should_accept_the_same_variable_in_a_setting_that_is_not_a_secret() {
        // a trailing newline in a non-secret string is the provider's to judge (e.g. a URL parser's error)
        Throwable e = parse("generators:\n  g:\n    provider: fake\n    api-key: k\n    base-url: ${URL}\n", false,
                Map.of("URL", "https://example.com/v1\n"));

        assertThat(e).isNull();
    }

    private static void assertNoPartOfTheKey(String message, String key) {
        for (int i = 0; i + 6 <= key.length(); i++) {
            assertThat(message).as("message shows part of the key").doesNotContain(key.substring(i, i + 6));
        }
    }
}
