package dev.imagegen4j.cli;

import picocli.CommandLine.Option;

/** Which vendor to use (see {@link GeneratorChoice}). */
final class ConnectionOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (YAML or JSON). Default: $IMAGEGEN4J_CONFIG, ./imagegen4j.yaml, "
                    + "~/.config/imagegen4j/config.yaml.")
    String config;

    @Option(names = "--generator", paramLabel = "NAME",
            description = "A generator or route of the configuration file. Default: the file's 'default'.")
    String generator;

    @Option(names = "--provider", paramLabel = "ID",
            description = "A provider configured from the environment: openai (OPENAI_API_KEY), azure "
                    + "(AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY, AZURE_OPENAI_DEPLOYMENT), aimlapi "
                    + "(AIMLAPI_API_KEY), google (GEMINI_API_KEY or GOOGLE_API_KEY; GEMINI_BASE_URL), replicate "
                    + "(REPLICATE_API_TOKEN), fal (FAL_KEY), openrouter (OPENROUTER_API_KEY), or emulator (built in, "
                    + "offline).")
    String provider;

    @Option(names = "--verbose", description = "Print stack traces and debug logging.")
    boolean verbose;
}
