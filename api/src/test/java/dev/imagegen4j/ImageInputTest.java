package dev.imagegen4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInputTest {

    @Test
    void should_read_type_and_dimensions_from_png_and_jpeg_headers(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("a.bin");
        Files.write(png, TestImages.png(300, 200));

        ImageInput fromFile = ImageInput.of(png);
        ImageInput jpeg = ImageInput.of(TestImages.jpeg(640, 480), "photo");

        assertThat(fromFile.mimeType()).isEqualTo("image/png");
        assertThat(fromFile.dimensions()).contains(ImageSize.of(300, 200));
        assertThat(fromFile.length()).hasValue(Files.size(png));
        assertThat(fromFile.isRepeatable()).isTrue();
        assertThat(jpeg.mimeType()).isEqualTo("image/jpeg");
        assertThat(jpeg.dimensions()).contains(ImageSize.of(640, 480));
    }

    @Test
    void should_keep_a_one_shot_stream_whole_after_sniffing_its_header() throws Exception {
        byte[] bytes = TestImages.png(40, 30);
        ImageInput in = ImageInput.ofOneShot(new ByteArrayInputStream(bytes), "s.png", null);

        assertThat(in.dimensions()).contains(ImageSize.of(40, 30));
        try (InputStream s = in.openStream()) {
            assertThat(s.readAllBytes()).isEqualTo(bytes);
        }
        assertThat(in.isRepeatable()).isFalse();
        assertThatThrownBy(in::openStream).isInstanceOf(IllegalStateException.class)
                .hasMessage("one-shot image stream 's.png' was already read");
    }

    @Test
    void should_stream_a_sink_file_atomically(@TempDir Path dir) throws Exception {
        ImageSink sink = ImageSink.toDirectory(dir, "out");
        ImageSink.Target t = sink.open(0, OutputFormat.PNG);
        t.stream().write(new byte[] {1, 2, 3});

        assertThat(dir.resolve("out.png")).doesNotExist();
        assertThat(t.commit()).contains(dir.resolve("out.png").toAbsolutePath());
        assertThat(Files.readAllBytes(dir.resolve("out.png"))).containsExactly(1, 2, 3);
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void should_leave_nothing_behind_when_a_sink_write_is_aborted(@TempDir Path dir) throws Exception {
        ImageSink.Target t = ImageSink.toFile(dir.resolve("x.png")).open(0, OutputFormat.PNG);
        t.stream().write(new byte[1000]);
        t.abort();

        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
