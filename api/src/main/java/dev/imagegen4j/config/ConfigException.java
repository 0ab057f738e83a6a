package dev.imagegen4j.config;

/**
 * A configuration file is wrong: the message names the file, the place (line and/or key path) and
 * what to fix, e.g. {@code imagegen4j.yaml line 7 (generators.primary.api-key): environment variable
 * AZURE_OPENAI_API_KEY is not set}. Never contains a secret value.
 */
public class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message the full message */
    public ConfigException(String message) {
        super(message);
    }

    /** @param message the full message; @param cause the parser's error */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
