package dev.imagegen4j.cli.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One tool call waiting for a job, with the progress token its client sent: each message becomes a
 * {@code notifications/progress} with a rising progress value, sent on {@code sender} (never on the generating
 * thread), and only while the call is still waiting. Thread-safe.
 */
final class ProgressWaiter {

    private final McpSyncServerExchange exchange;
    private final Object token;
    private final Executor sender;
    private final AtomicLong progress = new AtomicLong();
    private volatile boolean active = true;

    ProgressWaiter(McpSyncServerExchange exchange, Object token, Executor sender) {
        this.exchange = exchange;
        this.token = token;
        this.sender = sender;
    }

    void send(String message) {
        if (!active) {
            return;
        }
        try {
            sender.execute(() -> {
                if (!active) {
                    return;
                }
                try {
                    exchange.progressNotification(new McpSchema.ProgressNotification(token,
                            (double) progress.incrementAndGet(), null, message));
                } catch (RuntimeException gone) {
                    active = false; // the client went away; the job goes on
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            active = false;
        }
    }

    void stop() {
        active = false;
    }
}
