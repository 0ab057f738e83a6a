package dev.imagegen4j.cli;

import java.util.Locale;

/**
 * Batch progress on stderr: on a terminal a bar with counts, rate and ETA redrawn as jobs finish; else a
 * plain line per finished job. Messages (failures, warnings) are printed above the bar.
 */
final class BatchProgress {

    private final Context ctx;
    private final int todo;
    private final BatchStats stats;
    private final long start = System.nanoTime();
    private int finished;
    private boolean stopped;

    BatchProgress(Context ctx, int todo, BatchStats stats) {
        this.ctx = ctx;
        this.todo = todo;
        this.stats = stats;
        if (ctx.terminal) {
            draw();
        }
    }

    /** Job {@code id} ended with {@code status} ({@code ok}, {@code failed}, {@code unknown}). */
    synchronized void finished(String id, String status, String message) {
        if (stopped) {
            return;
        }
        finished++;
        boolean ok = Manifest.OK.equals(status);
        String what = ok ? "done" : status.equals(Manifest.UNKNOWN) ? "outcome unknown" : "failed";
        if (ctx.terminal) {
            if (!ok) {
                ctx.err.print("\r\033[2K");
                ctx.err.println(what + " " + id + ": " + message);
            }
            draw();
        } else {
            ctx.err.println(what + " " + id + " (" + finished + "/" + todo + ")" + (ok ? "" : ": " + message));
        }
    }

    /** Prints {@code line} above the bar. */
    synchronized void message(String line) {
        if (stopped) {
            return;
        }
        if (ctx.terminal) {
            ctx.err.print("\r\033[2K");
            ctx.err.println(line);
            draw();
        } else {
            ctx.err.println(line);
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

    /** Ends the bar's line; nothing is drawn afterwards. */
    synchronized void finish() {
        if (!stopped && ctx.terminal) {
            ctx.err.println();
        }
        stopped = true;
    }

    /** Ctrl-C: clears the live bar; nothing is drawn afterwards. */
    synchronized void clear() {
        if (!stopped && ctx.terminal) {
            ctx.err.print("\r\033[2K");
            ctx.err.flush();
        }
        stopped = true;
    }
}
