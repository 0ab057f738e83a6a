package dev.imagegen4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

class KeyLinesTest {

    @Test
    void should_find_the_line_of_nested_keys_in_yaml() {
        KeyLines lines = KeyLines.of(new YAMLFactory(), String.join("\n",
                "models:",
                "  a:",
                "    options:",
                "      quality: [low]",
                "  b: { like: a }",
                "routes:",
                "  r:",
                "    failover: [x, y]"));

        assertThat(lines.line("models.a.options.quality")).isEqualTo(4);
        assertThat(lines.line("models.b.like")).isEqualTo(5);
        assertThat(lines.line("routes.r.failover")).isEqualTo(8);
        assertThat(lines.where("models.a.options.quality.nope")).isEqualTo(" line 4");
        assertThat(lines.where("elsewhere")).isEmpty();
    }

    @Test
    void should_find_keys_inside_lists_of_mappings_in_json() {
        KeyLines lines = KeyLines.of(new JsonFactory(), "{\"a\": [\n {\"x\": 1},\n {\"y\": 2}\n]}");

        assertThat(lines.line("a.1.y")).isEqualTo(3);
        assertThat(lines.line("a.0.x")).isEqualTo(2);
    }

    @Test
    void should_keep_what_it_read_before_a_syntax_error() {
        KeyLines lines = KeyLines.of(new YAMLFactory(), "a:\n  b: 1\n  c: [unclosed\n");

        assertThat(lines.line("a.b")).isEqualTo(2);
    }
}
