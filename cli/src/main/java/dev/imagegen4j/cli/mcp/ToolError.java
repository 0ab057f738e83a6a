package dev.imagegen4j.cli.mcp;

/**
 * A mistake the calling model can fix (a bad size, an unknown image name, a path outside the directory, a refused
 * prompt): answered as a tool result with {@code isError: true} and this message, which names the rule.
 */
final class ToolError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ToolError(String message) {
        super(message, null, false, false);
    }
}
