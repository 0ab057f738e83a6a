package dev.imagegen4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one atomic writer: whole or absent, replace or never replace, umask permissions, nothing left behind. */
class AtomicFileTargetTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static Path write(AtomicFileTarget t, String text) throws IOException {
        t.stream().write(text.getBytes());
        return t.commit().orElseThrow();
    }

    @Test
    void should_replace_an_existing_file_when_replacing() throws Exception {
        Files.writeString(dir.resolve("a.png"), "old");

        Path written = write(AtomicFileTarget.replacing(dir.resolve("a.png")), "new");

        assertThat(written).isEqualTo(dir.resolve("a.png"));
        assertThat(Files.readString(written)).isEqualTo("new");
        assertThat(names()).containsExactly("a.png");
    }

    @Test
    void should_never_replace_and_take_the_next_free_name_when_creating() throws Exception {
        Files.writeString(dir.resolve("a.png"), "mine");
        Files.writeString(dir.resolve("a (2).png"), "mine too");

        Path written = write(AtomicFileTarget.creating(dir.resolve("a.png"), k -> FileNames.copy(dir.resolve("a.png"),
                k)), "new");

        assertThat(written).isEqualTo(dir.resolve("a (3).png"));
        assertThat(Files.readString(dir.resolve("a.png"))).isEqualTo("mine");
        assertThat(Files.readString(dir.resolve("a (2).png"))).isEqualTo("mine too");
        assertThat(names()).containsExactly("a (2).png", "a (3).png", "a.png");
    }

    @Test
    void should_fail_and_leave_nothing_when_creating_without_alternatives_over_a_taken_name() throws Exception {
        AtomicFileTarget t = AtomicFileTarget.creating(dir.resolve("a.png"), null);
        t.stream().write(1);
        Files.writeString(dir.resolve("a.png"), "appeared meanwhile");

        assertThatThrownBy(t::commit).isInstanceOf(FileAlreadyExistsException.class).hasMessageContaining("a.png");

        assertThat(Files.readString(dir.resolve("a.png"))).isEqualTo("appeared meanwhile");
        assertThat(names()).containsExactly("a.png");
    }

    @Test
    void should_give_every_concurrent_writer_its_own_name() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Path>> futures = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String text = "writer " + i;
                futures.add(pool.submit(() -> write(AtomicFileTarget.creating(dir.resolve("a.png"),
                        k -> FileNames.numbered(dir.resolve("a.png"), k)), text)));
            }
            List<String> contents = new ArrayList<>();
            for (Future<Path> f : futures) {
                contents.add(Files.readString(f.get()));
            }
            assertThat(contents).doesNotHaveDuplicates().hasSize(32);
            assertThat(names()).hasSize(32).noneMatch(n -> n.endsWith(".part"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_leave_neither_target_nor_temporary_file_when_aborted() throws Exception {
        AtomicFileTarget t = AtomicFileTarget.creating(dir.resolve("a.png"), null);
        t.stream().write(new byte[1000]);
        assertThat(names()).singleElement().satisfies(n -> assertThat(AtomicFileTarget.targetOfTemporary(n))
                .contains("a.png"));

        t.abort();

        assertThat(names()).isEmpty();
    }

    @Test
    void should_create_files_with_the_same_permissions_as_any_new_file() throws Exception {
        Path plain = dir.resolve("plain");
        try (OutputStream o = Files.newOutputStream(plain)) {
            o.write(1);
        }

        Path written = write(AtomicFileTarget.creating(dir.resolve("a.png"), null), "x");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written)))
                .as("the umask applies; not the owner-only 0600 of a temp file")
                .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)));
    }

    @Test
    void should_probe_without_leaving_anything_and_fail_where_nothing_can_be_created() throws Exception {
        Files.writeString(dir.resolve("file"), "x");

        AtomicFileTarget.probe(dir.resolve("new.png"));
        AtomicFileTarget.probe(dir.resolve("file"));

        assertThat(names()).containsExactly("file");
        assertThatThrownBy(() -> AtomicFileTarget.probe(dir.resolve("file").resolve("a.png")))
                .isInstanceOf(IOException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> AtomicFileTarget.probe(dir.resolve("x".repeat(300) + ".png")))
                .isInstanceOf(IOException.class);
        if (Files.isDirectory(Path.of("/proc/self"))) {
            assertThatThrownBy(() -> AtomicFileTarget.probe(Path.of("/proc/fox.png"))).isInstanceOf(IOException.class);
        }
    }

    @Test
    void should_tell_the_target_of_a_temporary_file() {
        assertThat(AtomicFileTarget.targetOfTemporary(".a (2).png.0123456789abcdef.part")).contains("a (2).png");
        assertThat(AtomicFileTarget.targetOfTemporary(".j1.png4567.part")).contains("j1.png");
        assertThat(AtomicFileTarget.targetOfTemporary("a.png")).isEqualTo(Optional.empty());
        assertThat(AtomicFileTarget.targetOfTemporary(".a.png.part")).isEqualTo(Optional.empty());
    }

    @Test
    void should_commit_once_and_return_the_same_file_again() throws Exception {
        AtomicFileTarget t = AtomicFileTarget.creating(dir.resolve("a.png"), k -> FileNames.copy(dir.resolve("a.png"), k));
        Path first = write(t, "x");

        assertThat(t.commit()).contains(first);
        assertThat(names()).containsExactly("a.png");
    }
}
