package dev.imagegen4j;

/**
 * The request is wrong and will fail the same way everywhere: fix it. No retry, no failover.
 *
 * <p>Raised locally, before anything is sent, when a request breaks a rule of its model (the message
 * names the parameter, the value and the rule, e.g. {@code size 1000x1000: gpt-image-2 needs both edges
 * to be multiples of 16 (1000 is not)}), and for a vendor's HTTP 400 / 422.
 */
public class InvalidRequestException extends ImageGenerationException {

    private static final long serialVersionUID = 1L;

    private final String param;

    /** A local error with only a message. */
    public InvalidRequestException(String message) {
        super(message);
        this.param = null;
    }

    /**
     * A local validation error about one parameter.
     *
     * @param param   the parameter's wire name, e.g. {@code size}
     * @param message the message, naming the parameter, the value and the rule
     */
    public InvalidRequestException(String param, String message) {
        super(message);
        this.param = param;
    }

    /**
     * An error from a vendor's answer.
     *
     * @param message      what went wrong, without secrets
     * @param cause        the underlying cause, may be null
     * @param providerId   the provider that failed
     * @param httpStatus   the HTTP status, or 0 when there was no response
     * @param requestId    the vendor's request id, may be null
     * @param providerCode the vendor's error code, may be null
     */
    public InvalidRequestException(String message, Throwable cause, String providerId, int httpStatus, String requestId,
            String providerCode) {
        this(message, cause, providerId, httpStatus, requestId, providerCode, null);
    }

    /**
     * An error from a vendor's answer that names the offending parameter.
     *
     * @param param the parameter the vendor named ({@code error.param}), may be null
     */
    public InvalidRequestException(String message, Throwable cause, String providerId, int httpStatus,
            String requestId, String providerCode, String param) {
        super(message, cause, providerId, httpStatus, requestId, providerCode);
        this.param = param;
    }

    /** The parameter at fault (wire name, e.g. {@code size}), if known. */
    public java.util.Optional<String> param() {
        return java.util.Optional.ofNullable(param);
    }
}
