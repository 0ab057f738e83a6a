package dev.imagegen4j.cli;

/**
 * The CLI will not write where it was asked to, found before anything is sent: a file would be overwritten
 * without --force, the output cannot be created or written, a name would land outside its directory, or a batch
 * directory is in use by another run, holds files the batch did not write, or has a damaged manifest.
 */
final class OutputRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    OutputRefusedException(String message) {
        super(message);
    }
}
