package dev.imagegen4j.cli;

import picocli.CommandLine.Option;

/** Where and how results are written. */
final class OutputOptions {

    @Option(names = {"-o", "--output", "--out"}, paramLabel = "FILE|DIR",
            description = "Output file, or directory (existing, or ending in '/'). Default: a name from the prompt "
                    + "in the current directory.")
    String output;

    @Option(names = "--force", description = "Overwrite existing files.")
    boolean force;

    @Option(names = "--json", description = "Print one machine-readable JSON object instead of text.")
    boolean json;

    @Option(names = "--dry-run", description = "Check everything and print the exact request(s) the provider would "
            + "receive (secrets masked) and the estimated cost; send nothing and write nothing.")
    boolean dryRun;

    @Option(names = "--stream", description = "Stream partial images (3) and save them as they arrive.")
    boolean stream;
}
