package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.ImageGenerators;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The distribution archive ({@code target/imagegen-VERSION-bin.tar.gz} and {@code .zip}) installed as a user installs
 * it on a machine that has a JDK and nothing else: unpacked into a temporary directory and run with an environment
 * holding only {@code PATH} (the JDK's {@code bin} plus a directory with {@code sh} and {@code readlink}, the only
 * tools the launcher uses: no Maven, no source checkout, no {@code JAVA_HOME}) and {@code HOME}.
 */
class DistributionIT {

    @TempDir
    static Path root;

    private static Path home;
    private static Path tools;
    private static Path jdkBin;

    @TempDir
    Path work;

    private static String version() {
        String v = System.getProperty("imagegen.version");
        assertThat(v).as("the project version, passed by the cli pom").isNotBlank();
        return v;
    }

    private static Path archive(String extension) {
        Path archive = Path.of(System.getProperty("imagegen.dist", "target/imagegen-" + version() + "-bin") + extension)
                .toAbsolutePath();
        assertThat(archive).as("the distribution (built by mvn package)").exists();
        return archive;
    }

    @BeforeAll
    static void install() throws Exception {
        Path opt = Files.createDirectories(root.resolve("opt"));
        Result untar = run(new ProcessBuilder("tar", "xzf", archive(".tar.gz").toString()).directory(opt.toFile()));
        assertThat(untar.exit).as(untar.output).isZero();
        home = opt.resolve("imagegen-" + version());

        tools = Files.createDirectories(root.resolve("tools"));
        for (String tool : List.of("sh", "readlink")) {
            Files.createSymbolicLink(tools.resolve(tool), onPath(tool));
        }
        jdkBin = Path.of(System.getProperty("java.home"), "bin").toRealPath();
        assertThat(jdkBin.resolve("java")).isExecutable();
    }

    private static Path onPath(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, tool)).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new AssertionError(tool + " is not on the PATH of the test"));
    }

    /** The bare environment of a JDK-only machine: PATH = the JDK's bin and the launcher's two tools; HOME. */
    private Map<String, String> jdkOnly() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", jdkBin + ":" + tools);
        env.put("HOME", Files.createDirectories(root.resolve("home")).toString());
        return env;
    }

    private Result imagegen(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/imagegen").toString()));
        cmd.addAll(List.of(args));
        return run(process(env, cmd));
    }

    private ProcessBuilder process(Map<String, String> env, List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb;
    }

    @Test
    void should_generate_a_png_offline_when_the_machine_has_only_a_jdk() throws Exception {
        Result r = imagegen(jdkOnly(), "generate", "a fox", "-o", "fox.png");

        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("built-in emulator");
        assertThat(ImageIO.read(work.resolve("fox.png").toFile()).getWidth()).isEqualTo(1024);
    }

    @Test
    void should_print_the_version_java_and_providers_when_called_through_symbolic_links() throws Exception {
        // /usr/local/bin/imagegen -> /opt/imagegen-VERSION/bin/imagegen, found on the PATH
        Path localBin = Files.createDirectories(root.resolve("usr-local-bin"));
        Files.deleteIfExists(localBin.resolve("imagegen"));
        Files.createSymbolicLink(localBin.resolve("imagegen"), home.resolve("bin/imagegen"));
        // and a relative link to that link
        Path links = Files.createDirectories(root.resolve("links"));
        Files.deleteIfExists(links.resolve("ig"));
        Files.createSymbolicLink(links.resolve("ig"), Path.of("../usr-local-bin/imagegen"));
        Map<String, String> env = jdkOnly();
        env.put("PATH", env.get("PATH") + ":" + localBin);

        Result viaPath = run(process(env, List.of(tools.resolve("sh").toString(), "-c", "imagegen --version")));
        Result viaRelativeLink = run(process(env, List.of(links.resolve("ig").toString(), "-V")));

        for (Result r : List.of(viaPath, viaRelativeLink)) {
            assertThat(r.exit).as(r.output).isZero();
            List<String> lines = r.output.lines().toList();
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0)).isEqualTo("imagegen " + version());
            assertThat(lines.get(1)).startsWith("Java ").endsWith(" at " + jdkBin.getParent());
            // the providers of the cli's class path, which the shaded jar bundles
            assertThat(lines.get(3)).isEqualTo("Providers: " + String.join(", ", ImageGenerators.installed().keySet())
                    + "; emulator (built in, offline)").contains(" aimlapi, azure, ").contains(" openai, ");
        }
    }

    @Test
    void should_use_java_home_before_the_path_and_pass_imagegen_java_opts() throws Exception {
        Map<String, String> env = jdkOnly();
        env.put("PATH", tools.toString());
        env.put("JAVA_HOME", jdkBin.getParent().toString());
        env.put("IMAGEGEN_JAVA_OPTS", "-Xmx64m -XshowSettings:vm");

        Result r = imagegen(env, "--version");

        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("imagegen " + version()).contains("64.00M");
    }

    @Test
    void should_say_how_to_get_java_when_there_is_none() throws Exception {
        Map<String, String> env = jdkOnly();
        env.put("PATH", tools.toString());

        Result noJava = imagegen(env, "--version");
        env.put("JAVA_HOME", root.resolve("no-such-jdk").toString());
        Result badJavaHome = imagegen(env, "--version");

        assertThat(noJava.exit).isEqualTo(1);
        assertThat(noJava.output).isEqualTo("imagegen: no Java found: install a Java 17+ runtime and put it on the "
                + "PATH, or set JAVA_HOME\n");
        assertThat(badJavaHome.exit).isEqualTo(1);
        assertThat(badJavaHome.output).contains("JAVA_HOME is set to " + root.resolve("no-such-jdk"))
                .contains("is not an executable Java");
    }

    /**
     * A fake {@code java} in JAVA_HOME (the real one stays on the PATH, so JAVA_HOME must win) answers
     * {@code -version} as the given runtime; when accepted, it prints the arguments the launcher passed.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "openjdk version \"11.0.22\" 2024-01-16                                    | 0 | Java 11",
        "Picked up JAVA_TOOL_OPTIONS: -Dx=\"1\"\\njava version \"1.8.0_402\"          | 0 | Java 8",
        "Error: could not find libjava.so                                          | 1 | -version failed",
        "something else entirely                                                   | 0 | cannot tell the version",
        "openjdk version \"17-ea\" 2021-09-14                                      | 0 | ",
        "openjdk version \"17.0.15\" 2025-04-15                                    | 0 | ",
        "java version \"25.0.1\" 2025-10-21 LTS                                    | 0 | ",
        "Picked up _JAVA_OPTIONS: -Xss2m\\nopenjdk version \"21\" 2023-09-19       | 0 | ",
    })
    void should_run_java_17_or_newer_and_refuse_older_ones_naming_the_version(String versionOutput, int versionExit,
            String refusal) throws Exception {
        Path fakeJdk = Files.createDirectories(work.resolve("fake-jdk/bin"));
        Path java = fakeJdk.resolve("java");
        Files.writeString(java, "#!/bin/sh\n"
                + "if [ \"$1\" = -version ]; then printf '" + versionOutput.strip().replace("'", "'\\''")
                + "\\n' >&2; exit " + versionExit + "; fi\n"
                + "for a in \"$@\"; do echo \"arg:$a\"; done\n");
        java.toFile().setExecutable(true);
        Map<String, String> env = jdkOnly();
        env.put("JAVA_HOME", fakeJdk.getParent().toString());
        // split at white space, but "some-*" must not become "some-file"
        env.put("IMAGEGEN_JAVA_OPTS", "-Xmx64m  some-*");
        Files.writeString(work.resolve("some-file"), "a file the pattern would find");

        Result r = imagegen(env, "generate", "a fox, with spaces", "-o", "*.png");

        if (refusal == null) {
            assertThat(r.exit).as(r.output).isZero();
            assertThat(r.output.lines().toList()).containsExactly("arg:-Xmx64m", "arg:some-*", "arg:-jar",
                    "arg:" + home.resolve("lib/imagegen.jar").toRealPath(), "arg:generate", "arg:a fox, with spaces",
                    "arg:-o", "arg:*.png");
        } else {
            assertThat(r.exit).as(r.output).isEqualTo(1);
            assertThat(r.output).startsWith("imagegen: ").contains(refusal).contains(java.toString());
            assertThat(r.output).doesNotContain("arg:");
            if (refusal.startsWith("Java")) {
                assertThat(r.output).contains("imagegen needs Java 17 or newer");
            }
        }
    }

    @Test
    void should_complete_commands_options_and_file_names_when_sourced_in_bash() throws Exception {
        Files.writeString(work.resolve("jobs.jsonl"), "{}\n");
        Files.writeString(work.resolve("my.yaml"), "generators: {}\n");
        String script = "source " + home.resolve("completion/imagegen.bash") + " && complete -p imagegen\n"
                // compopt only works inside a real completion; the completion function itself is what is tested
                + "compopt() { :; }\n"
                + "t() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(( $# - 1 )); COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE};"
                + " COMPREPLY=(); _complete_imagegen imagegen \"${COMP_WORDS[COMP_CWORD]}\""
                + " \"${COMP_WORDS[COMP_CWORD-1]}\"; echo \"$*|${COMPREPLY[*]}\"; }\n"
                + "t imagegen ge\n"
                + "t imagegen generate --qu\n"
                + "t imagegen generate --config my\n"
                + "t imagegen generate -o j\n"
                + "t imagegen edit 'a hat' --image j\n"
                + "t imagegen batch j\n";

        // the user's interactive shell, with its usual tools (the script calls seq)
        Map<String, String> env = jdkOnly();
        env.put("PATH", System.getenv("PATH"));

        Result r = run(process(env, List.of(onPath("bash").toString(), "-c", script)));

        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output.lines().toList()).containsExactly(
                "complete -o default -F _complete_imagegen imagegen",
                "imagegen ge|generate",
                "imagegen generate --qu|--quality",
                "imagegen generate --config my|my.yaml",
                "imagegen generate -o j|jobs.jsonl",
                "imagegen edit a hat --image j|jobs.jsonl",
                "imagegen batch j|jobs.jsonl");
    }

    @Test
    void should_register_the_completion_when_sourced_in_zsh() throws Exception {
        Path zsh = Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, "zsh")).filter(Files::isExecutable)
                .findFirst().orElse(null);
        Assumptions.assumeTrue(zsh != null, "zsh is not installed");
        // in zsh the script loads compinit (when missing) and bashcompinit itself
        String script = "source " + home.resolve("completion/imagegen.bash") + " && print -r -- ${_comps[imagegen]}";

        Map<String, String> env = jdkOnly();
        env.put("PATH", System.getenv("PATH"));

        Result r = run(process(env, List.of(zsh.toString(), "-f", "-c", script)));

        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("_complete_imagegen");
    }

    @Test
    void should_ship_the_same_files_with_the_same_permissions_in_the_zip_and_the_tar() throws Exception {
        Map<String, Set<PosixFilePermission>> tar = new TreeMap<>();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                tar.put(home.relativize(f).toString(), Files.getPosixFilePermissions(f));
            }
        }
        Map<String, Set<PosixFilePermission>> zip = new TreeMap<>();
        URI uri = URI.create("jar:" + archive(".zip").toUri());
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of("enablePosixFileAttributes", true))) {
            Path top = fs.getPath("/imagegen-" + version());
            try (Stream<Path> files = Files.walk(top)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    zip.put(top.relativize(f).toString(),
                            Files.getFileAttributeView(f, PosixFileAttributeView.class).readAttributes().permissions());
                }
            }
        }

        assertThat(new TreeSet<>(tar.keySet())).containsExactly("LICENSE", "README.txt", "bin/imagegen",
                "bin/imagegen.bat", "completion/imagegen.bash", "lib/imagegen.jar");
        assertThat(zip).isEqualTo(tar);
        assertThat(tar.get("bin/imagegen")).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.mismatch(home.resolve("lib/imagegen.jar"), CliProcess.jar())).as("the shaded jar").isEqualTo(-1);
        String sh = Files.readString(home.resolve("bin/imagegen"));
        assertThat(sh).startsWith("#!/bin/sh\n").doesNotContain("\r");
        String bat = Files.readString(home.resolve("bin/imagegen.bat"));
        assertThat(bat.split("\r\n", -1)).as("CRLF line ends for cmd.exe").hasSizeGreaterThan(20)
                .allSatisfy(line -> assertThat(line).doesNotContain("\n"));
        assertThat(bat).contains("\\lib\\imagegen.jar").contains("%IMAGEGEN_JAVA_OPTS%");
        assertThat(Files.readString(home.resolve("README.txt"))).contains("/opt/imagegen-" + version() + "/bin/imagegen")
                .doesNotContain("${");
    }

    private record Result(int exit, String output) {
    }

    private static Result run(ProcessBuilder pb) throws Exception {
        Path log = Files.createTempFile("imagegen-dist", ".log");
        try {
            Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("not finished within 120 s: " + String.join(" ", pb.command()));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
