package dev.imagegen4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhRoundsTest {

    @TempDir
    Path dir;

    @Test
    void should_rotate_the_clients_from_round_to_round() {
        List<String> c = List.of("a", "b", "c");

        assertThat(JmhRounds.order(c, 1)).containsExactly("a", "b", "c");
        assertThat(JmhRounds.order(c, 2)).containsExactly("b", "c", "a");
        assertThat(JmhRounds.order(c, 3)).containsExactly("c", "a", "b");
        assertThat(JmhRounds.order(c, 4)).containsExactly("a", "b", "c");
    }

    @Test
    void should_take_the_first_exception_and_its_deepest_cause_from_a_failed_fork() throws IOException {
        Path log = dir.resolve("fork.log");
        Files.write(log, List.of("# Fork: 1 of 1", "<failure>", "",
                "java.lang.IllegalStateException: client imagegen4j-buffer produced images:bytes:crc32 1:5:0",
                "\tat dev.imagegen4j.benchmarks.Clients.verify(Clients.java:80)",
                "Caused by: java.io.IOException: first",
                "Caused by: com.fasterxml.jackson.core.exc.StreamConstraintsException: String value length (20051112) "
                        + "exceeds the maximum allowed (20000000)"));

        assertThat(JmhRounds.cause(log)).isEqualTo("java.lang.IllegalStateException: client imagegen4j-buffer produced "
                + "images:bytes:crc32 1:5:0 <- com.fasterxml.jackson.core.exc.StreamConstraintsException: String value "
                + "length (20051112) exceeds the maximum allowed (20000000)");
    }

    @Test
    void should_read_forks_with_nan_allocation_written_as_strings() throws IOException {
        Files.writeString(dir.resolve("jmh.jsonl"), "{\"round\":2,\"workload\":\"12MiB\",\"client\":\"floor-transfer\","
                + "\"status\":\"ok\",\"ms\":[3.0,1.0,2.0],\"alloc\":[\"NaN\",\"NaN\",\"NaN\"]}\n");

        Map<String, List<Map<String, Object>>> forks = JmhRounds.read(dir.resolve("jmh.jsonl"));
        Results r = Results.load(dir);

        assertThat(forks).containsOnlyKeys("floor-transfer|12MiB");
        assertThat(r.time("floor-transfer", "12MiB").median).isEqualTo(2.0);
        assertThat(r.alloc("floor-transfer", "12MiB")).isNull();
        assertThat(r.ok("floor-transfer", "12MiB").get(0).round).isEqualTo(2);
    }
}
