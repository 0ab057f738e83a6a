package dev.imagegen4j;

/**
 * The request reached the vendor but no complete answer came back (a timeout after sending, a reset
 * connection, a stalled body): the image may have been generated and paid for. Not retried and not
 * failed over by default, because doing so may pay twice; opt in on the router if that is acceptable.
 */
public class ResultUnknownException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    /**
     * An unknown outcome.
     *
     * @param message    what happened, e.g. {@code connection reset after the request was sent}
     * @param cause      the I/O failure
     * @param providerId the provider
     * @param httpStatus the status if headers had arrived, else 0
     * @param requestId  the request id if headers had arrived, may be null
     */
    public ResultUnknownException(String message, Throwable cause, String providerId, int httpStatus,
            String requestId) {
        super(message, cause, providerId, httpStatus, requestId, null);
    }
}
