package dev.imagegen4j.openai.wire;

import dev.imagegen4j.Background;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSize;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.Quality;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import dev.imagegen4j.Usage;
import dev.imagegen4j.internal.AsyncSupport;
import dev.imagegen4j.internal.SafeDownloader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the wire delivered into {@link ImageResult}s: downloads URL images (on the shared pool, since
 * downloads block), builds each call's result (anything failing there happens after the vendor answered, so
 * it is a {@link ResultUnknownException}, never a raw exception), and merges the parallel calls of a split
 * request, returning what arrived. Thread-safe.
 */
final class WireResults {

    private static final Logger LOG = LoggerFactory.getLogger(WireImageGenerator.class);

    /** What one call contributes to its result. */
    static final class Part {
        final ModelId model;
        final String wireModel;
        final List<String> warnings;
        final ImageListener listener;
        final int offset;
        final ImageTargets targets;
        volatile long start = System.nanoTime();

        Part(ModelId model, String wireModel, List<String> warnings, ImageListener listener, int offset,
                ImageTargets targets) {
            this.model = model;
            this.wireModel = wireModel;
            this.warnings = warnings;
            this.listener = listener;
            this.offset = offset;
            this.targets = targets;
        }

        /** The call is being sent: its latency counts from now. */
        void started() {
            start = System.nanoTime();
        }
    }

    private final WireDialect dialect;
    private final SafeDownloader downloader;

    WireResults(WireDialect dialect, SafeDownloader downloader) {
        this.dialect = dialect;
        this.downloader = downloader;
    }

    /** Downloads URL images (on the shared pool: downloads block) and builds the result. */
    CompletableFuture<ImageResult> finish(Part a, WireTransport.Received received) {
        if (received.decoded.pendingUrls.isEmpty()) {
            return CompletableFuture.completedFuture(resultAfterSending(a, received));
        }
        return CompletableFuture.supplyAsync(() -> {
            downloadUrls(a, received);
            return resultAfterSending(a, received);
        }, AsyncSupport.executor());
    }

    private void downloadUrls(Part a, WireTransport.Received received) {
        ResponseDecoder.Decoded d = received.decoded;
        for (Map.Entry<Integer, URI> e : d.pendingUrls.entrySet()) {
            int i = e.getKey();
            GeneratedImage.Builder downloaded = download(downloader, dialect.providerId(), e.getValue(),
                    a.targets.open(i, -1), i + a.offset, received.status, received.requestId);
            GeneratedImage prior = d.images.get(i).format(OutputFormat.PNG).build();
            downloaded.url(prior.url().orElse(null)).revisedPrompt(prior.revisedPrompt().orElse(null));
            prior.metadata().forEach(downloaded::metadata);
            d.images.set(i, downloaded);
        }
    }

    /**
     * Downloads one generated image's URL into {@code target}. Blocks. Any failure is a
     * {@link ResultUnknownException}: the image was generated, so it may have been paid for.
     *
     * @param shown the image's index in messages
     */
    static GeneratedImage.Builder download(SafeDownloader downloader, String providerId, URI url,
            ImageTargets.Target target, int shown, int status, String requestId) {
        try {
            downloader.download(url, target);
            return target.finish();
        } catch (SafeDownloader.DownloadException ex) {
            target.abort();
            throw new ResultUnknownException("image " + shown + " was generated but not downloaded: "
                    + ex.getMessage(), ex, providerId, status, requestId);
        } catch (InterruptedException ex) {
            target.abort();
            Thread.currentThread().interrupt();
            throw new ResultUnknownException("interrupted while downloading image " + shown, ex, providerId, status,
                    requestId);
        } catch (IOException | RuntimeException ex) {
            target.abort();
            throw new ResultUnknownException("image " + shown + " was generated but could not be downloaded or "
                    + "stored: " + WireTransport.describe(ex), ex, providerId, status, requestId);
        }
    }

    /** Builds the result; anything failing here happens after the vendor answered, so it is unknown, not raw. */
    private ImageResult resultAfterSending(Part a, WireTransport.Received received) {
        try {
            return result(a, received);
        } catch (ImageGenerationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ResultUnknownException("the images arrived but building the result failed ("
                    + WireTransport.describe(e) + "); they may have been paid for", e, dialect.providerId(),
                    received.status, received.requestId);
        }
    }

    private ImageResult result(Part a, WireTransport.Received received) {
        ResponseDecoder.Decoded d = received.decoded;
        HttpHeaders headers = received.headers;
        ImageResult.Builder b = ImageResult.builder()
                .providerId(dialect.providerId())
                .model(a.model)
                .wireModel(a.wireModel)
                .requestId(received.requestId)
                .usage(d.usage)
                .latency(Duration.ofNanos(System.nanoTime() - a.start))
                .addWarnings(a.warnings)
                .addWarnings(d.warnings);
        for (GeneratedImage.Builder ib : d.images) {
            GeneratedImage image = ib.build();
            b.addImage(image);
            a.listener.onImage(image);
        }
        if (received.lateFailure != null) {
            b.addFailure(received.lateFailure);
            b.addWarning(received.lateFailure.getMessage());
        }
        if (d.created != null) {
            b.created(Instant.ofEpochSecond(d.created));
        }
        echo(d.size, s -> b.size(ImageSize.parse(s)));
        echo(d.quality, s -> b.quality(Quality.of(s)));
        echo(d.background, s -> b.background(Background.of(s)));
        echo(d.outputFormat, s -> b.outputFormat(OutputFormat.of(s)));
        Map<String, Object> rate = HeaderValues.rateLimits(headers);
        if (!rate.isEmpty()) {
            b.providerMetadata("rate-limits", rate);
        }
        for (String h : List.of("openai-processing-ms", "openai-version", "x-ms-region")) {
            headers.firstValue(h).ifPresent(v -> b.providerMetadata(h, v));
        }
        dialect.postProcess(b, d.extras);
        a.listener.onPhase(ImageListener.Phase.DONE);
        ImageResult result = b.build();
        LOG.debug("{}: {} image(s) in {} ms, request id {}", dialect.providerId(), result.images().size(),
                result.latency().toMillis(), received.requestId);
        return result;
    }

    private static void echo(String value, java.util.function.Consumer<String> setter) {
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException ignored) {
            // an echoed value we do not know is not worth failing a paid-for result over
        }
    }

    /**
     * Merges the parallel calls of a split request. What arrived is returned; a failed call is never
     * thrown while another call's images exist (they were paid for), and never retried here: it is listed in
     * {@link ImageResult#failures()} with a warning. Only when every call failed is an exception thrown:
     * {@link ResultUnknownException} if any call may have been paid for (the others suppressed), otherwise
     * the first failure that is not retryable, or else the first (nothing was paid, so a retry is safe).
     */
    ImageResult merge(int requested, int perCall, List<String> common, List<CompletableFuture<ImageResult>> futures) {
        return merge(dialect.providerId(), requested, perCall, common, futures, dialect::merge);
    }

    /** {@link #merge(int, int, List, List)} for any provider; {@code extra} combines provider metadata. */
    static ImageResult merge(String providerId, int requested, int perCall, List<String> common,
            List<CompletableFuture<ImageResult>> futures,
            java.util.function.BiConsumer<ImageResult.Builder, List<ImageResult>> extra) {
        int calls = futures.size();
        List<ImageResult> ok = new ArrayList<>();
        List<ImageGenerationException> failed = new ArrayList<>();
        for (CompletableFuture<ImageResult> f : futures) {
            try {
                ok.add(f.join());
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                RuntimeException cause = unwrap(e);
                failed.add(cause instanceof ImageGenerationException ? (ImageGenerationException) cause
                        : new ResultUnknownException("one of the parallel calls failed unexpectedly ("
                                + WireTransport.describe(cause) + "); it may have been paid for", cause,
                                providerId, 0, null));
            }
        }
        if (ok.isEmpty()) {
            ImageGenerationException thrown = failed.stream().filter(e -> e instanceof ResultUnknownException)
                    .findFirst().orElse(null);
            if (thrown != null) {
                thrown = new ResultUnknownException("all " + calls + " parallel calls of n=" + requested
                        + " failed and at least one may have been paid for: " + thrown.getMessage(), thrown,
                        providerId, thrown.httpStatus().orElse(0), thrown.requestId().orElse(null));
            } else {
                thrown = failed.stream().filter(e -> !(e instanceof RetryableException)).findFirst()
                        .orElse(failed.get(0));
            }
            for (ImageGenerationException e : failed) {
                if (e != thrown && e != thrown.getCause()) {
                    thrown.addSuppressed(e);
                }
            }
            throw thrown;
        }
        ImageResult.Builder b = ok.get(0).toBuilder();
        List<GeneratedImage> images = new ArrayList<>();
        Usage usage = null;
        Duration latency = Duration.ZERO;
        for (ImageResult r : ok) {
            images.addAll(r.images());
            if (r.usage().isPresent()) {
                usage = usage == null ? r.usage().get() : usage.plus(r.usage().get());
            }
            latency = r.latency().compareTo(latency) > 0 ? r.latency() : latency;
            if (r != ok.get(0)) {
                r.failures().forEach(b::addFailure);
                r.warnings().stream().filter(w -> !common.contains(w)).forEach(b::addWarning);
            }
        }
        images.sort(Comparator.comparingInt(GeneratedImage::index));
        b.images(images).usage(usage).latency(latency);
        b.cost(null);
        ok.stream().map(ImageResult::cost).flatMap(java.util.Optional::stream)
                .reduce(dev.imagegen4j.Cost::plus).ifPresent(b::cost);
        b.addWarning("n=" + requested + ": " + providerId + " returns at most " + perCall
                + " image(s) per call, so " + calls + " calls were made in parallel and merged");
        for (ImageGenerationException e : failed) {
            b.addFailure(e);
            b.addWarning("one of the " + calls + " parallel calls failed, so " + images.size() + " of "
                    + requested + " images came back; it was not retried (" + (e instanceof ResultUnknownException
                    ? "it may have been generated and paid for" : "nothing was charged for it, so requesting the "
                    + "missing images again is safe") + "): " + e.getMessage());
        }
        extra.accept(b, List.copyOf(ok));
        return b.build();
    }

    /** The exception a caller sees: unwrapped from the future's wrappers. */
    static RuntimeException unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        return new ImageGenerationException(String.valueOf(t), t, null, 0, null, null);
    }
}
