package dev.imagegen4j.cli;

/**
 * What happens when a command is stopped by Ctrl-C (SIGINT) or SIGTERM: a JVM shutdown hook runs
 * {@code onInterrupt} (clear the live progress line, say which requests were in flight and may still be billed,
 * record them), unless the command finished first. Closing it removes the hook.
 */
final class Interruption implements AutoCloseable {

    private final Thread hook;
    private volatile boolean finished;

    private Interruption(Runnable onInterrupt) {
        this.hook = new Thread(() -> {
            if (!finished) {
                onInterrupt.run();
            }
        }, "imagegen-interrupt");
    }

    /** Installs the hook. */
    static Interruption install(Runnable onInterrupt) {
        Interruption i = new Interruption(onInterrupt);
        Runtime.getRuntime().addShutdownHook(i.hook);
        return i;
    }

    @Override
    public void close() {
        finished = true;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting; the hook sees finished and does nothing
        }
    }
}
