package dev.imagegen4j.cli;

import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.Secret;
import dev.imagegen4j.quota.redis.RedisEndpoint;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Where a batch shared by many machines is coordinated: {@code --coordinator redis://host:port/db} (or
 * {@code rediss://}), with the password, if any, in {@code IMAGEGEN4J_COORDINATOR_PASSWORD} (and a Redis ACL user
 * in {@code IMAGEGEN4J_COORDINATOR_USERNAME}), never in the URL: it would show in process lists and shell history.
 */
final class CoordinatorOptions {

    static final String PASSWORD_ENV = "IMAGEGEN4J_COORDINATOR_PASSWORD";
    static final String USERNAME_ENV = "IMAGEGEN4J_COORDINATOR_USERNAME";
    /** Connect and command timeout of the coordinator (a batch worker can afford to wait longer than a call). */
    static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(5);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @Option(names = "--coordinator", paramLabel = "URL",
            description = "Share the batch with other machines through Redis: redis://host:port/db (password in "
                    + "$" + PASSWORD_ENV + ").")
    String url;

    @Option(names = "--batch-id", paramLabel = "ID",
            description = "The batch's name on the coordinator. Default: derived from the jobs and options, so the "
                    + "same command on every machine names the same batch.")
    String batchId;

    RedisEndpoint endpoint(Context ctx) {
        RedisEndpoint e;
        try {
            e = RedisEndpoint.parse(url);
        } catch (IllegalArgumentException ex) {
            throw new InvalidRequestException("coordinator", "--coordinator: " + ex.getMessage());
        }
        e = e.withTimeout(TIMEOUT);
        String password = ctx.env.get(PASSWORD_ENV);
        if (password != null && !password.isEmpty()) {
            Secret secret;
            try {
                secret = Secret.of(password, "environment variable " + PASSWORD_ENV);
            } catch (IllegalArgumentException ex) {
                throw new InvalidRequestException("coordinator", ex.getMessage());
            }
            e = e.withCredentials(ctx.env.get(USERNAME_ENV), secret);
        }
        return e;
    }

    String batchIdChecked() {
        return checkName("--batch-id", batchId);
    }

    static String checkName(String option, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new InvalidRequestException(option, option + " '" + value + "' must be 1-64 letters, digits, '.', "
                    + "'_' or '-', starting with a letter or digit");
        }
        return value;
    }
}
