package dev.imagegen4j.cli;

/** An output file would be overwritten without --force, or would land outside its directory. */
final class OutputRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    OutputRefusedException(String message) {
        super(message);
    }
}
