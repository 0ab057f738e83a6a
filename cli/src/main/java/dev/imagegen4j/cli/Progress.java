package dev.imagegen4j.cli;

import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.PartialImage;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Progress of one image call on stderr: on a terminal, one live line (elapsed time and phase:
 * connecting, waiting for the image, receiving N MB, partial image k/n) redrawn five times a second;
 * otherwise a plain line per phase.
 */
final class Progress implements ImageListener, AutoCloseable {

    private final PrintStream err;
    private final boolean terminal;
    private final int partials;
    private final Consumer<PartialImage> onPartial;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private volatile String phase = "starting";
    private volatile long bytes;
    private volatile int partialCount;
    private volatile boolean drawn;
    /** The remote job of this call, once the vendor accepted it (job hosts): what Ctrl-C cancels. */
    private volatile dev.imagegen4j.JobHandle job;

    Progress(PrintStream err, boolean terminal, int partials, Consumer<PartialImage> onPartial) {
        this.err = err;
        this.terminal = terminal;
        this.partials = partials;
        this.onPartial = onPartial;
        if (terminal) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "imagegen-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::draw, 0, 200, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }

    @Override
    public void onPhase(Phase p) {
        String text = p.description();
        phase = text;
        if (!terminal && p != Phase.DONE) {
            err.println("imagegen: " + text + "...");
        }
    }

    @Override
    public void onBytesReceived(long totalBytes) {
        bytes = totalBytes;
    }

    @Override
    public void onPartialImage(PartialImage partial) {
        partialCount++;
        phase = "partial image " + partialCount + "/" + Math.max(partials, partialCount)
                + (partial.imageIndex() > 0 ? " (image " + (partial.imageIndex() + 1) + ")" : "");
        if (!terminal) {
            err.println("imagegen: " + phase);
        }
        onPartial.accept(partial);
    }

    @Override
    public void onJobSubmitted(dev.imagegen4j.JobHandle submitted) {
        job = submitted;
        phase = "job " + submitted.id() + " accepted";
        if (!terminal) {
            err.println("imagegen: " + submitted.providerId() + " accepted the request as job " + submitted.id());
        }
    }

    @Override
    public void onJobProgress(dev.imagegen4j.JobProgress progress) {
        String text = "job " + progress.describe();
        if (!text.equals(phase)) {
            phase = text;
            if (!terminal) {
                err.println("imagegen: " + text + "...");
            }
        }
    }

    /** The remote job of this call, if a job host accepted it. */
    java.util.Optional<dev.imagegen4j.JobHandle> job() {
        return java.util.Optional.ofNullable(job);
    }

    @Override
    public void onImage(GeneratedImage image) {
        // the command reports saved files itself
    }

    private synchronized void draw() {
        double secs = (System.nanoTime() - start) / 1e9;
        String p = phase;
        if (p.equals("receiving") && bytes > 0) {
            p = String.format(Locale.ROOT, "receiving %.1f MB", bytes / 1e6);
        }
        err.print(String.format(Locale.ROOT, "\r\033[2K%5.1fs %s", secs, p));
        err.flush();
        drawn = true;
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            if (drawn) {
                err.print("\r\033[2K");
                err.flush();
            }
        }
    }
}
