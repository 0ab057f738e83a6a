package dev.imagegen4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** What the CLI runs in: environment, working directory, streams, and whether stderr is a terminal. */
final class Context {

    final Map<String, String> env;
    final Path cwd;
    final PrintStream out;
    final PrintStream err;
    final boolean terminal;

    Context(Map<String, String> env, Path cwd, PrintStream out, PrintStream err, boolean terminal) {
        this.env = Map.copyOf(env);
        this.cwd = cwd;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    static Context system() {
        return new Context(System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err,
                System.console() != null && !"dumb".equals(System.getenv("TERM")));
    }
}
