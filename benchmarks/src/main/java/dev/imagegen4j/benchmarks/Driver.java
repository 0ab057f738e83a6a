package dev.imagegen4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One measured workload in a JVM of its own (the {@link Runner} forks it with the {@code -Xmx} under
 * test and {@code -XX:+ExitOnOutOfMemoryError}, so exit code 3 means "does not fit").
 *
 * <p>{@code Driver generate CLIENT WORKLOAD REPLAY_URL SCRATCH REPEAT [DIGEST]}: creates the client, runs
 * one operation {@code REPEAT} times; with {@code DIGEST} (the server's, see {@link Workloads.Digest}) the
 * first operation's images are checked against it, and a mismatch is a failure. {@code Driver edit CLIENT
 * EMULATOR_URL FILES_DIR REPEAT}: one edit uploading every file of the directory. {@code Driver concurrent
 * CLIENT BASE_URL N DEADLINE_S}: N generations in flight at once, every decoded image kept until all are
 * done (the same for every client). Prints one {@code RESULT key=value ...} line; exit 0 on success, 4 on a
 * failure (its cause on the RESULT line; for {@code concurrent}: not every generation completed), 3 on
 * OutOfMemoryError, 5 on the watchdog's timeout.
 */
public final class Driver {

    private Driver() {
    }

    /**
     * Entry point.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(Long.getLong("driver.timeoutSeconds", 600) * 1000);
                System.out.println("RESULT status=timeout");
                System.out.flush();
                Runtime.getRuntime().halt(5);
            } catch (InterruptedException ignored) {
                // done in time
            }
        }, "driver-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            switch (args[0]) {
                case "generate":
                    generate(args[1], args[2], args[3], Path.of(args[4]), Integer.parseInt(args[5]),
                            args.length > 6 ? args[6] : null);
                    break;
                case "edit":
                    edit(args[1], args[2], Path.of(args[3]), Integer.parseInt(args[4]));
                    break;
                case "concurrent":
                    if (!concurrent(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]))) {
                        System.out.flush();
                        Runtime.getRuntime().halt(4);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        } catch (OutOfMemoryError e) {
            System.out.println("RESULT status=oom cause=" + quote(e.toString()));
            System.out.flush();
            Runtime.getRuntime().halt(3);
        } catch (Throwable e) {
            System.out.println("RESULT status=failed cause=" + quote(cause(e)));
            System.out.flush();
            Runtime.getRuntime().halt(4);
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void generate(String client, String workload, String replay, Path scratch, int repeat,
            String digest) throws Exception {
        Files.createDirectories(scratch);
        try (Clients.Client c = Clients.create(client, Clients.generationsBase(replay, workload), workload, scratch)) {
            if (digest != null) {
                long t0 = System.nanoTime();
                Clients.verify(client, c, digest);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (repeat <= 1) {
                    System.out.println("RESULT status=ok digest=" + digest + " ms=" + ms);
                    return;
                }
                repeat--;
            }
            runRepeated(c, repeat);
        }
    }

    private static void edit(String client, String emulator, Path dir, int repeat) throws Exception {
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().forEach(files::add);
        }
        try (Clients.Client c = Clients.edit(client, emulator, files)) {
            runRepeated(c, repeat);
        }
    }

    private static void runRepeated(Clients.Client c, int repeat) throws Exception {
        StringBuilder times = new StringBuilder();
        long decoded = 0;
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            decoded = c.run();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            times.append(i == 0 ? "" : ",").append(ms);
        }
        System.out.println("RESULT status=ok decoded=" + decoded + " ms=" + times);
    }

    /** Returns whether every generation completed in time. */
    private static boolean concurrent(String client, String base, int n, int deadlineSeconds) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path scratch = Files.createTempDirectory("bench-concurrent");
        try (Clients.Client warm = Clients.create(client.equals("imagegen4j") ? "imagegen4j-buffer" : client, base,
                "1024x1024", scratch)) {
            warm.run(); // class loading and connection set-up are not part of the figure
        }
        // 0.1 s sampling of heap used and thread count: the pool peaks include garbage not yet collected
        long[] peakUsed = {0};
        int[] peakThreads = {0};
        int[] waitingThreads = {0}; // max live threads in the first 1.5 s: every request sent, none answered yet
        long[] started = {0};
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<String> causes = new ArrayList<>();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long used = 0;
                for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (p.getType() == MemoryType.HEAP) {
                        used += p.getUsage().getUsed();
                    }
                }
                peakUsed[0] = Math.max(peakUsed[0], used);
                peakThreads[0] = Math.max(peakThreads[0], threads.getThreadCount());
                if (started[0] != 0 && System.nanoTime() - started[0] < 1_500_000_000L) {
                    waitingThreads[0] = Math.max(waitingThreads[0], threads.getThreadCount());
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "sampler");
        sampler.setDaemon(true);
        System.gc();
        int threadsBefore = threads.getThreadCount();
        threads.resetPeakThreadCount();
        long t0 = System.nanoTime();
        started[0] = t0;
        sampler.start();
        // every client keeps the same thing alive until all are done: each response's decoded image
        List<CompletableFuture<?>> all = new ArrayList<>();
        ExecutorService callers = null;
        if (client.startsWith("imagegen4j")) {
            dev.imagegen4j.openai.OpenAiImageGenerator g = dev.imagegen4j.openai.OpenAiImageGenerator.builder()
                    .apiKey("k").baseUrl(base).build();
            dev.imagegen4j.ImageRequest r = dev.imagegen4j.ImageRequest.builder().prompt("imagegen4j benchmark")
                    .model(dev.imagegen4j.ModelId.GPT_IMAGE_2).size("1024x1024").build();
            for (int i = 0; i < n; i++) {
                all.add(g.generateAsync(r).thenApply(res -> res.image().byteBuffer())
                        .whenComplete((image, e) -> count(image != null ? image.remaining() : -1, e, done, failed,
                                causes)));
            }
        } else if (client.startsWith("openai-java")) {
            com.openai.client.OpenAIClient c = com.openai.client.okhttp.OpenAIOkHttpClient.builder().baseUrl(base)
                    .apiKey("k").maxRetries(0).build();
            com.openai.models.images.ImageGenerateParams params = com.openai.models.images.ImageGenerateParams.builder()
                    .model(com.openai.models.images.ImageModel.of("gpt-image-2")).prompt("imagegen4j benchmark")
                    .build();
            for (int i = 0; i < n; i++) {
                all.add(c.async().images().generate(params).thenApply(res -> java.util.Base64.getDecoder()
                        .decode(res.data().orElseThrow().get(0).b64Json().orElseThrow()))
                        .whenComplete((image, e) -> count(image != null ? image.length : -1, e, done, failed, causes)));
            }
        } else if (client.startsWith("langchain4j")) {
            // OpenAiImageModel is blocking only: one caller thread per in-flight request
            dev.langchain4j.model.openai.OpenAiImageModel m = dev.langchain4j.model.openai.OpenAiImageModel.builder()
                    .baseUrl(base).apiKey("k").modelName("gpt-image-2").maxRetries(0)
                    .timeout(java.time.Duration.ofMinutes(10)).build();
            callers = Executors.newFixedThreadPool(n);
            for (int i = 0; i < n; i++) {
                all.add(CompletableFuture.supplyAsync(() -> java.util.Base64.getDecoder().decode(
                        m.generate("imagegen4j benchmark").content().base64Data()), callers)
                        .whenComplete((image, e) -> count(image != null ? image.length : -1, e, done, failed, causes)));
            }
        } else {
            throw new IllegalArgumentException("no concurrent variant for " + client);
        }
        boolean finished = true;
        try {
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(deadlineSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            finished = false;
        } catch (java.util.concurrent.ExecutionException e) {
            // counted per future
        }
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        sampler.interrupt();
        if (callers != null) {
            callers.shutdownNow();
        }
        long poolPeak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                poolPeak += p.getPeakUsage().getUsed();
            }
        }
        String cause;
        synchronized (causes) {
            cause = causes.isEmpty() ? "" : causes.get(0);
        }
        System.out.println("RESULT status=" + (finished && failed.get() == 0 ? "ok" : finished ? "failed" : "deadline")
                + " n=" + n + " completed=" + done.get() + " failed=" + failed.get() + " wallMs=" + wallMs
                + " threadsBefore=" + threadsBefore + " waitingThreads=" + waitingThreads[0] + " peakThreads=" + Math.max(threads.getPeakThreadCount(),
                peakThreads[0]) + " peakHeapSampledMiB=" + String.format(Locale.ROOT, "%.1f", peakUsed[0] / 1048576.0)
                + " peakHeapPoolMiB=" + String.format(Locale.ROOT, "%.1f", poolPeak / 1048576.0)
                + " cause=" + quote(cause));
        boolean ok = finished && failed.get() == 0 && done.get() == n;
        all.clear(); // the images were held until here
        return ok;
    }

    private static void count(long len, Throwable e, AtomicInteger done, AtomicInteger failed, List<String> causes) {
        if (e == null && len > 0) {
            done.incrementAndGet();
        } else {
            failed.incrementAndGet();
            synchronized (causes) {
                if (causes.isEmpty()) {
                    causes.add(e == null ? "empty image" : cause(e));
                }
            }
        }
    }

    /** The exception chain, outermost first, each as {@code Class: message} (messages cut at 200 chars). */
    static String cause(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 900; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.length() > 200) {
                m = m.substring(0, 200) + "...";
            }
            sb.append(sb.length() == 0 ? "" : " <- ").append(t.getClass().getName()).append(": ").append(m);
        }
        return sb.toString();
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "'").replace("\n", " ").replace("\r", " ") + "\"";
    }
}
