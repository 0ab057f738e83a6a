package dev.imagegen4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The file-name rules shared by the CLI, batches and the agent tools' directory store. */
class FileNamesTest {

    @ParameterizedTest(name = "''{0}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
        "a corgi on grass                                   | 60 | a-corgi-on-grass",
        "../../etc/passwd: a cat!                           | 60 | etc-passwd-a-cat",
        "Crème brûlée on a TABLE                            | 60 | creme-brulee-on-a-table",
        "一只猫                                              | 60 | image",
        "''                                                 | 60 | image",
        "one two three four five six seven eight nine ten   | 40 | one-two-three-four-five-six-seven-eight",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx | 10 | xxxxxxxxxx",
        "C:\\Windows\\system32 .. con                       | 60 | c-windows-system32-con",
    })
    void should_make_a_safe_slug_from_any_text(String text, int max, String expected) {
        assertThat(FileNames.slug(text, max)).isEqualTo(expected).matches("[a-z0-9]+(-[a-z0-9]+)*")
                .hasSizeLessThanOrEqualTo(max);
    }

    @Test
    void should_name_indexed_images_and_copies_apart() {
        assertThat(FileNames.indexed("fox", 0)).isEqualTo("fox");
        assertThat(FileNames.indexed("fox", 2)).isEqualTo("fox-2");
        assertThat(FileNames.copy(Path.of("d/fox.png"), 2)).isEqualTo(Path.of("d/fox (2).png"));
        assertThat(FileNames.numbered(Path.of("d/fox.png"), 3)).isEqualTo(Path.of("d/fox-3.png"));
        assertThat(FileNames.copy(Path.of("d/fox"), 2)).isEqualTo(Path.of("d/fox (2)"));
        assertThat(FileNames.stem("a.b.png")).isEqualTo("a.b");
        assertThat(FileNames.extension("a.b.png")).isEqualTo("png");
        assertThat(FileNames.extension(".hidden")).isEmpty();
    }

    @Test
    void should_refuse_a_name_outside_its_directory() {
        Path dir = Path.of("/tmp/out");
        assertThat(FileNames.inside(dir, "a.png")).isEqualTo(Path.of("/tmp/out/a.png"));
        for (String bad : new String[] {"../a.png", "sub/a.png", "/etc/passwd", "..", "."}) {
            assertThatThrownBy(() -> FileNames.inside(dir, bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("outside /tmp/out");
        }
    }
}
