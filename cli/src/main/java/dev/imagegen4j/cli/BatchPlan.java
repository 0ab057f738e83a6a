package dev.imagegen4j.cli;

import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.internal.FileNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files of a batch, decided before anything is sent: job {@code ID} writes {@code ID.EXT}, and
 * {@code ID-1.EXT}, {@code ID-2.EXT}... for {@code n > 1}. Two jobs that would write the same name (ignoring case
 * and extension, as some file systems and the format a vendor returns do) are refused, as is a file in the
 * directory that one job would write but the batch did not create.
 */
final class BatchPlan {

    private static final int MAX_LISTED = 10;

    private BatchPlan() {
    }

    /** The names job {@code item} plans to write, image 0 first. */
    static List<String> names(BatchFile.Item item) {
        String ext = item.request.outputFormat().orElse(OutputFormat.PNG).extension();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < item.request.count(); i++) {
            names.add(FileNames.indexed(item.id, i) + "." + ext);
        }
        return names;
    }

    /**
     * Refuses two jobs writing the same file name.
     *
     * @throws InvalidRequestException listing every collision (lines, ids and the file)
     */
    static void checkCollisions(List<BatchFile.Item> items, String batchFile) {
        Map<String, String> owners = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (BatchFile.Item item : items) {
            List<String> names = names(item);
            for (int i = 0; i < names.size(); i++) {
                String stem = FileNames.stem(names.get(i)).toLowerCase(Locale.ROOT);
                String who = "line " + item.line + " (id '" + item.id + "'"
                        + (names.size() > 1 ? ", image " + (i + 1) + " of " + names.size() : "") + ")";
                String before = owners.putIfAbsent(stem, who);
                if (before != null) {
                    problems.add(before + " and " + who + " would both write " + FileNames.stem(names.get(i))
                            + ".*");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("id", batchFile + ": " + problems.size() + " file name collision(s), "
                    + "nothing was sent:\n  " + String.join("\n  ", problems) + "\nrename the ids so that no id "
                    + "equals another id followed by -1, -2, ... when that job has n > 1");
        }
    }

    /**
     * Refuses files that {@code items} would write but that no run of this batch wrote (the user's own files):
     * the batch never overwrites them, and never mistakes them for a job's result.
     *
     * @throws OutputRefusedException listing them
     */
    static void checkForeignFiles(List<BatchFile.Item> items, Path dir, Manifest manifest) {
        List<String> foreign = new ArrayList<>();
        for (BatchFile.Item item : items) {
            for (String name : names(item)) {
                if (Files.exists(dir.resolve(name)) && !manifest.recorded(name)) {
                    foreign.add(name + " (job '" + item.id + "', line " + item.line + ")");
                }
            }
        }
        if (!foreign.isEmpty()) {
            List<String> listed = foreign.subList(0, Math.min(MAX_LISTED, foreign.size()));
            throw new OutputRefusedException(foreign.size() + " file(s) in " + dir + " have the names of job results "
                    + "but were not written by this batch: " + String.join(", ", listed)
                    + (foreign.size() > MAX_LISTED ? ", ..." : "") + ". The batch never overwrites them: move them "
                    + "away or use another --out directory. Nothing was sent.");
        }
    }

    /**
     * Checks every job against the chosen generator exactly as it would be checked before its request (the model's
     * rules, the vendor's, the model's lifecycle), so a bad size on line 9 is found before lines 1-8 are paid for.
     *
     * @throws dev.imagegen4j.InvalidRequestException listing every job that would be refused; nothing was sent
     */
    static void checkAgainst(dev.imagegen4j.ImageGenerator generator, List<BatchFile.Item> items, String fileName) {
        List<String> problems = new ArrayList<>();
        for (BatchFile.Item item : items) {
            try {
                generator.check(item.request);
            } catch (dev.imagegen4j.InvalidRequestException | dev.imagegen4j.ProviderException e) {
                problems.add(fileName + " line " + item.line + " (id '" + item.id + "'): " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new dev.imagegen4j.InvalidRequestException("batch", problems.size() + " job(s) would be refused by "
                    + generator.providerId() + ", nothing was sent:\n  " + String.join("\n  ", problems));
        }
    }
}
