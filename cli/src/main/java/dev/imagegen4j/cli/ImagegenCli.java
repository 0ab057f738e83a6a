package dev.imagegen4j.cli;

import dev.imagegen4j.ImageGenerationException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code imagegen} command. With no configuration and no API key it uses a built-in emulator, so
 * {@code imagegen generate "a corgi on grass" -o corgi.png} works offline out of the box.
 */
@Command(name = "imagegen", mixinStandardHelpOptions = true, versionProvider = ImagegenCli.Version.class,
        description = "Generate and edit images through OpenAI, Azure OpenAI or OpenAI-style gateways.",
        subcommands = {GenerateCommand.class, EditCommand.class, BatchCommand.class, ModelsCommand.class,
            ProvidersCommand.class, EmulatorCommand.class, McpCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes:",
            "   0 ok                           7 outcome unknown (the image may be paid)",
            "   1 error                        8 configuration",
            "   2 usage                        9 output refused",
            "   3 invalid request             10 batch had failed jobs",
            "   4 content policy              11 batch had jobs with an unknown outcome",
            "   5 authentication                 (not re-sent without --retry-unknown)",
            "   6 rate limited or unavailable  130 interrupted"})
public final class ImagegenCli {

    final Context ctx;

    ImagegenCli(Context ctx) {
        this.ctx = ctx;
    }

    /** Runs the command line. */
    public static void main(String[] args) {
        System.exit(run(Context.system(), args));
    }

    /** Runs {@code args} in {@code ctx} and returns the exit code. */
    static int run(Context ctx, String... args) {
        CommandLine cli = commandLine(ctx);
        return cli.execute(args);
    }

    static CommandLine commandLine(Context ctx) {
        CommandLine cli = new CommandLine(new ImagegenCli(ctx));
        cli.setOut(new PrintWriter(ctx.out, true));
        cli.setErr(new PrintWriter(ctx.err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            int code = ExitCodes.of(e);
            boolean verbose = matched(parseResult, "--verbose");
            boolean json = matched(parseResult, "--json");
            String line = "imagegen: " + kind(e) + ": " + e.getMessage();
            if (e instanceof ImageGenerationException && !String.valueOf(e.getMessage()).contains("request id")) {
                line += ((ImageGenerationException) e).requestId().map(id -> " (request id " + id + ")").orElse("");
            }
            if (json) {
                ctx.out.println(ResultPrinter.error(e, code));
            }
            ctx.err.println(line);
            if (verbose) {
                e.printStackTrace(ctx.err);
            } else if (code == ExitCodes.ERROR) {
                ctx.err.println("imagegen: run with --verbose for details");
            }
            return code;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            // a usage error: picocli's message and the command's usage on stderr; with --json also one JSON object
            // on stdout, so a script reading stdout always gets an answer
            CommandLine c = e.getCommandLine();
            c.getErr().println("imagegen: " + e.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, c.getErr())) {
                c.usage(c.getErr());
            }
            if (java.util.Arrays.asList(args).contains("--json")) {
                ctx.out.println(ResultPrinter.error(e, ExitCodes.USAGE));
            }
            return ExitCodes.USAGE;
        });
        Version.onEveryCommand(cli);
        return cli;
    }

    /** Whether {@code option} was given to the command or to any of its subcommands. */
    private static boolean matched(CommandLine.ParseResult result, String option) {
        for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }

    private static String kind(Throwable e) {
        if (e instanceof dev.imagegen4j.ModelNotFoundException) {
            return "model not available";
        }
        if (e instanceof BatchLedger.CoordinatorException) {
            return "coordinator unavailable";
        }
        switch (ExitCodes.of(e)) {
            case ExitCodes.INVALID_REQUEST:
                return "invalid request";
            case ExitCodes.CONTENT_POLICY:
                return "refused by the content policy";
            case ExitCodes.AUTHENTICATION:
                return "authentication failed";
            case ExitCodes.UNAVAILABLE:
                return "provider unavailable";
            case ExitCodes.UNKNOWN_OUTCOME:
                return "outcome unknown";
            case ExitCodes.CONFIG:
                return "configuration error";
            case ExitCodes.OUTPUT_REFUSED:
                return "output refused";
            default:
                return "error";
        }
    }

    /** {@code --version}: the version, the Java runtime (version, vendor, path) and the installed providers. */
    static final class Version implements CommandLine.IVersionProvider {

        /** Subcommands answer {@code -V} as {@code imagegen -V} does (picocli gives them no version of their own). */
        static void onEveryCommand(CommandLine cli) {
            cli.getCommandSpec().versionProvider(new Version());
            cli.getSubcommands().values().forEach(Version::onEveryCommand);
        }

        @Override
        public String[] getVersion() {
            // picocli formats each line with String.format: a '%' in a path or a message must stay a '%'
            return VersionInfo.lines().stream().map(line -> line.replace("%", "%%")).toArray(String[]::new);
        }
    }
}
