package dev.imagegen4j;

import java.util.List;

/**
 * Every provider of a failover route failed or was skipped. The message lists what was tried, e.g.
 * {@code Tried: azure (RateLimitException x3), openai (AuthenticationException), aimlapi (skipped: no mask
 * support)}; each failure is attached as a suppressed exception, in order.
 */
public class AllProvidersFailedException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    private final List<String> attempts;

    /**
     * @param attempts one line per provider, in route order, e.g. {@code azure (RateLimitException x3)}
     * @param failures the failures, added as suppressed exceptions
     */
    public AllProvidersFailedException(List<String> attempts, List<? extends Throwable> failures) {
        super("all providers failed. Tried: " + String.join(", ", attempts));
        this.attempts = List.copyOf(attempts);
        for (Throwable t : failures) {
            addSuppressed(t);
        }
    }

    /** One line per provider tried or skipped, in route order. */
    public List<String> attempts() {
        return attempts;
    }
}
