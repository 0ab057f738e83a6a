package dev.imagegen4j.cli;

/** Sets the SLF4J simple logger's level before the first logger is created. */
final class Logging {

    private Logging() {
    }

    static void configure(boolean verbose) {
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        }
    }
}
