package dev.imagegen4j;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The root of imagegen4j's unchecked exceptions. The subtype says what the caller does next:
 *
 * <pre>
 * ImageGenerationException            providerId, httpStatus, requestId, providerCode
 * ├── RetryableException              same provider again after a pause (5xx, 408, connect failures)
 * │   └── RateLimitException          429; retryAfter()
 * ├── ProviderException               this provider cannot serve you: fail over, do not retry
 * │   ├── AuthenticationException     401/403
 * │   ├── ModelNotFoundException      unknown model or deployment
 * │   └── QuotaExceededException      billing/credits exhausted
 * ├── InvalidRequestException         fix the request: no retry, no failover (also local validation)
 * │   └── ContentPolicyException      moderation/safety refusal
 * ├── ResultUnknownException          sent, outcome unknown: not retried by default, it may be paid
 * └── AllProvidersFailedException     failover exhausted; one suppressed exception per attempt
 * </pre>
 *
 * <p>Messages carry the vendor's message and the request id, never a key or token.
 */
public class ImageGenerationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String providerId;
    private final int httpStatus;
    private final String requestId;
    private final String providerCode;
    private final String detail;

    /** An exception with only a message (local errors). */
    public ImageGenerationException(String message) {
        this(message, null, null, 0, null, null);
    }

    /**
     * An exception with every detail known about the failed call.
     *
     * @param message      what went wrong, without secrets
     * @param cause        the underlying cause, may be null
     * @param providerId   the provider that failed, may be null for local errors
     * @param httpStatus   the HTTP status, or 0 when there was no response
     * @param requestId    the vendor's request id, may be null
     * @param providerCode the vendor's error code (e.g. {@code moderation_blocked}), may be null
     */
    public ImageGenerationException(String message, Throwable cause, String providerId, int httpStatus,
            String requestId, String providerCode) {
        super(decorate(message, providerId, httpStatus, requestId), cause);
        this.providerId = providerId;
        this.httpStatus = httpStatus;
        this.requestId = requestId;
        this.providerCode = providerCode;
        this.detail = message;
    }

    /**
     * What went wrong, as given to the constructor: {@link #getMessage()} without the provider prefix and the
     * {@code (HTTP status, request id)} suffix. Use it to build a better message around this one without repeating
     * them.
     */
    public String detail() {
        return detail;
    }

    private static String decorate(String message, String providerId, int httpStatus, String requestId) {
        StringBuilder sb = new StringBuilder();
        if (providerId != null) {
            sb.append(providerId).append(": ");
        }
        sb.append(message);
        if (httpStatus > 0 || requestId != null) {
            sb.append(" (");
            if (httpStatus > 0) {
                sb.append("HTTP ").append(httpStatus);
            }
            if (requestId != null) {
                sb.append(httpStatus > 0 ? ", " : "").append("request id ").append(requestId);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    /** The provider that raised this, e.g. {@code azure}; empty for local validation errors. */
    public Optional<String> providerId() {
        return Optional.ofNullable(providerId);
    }

    /** The HTTP status of the vendor's answer; empty when there was none. */
    public OptionalInt httpStatus() {
        return httpStatus > 0 ? OptionalInt.of(httpStatus) : OptionalInt.empty();
    }

    /** The vendor's request id ({@code x-request-id}, {@code apim-request-id}): quote it in support tickets. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** The vendor's error code, e.g. {@code moderation_blocked} or {@code insufficient_quota}. */
    public Optional<String> providerCode() {
        return Optional.ofNullable(providerCode);
    }
}
