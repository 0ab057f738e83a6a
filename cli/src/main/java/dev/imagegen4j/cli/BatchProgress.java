package dev.imagegen4j.cli;

import java.util.Locale;

/**
 * Batch progress on stderr: on a terminal a bar with counts, rate and ETA redrawn as jobs finish; else a
 * plain line per finished job.
 */
final class BatchProgress {

    private final Context ctx;
    private final int todo;
    private final BatchCommand.Stats stats;
    private final long start = System.nanoTime();
    private int finished;

    BatchProgress(Context ctx, int todo, BatchCommand.Stats stats) {
        this.ctx = ctx;
        this.todo = todo;
        this.stats = stats;
        if (ctx.terminal) {
            draw();
        }
    }

    synchronized void finished(String id, Throwable error) {
        finished++;
        if (ctx.terminal) {
            if (error != null) {
                ctx.err.print("\r\033[2K");
                ctx.err.println("failed " + id + ": " + error.getMessage());
            }
            draw();
        } else {
            ctx.err.println((error == null ? "done " : "failed ") + id + " (" + finished + "/" + todo + ")"
                    + (error == null ? "" : ": " + error.getMessage()));
        }
    }

    private void draw() {
        double secs = Math.max(0.001, (System.nanoTime() - start) / 1e9);
        double rate = finished / secs;
        int width = 30;
        int filled = todo == 0 ? width : (int) Math.round(width * (double) finished / todo);
        String eta = rate > 0 && finished < todo ? String.format(Locale.ROOT, "ETA %.0fs", (todo - finished) / rate) : "";
        ctx.err.print(String.format(Locale.ROOT, "\r\033[2K[%s%s] %d/%d done, %d failed, %.2f/s %s",
                "#".repeat(filled), ".".repeat(width - filled), finished, todo, stats.failed.get(), rate, eta));
        ctx.err.flush();
    }

    synchronized void finish() {
        if (ctx.terminal) {
            ctx.err.println();
        }
    }
}
