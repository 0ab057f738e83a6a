package dev.imagegen4j;

/**
 * Receives the progress of one call: phases, bytes received, partial images of a stream and the
 * finished images. Every method has a no-op default; override what you need.
 *
 * <p>Methods may be called on a library thread rather than the caller's (the OpenAI-style providers decode
 * responses as they arrive, on the HTTP client's threads), in order for one HTTP call; the parallel calls of a
 * split request (more images than one call returns) may call it from several threads at once. They must
 * return quickly and must not throw. Providers without streaming call
 * {@link #onImage} once per final image and never {@link #onPartialImage}.
 */
public interface ImageListener {

    /** A listener that ignores everything. */
    ImageListener NONE = new ImageListener() {
    };

    /** The phases of a call, in order. */
    enum Phase {
        /** Opening the connection. */
        CONNECTING,
        /** Sending the request body (large for edits). */
        SENDING,
        /** Waiting for the vendor to generate. */
        WAITING,
        /** Receiving the response body. */
        RECEIVING,
        /** Finished. */
        DONE;

        /** The phase in a few words for a progress line: "connecting", "waiting for the image", ... */
        public String description() {
            switch (this) {
                case CONNECTING:
                    return "connecting";
                case SENDING:
                    return "sending the request";
                case WAITING:
                    return "waiting for the image";
                case RECEIVING:
                    return "receiving";
                default:
                    return "done";
            }
        }
    }

    /** The call entered {@code phase}. */
    default void onPhase(Phase phase) {
    }

    /** {@code totalBytes} of the response body have arrived so far. Called at most every 64 KiB. */
    default void onBytesReceived(long totalBytes) {
    }

    /** A streamed preview arrived. */
    default void onPartialImage(PartialImage partial) {
    }

    /** A final image is complete (in memory or committed to the request's sink). */
    default void onImage(GeneratedImage image) {
    }

    /**
     * A vendor that runs requests as remote jobs ({@link AsyncJobGenerator}) accepted this request as {@code job}.
     * Called once, on the calling thread, before the first poll: a caller that records the handle here (the CLI's
     * batch manifest) can resume the job after a crash instead of paying for a new one.
     */
    default void onJobSubmitted(JobHandle job) {
    }

    /** A remote job moved (queued with its position, running, finished). Called when its state or position changes. */
    default void onJobProgress(JobProgress progress) {
    }
}
