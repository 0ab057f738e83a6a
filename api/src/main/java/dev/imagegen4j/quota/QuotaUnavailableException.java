package dev.imagegen4j.quota;

import dev.imagegen4j.RetryableException;

/**
 * A {@link Quota}'s store (e.g. Redis) could not be reached, and the quota fails closed (its default): the call
 * was not sent. Retryable: a route retries it with its backoff, then fails over. Set
 * {@link Quota.Builder#failOpen(boolean)} ({@code on-unavailable: fail-open}) to send without the quota while its
 * store is down. The message names the quota and the store, never a password.
 */
public final class QuotaUnavailableException extends RetryableException {

    private static final long serialVersionUID = 1L;

    private final String quota;

    QuotaUnavailableException(String message, Throwable cause, String providerId, String quota) {
        super(message, cause, providerId, 0, null, "quota_unavailable");
        this.quota = quota;
    }

    /** The name of the quota whose store was unavailable. */
    public String quota() {
        return quota;
    }
}
