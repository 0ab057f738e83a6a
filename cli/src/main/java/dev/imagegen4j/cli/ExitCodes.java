package dev.imagegen4j.cli;

import dev.imagegen4j.AllProvidersFailedException;
import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ProviderException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import dev.imagegen4j.config.ConfigException;

/**
 * The exit codes of {@code imagegen}, one per thing a script does next.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><td>0</td><td>success</td></tr>
 *   <tr><td>1</td><td>unexpected error (a bug or an I/O failure)</td></tr>
 *   <tr><td>2</td><td>command-line usage error</td></tr>
 *   <tr><td>3</td><td>invalid request (fix the prompt or options)</td></tr>
 *   <tr><td>4</td><td>content policy refusal</td></tr>
 *   <tr><td>5</td><td>authentication failed (check the key)</td></tr>
 *   <tr><td>6</td><td>rate limited or provider unavailable (try later or another vendor), or a batch's
 *       coordinator unavailable</td></tr>
 *   <tr><td>7</td><td>outcome unknown (the image may have been generated and paid for)</td></tr>
 *   <tr><td>8</td><td>configuration error</td></tr>
 *   <tr><td>9</td><td>output refused: a file exists without --force, the output cannot be written (checked
 *       before sending), a name is outside its directory, the batch directory is in use by another run, or
 *       its manifest is damaged</td></tr>
 *   <tr><td>10</td><td>batch finished with failed jobs (a re-run retries them)</td></tr>
 *   <tr><td>11</td><td>batch finished with jobs whose outcome is unknown (they may have been paid for; a re-run
 *       sends them again only with --retry-unknown); takes precedence over 10</td></tr>
 * </table>
 */
final class ExitCodes {

    static final int OK = 0;
    static final int ERROR = 1;
    static final int USAGE = 2;
    static final int INVALID_REQUEST = 3;
    static final int CONTENT_POLICY = 4;
    static final int AUTHENTICATION = 5;
    static final int UNAVAILABLE = 6;
    static final int UNKNOWN_OUTCOME = 7;
    static final int CONFIG = 8;
    static final int OUTPUT_REFUSED = 9;
    static final int BATCH_FAILURES = 10;
    static final int BATCH_UNKNOWN = 11;

    private ExitCodes() {
    }

    static int of(Throwable e) {
        if (e instanceof ContentPolicyException) {
            return CONTENT_POLICY;
        }
        if (e instanceof InvalidRequestException) {
            return INVALID_REQUEST;
        }
        if (e instanceof AuthenticationException) {
            return AUTHENTICATION;
        }
        if (e instanceof AllProvidersFailedException) {
            boolean auth = false;
            for (Throwable s : e.getSuppressed()) {
                if (s instanceof ResultUnknownException) {
                    return UNKNOWN_OUTCOME;
                }
                auth |= s instanceof AuthenticationException;
            }
            return auth && e.getSuppressed().length == 1 ? AUTHENTICATION : UNAVAILABLE;
        }
        if (e instanceof RetryableException || e instanceof ProviderException) {
            return UNAVAILABLE;
        }
        if (e instanceof ResultUnknownException) {
            return UNKNOWN_OUTCOME;
        }
        if (e instanceof ConfigException) {
            return CONFIG;
        }
        if (e instanceof OutputRefusedException) {
            return OUTPUT_REFUSED;
        }
        if (e instanceof BatchLedger.CoordinatorException) {
            return UNAVAILABLE;
        }
        return ERROR;
    }
}
