package dev.imagegen4j.cli;

import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.spi.ImageGeneratorProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * What {@code imagegen --version} prints: the imagegen version (written into {@code imagegen-version.properties} by
 * the build), the Java runtime that runs it (version, vendor, VM and its home directory: the {@code java} that the
 * launcher found) and the installed providers.
 */
final class VersionInfo {

    private static final String RESOURCE = "imagegen-version.properties";

    private VersionInfo() {
    }

    /** The version of this build, e.g. {@code 0.1.0}. */
    static String version() {
        try (InputStream in = VersionInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path: a broken build");
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            if (v.isBlank() || v.contains("${")) {
                throw new IllegalStateException(RESOURCE + " holds no version (" + v + "): a broken build");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of {@code --version} for this JVM and the providers on its class path. */
    static List<String> lines() {
        return lines(ImageGenerators::installed);
    }

    static List<String> lines(Supplier<Map<String, ImageGeneratorProvider>> providers) {
        List<String> lines = new ArrayList<>();
        lines.add("imagegen " + version());
        lines.add("Java " + property("java.runtime.version", property("java.version", "?"))
                + " (" + property("java.vendor", "unknown vendor") + ", " + property("java.vm.name", "unknown VM")
                + ") at " + property("java.home", "?"));
        lines.add("OS " + property("os.name", "?") + " " + property("os.version", "?") + " " + property("os.arch", "?"));
        String installed;
        try {
            Map<String, ImageGeneratorProvider> found = providers.get();
            installed = found.isEmpty() ? "none" : String.join(", ", found.keySet());
        } catch (RuntimeException e) {
            // e.g. two providers with one id: --version still answers, and says why the list is missing
            installed = "cannot be listed: " + e.getMessage();
        }
        lines.add("Providers: " + installed + "; emulator (built in, offline)");
        return lines;
    }

    private static String property(String key, String fallback) {
        String v = System.getProperty(key);
        return v == null || v.isBlank() ? fallback : v;
    }
}
