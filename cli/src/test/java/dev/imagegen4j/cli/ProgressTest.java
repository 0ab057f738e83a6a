package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.ImageListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live lines on a terminal are cleared when a command ends or is interrupted, and not drawn again. */
class ProgressTest {

    private static final String CLEAR = "\r\033[2K";

    @Test
    void should_clear_the_live_line_and_stop_drawing_when_closed() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), true, 0, p -> { });
        progress.onPhase(ImageListener.Phase.WAITING);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!err.toString(StandardCharsets.UTF_8).contains("waiting for the image") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        progress.close(); // what the Ctrl-C hook does first
        String atClose = err.toString(StandardCharsets.UTF_8);
        Thread.sleep(500);

        assertThat(atClose).contains("waiting for the image").endsWith(CLEAR);
        assertThat(err.toString(StandardCharsets.UTF_8)).as("nothing drawn after the clear").isEqualTo(atClose);
    }

    @Test
    void should_clear_the_batch_bar_and_stop_drawing_when_interrupted() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Context ctx = new Context(Map.of(), java.nio.file.Path.of("."), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), true);
        BatchProgress progress = new BatchProgress(ctx, 3, new BatchStats(3));
        progress.finished("a", Manifest.OK, null);

        progress.clear();
        String atClear = err.toString(StandardCharsets.UTF_8);
        progress.finished("b", Manifest.OK, null);
        progress.message("warning: late");
        progress.finish();

        assertThat(atClear).contains("1/3 done").endsWith(CLEAR);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(atClear);
    }

    @Test
    void should_show_the_remote_job_and_its_progress_on_the_live_line() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        dev.imagegen4j.JobHandle job = dev.imagegen4j.JobHandle.of("replicate", "p123", dev.imagegen4j.ModelId.of("m"),
                "o/m", java.time.Instant.now(), Map.of());
        try (Progress progress = new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), false, 0, p -> { })) {
            progress.onJobSubmitted(job);
            progress.onJobProgress(new dev.imagegen4j.JobProgress(job, dev.imagegen4j.JobProgress.State.QUEUED, 2,
                    java.time.Duration.ZERO));
            progress.onJobProgress(new dev.imagegen4j.JobProgress(job, dev.imagegen4j.JobProgress.State.QUEUED, 2,
                    java.time.Duration.ofMillis(5)));
            progress.onJobProgress(new dev.imagegen4j.JobProgress(job, dev.imagegen4j.JobProgress.State.RUNNING, -1,
                    java.time.Duration.ofMillis(9)));

            assertThat(progress.job()).hasValue(job);
        }

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("imagegen: replicate accepted the request as job "
                + "p123\nimagegen: job queued (position 2)...\nimagegen: job running...\n");
    }
}
