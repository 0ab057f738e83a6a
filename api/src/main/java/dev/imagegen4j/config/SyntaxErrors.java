package dev.imagegen4j.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns a YAML or JSON parser error into a {@link ConfigException} with the file, line, column and what is
 * wrong, but never the content of the line: the parsers quote it (SnakeYAML shows the line with a caret,
 * Jackson quotes the unrecognized token), and the broken line is often {@code api-key: "sk-...}. Quoted
 * fragments of the parser's description are masked unless they are grammar (a token name such as
 * {@code <block end>}, punctuation, a JSON literal), and the parser's exception is not kept as the cause.
 */
final class SyntaxErrors {

    private static final Pattern QUOTED = Pattern.compile("'([^'\\n]*)'|\"([^\"\\n]*)\"");
    private static final Pattern CODE = Pattern.compile("\\s*\\(code (\\d{1,7})\\)");
    /** Jackson shows a character as {@code 'x' (code 120)}. */
    private static final Pattern JACKSON_CHAR = Pattern.compile("'(.)' \\(code (\\d{1,7})\\)");
    /** SnakeYAML shows one as {@code x(120)}. */
    private static final Pattern SNAKEYAML_CHAR = Pattern.compile("(?<=\\s|^)(\\S)\\((\\d{1,7})\\)");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");
    private static final Pattern PLAIN_WORD = Pattern.compile(
            "[a-z]{1,20}|[A-Z][a-z]{1,20}|[A-Z][A-Z_]{0,20}|\\d{1,5}");
    private static final String MASK = "***";
    private static final Pattern GRAMMAR = Pattern.compile("<[a-z ]+>|[^\\p{L}\\p{N}]*");
    /** How SnakeYAML shows an invisible character, e.g. {@code \t(TAB)}. */
    private static final Pattern ESCAPE = Pattern.compile("\\\\[a-z0-9]{1,8}(\\([A-Z]{1,10}\\))?");
    private static final Set<String> LITERALS = Set.of("null", "true", "false", "NaN", "Infinity", "-Infinity");
    private static final int MAX_DESCRIPTION = 300;

    private SyntaxErrors() {
    }

    static ConfigException of(String source, JsonProcessingException e, boolean json) {
        String format = json ? "JSON" : "YAML";
        MarkedYAMLException yaml = find(e, MarkedYAMLException.class);
        int line = -1;
        int column = -1;
        String what;
        if (yaml != null) {
            Mark mark = yaml.getProblemMark() != null ? yaml.getProblemMark() : yaml.getContextMark();
            if (mark != null) {
                line = mark.getLine() + 1;
                column = mark.getColumn() + 1;
            }
            what = mask(yaml.getProblem());
            String context = mask(yaml.getContext());
            if (!context.isEmpty()) {
                Mark cm = yaml.getContextMark();
                what += " (" + context + (cm != null && cm.getLine() + 1 != line
                        ? " started at line " + (cm.getLine() + 1) + ", column " + (cm.getColumn() + 1) : "") + ")";
            }
        } else {
            JsonLocation at = e.getLocation();
            if (at != null) {
                line = at.getLineNr();
                column = at.getColumnNr();
            }
            what = duplicate(e.getOriginalMessage());
            if (what == null) {
                what = mask(firstLine(e.getOriginalMessage()));
            }
        }
        if (what.isBlank()) {
            what = "the text is not valid " + format;
        }
        if (what.length() > MAX_DESCRIPTION) {
            what = what.substring(0, MAX_DESCRIPTION) + "...";
        }
        String where = line > 0 ? " line " + line + (column > 0 ? ", column " + column : "") : "";
        return new ConfigException(source + where + ": " + format + " syntax error: " + what
                + " (the line is not shown: it may hold a secret)");
    }

    /** A duplicate key names the key, which is structure, not a value: kept so the message says which. */
    private static String duplicate(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = Pattern.compile("^Duplicate field '([^'\\n]{1,100})'").matcher(message);
        return m.find() ? "Duplicate field '" + m.group(1) + "': each key may appear once per mapping" : null;
    }

    /**
     * The parser's description with content masked: a quoted fragment unless it is grammar, a character shown
     * by its code as its Unicode name (unless it is a letter or digit), and any word that is not plainly a word of
     * the parser's own vocabulary (mixed letters and digits, mixed case, long runs).
     */
    static String mask(String description) {
        if (description == null) {
            return "";
        }
        String s = replace(JACKSON_CHAR, firstLine(description), m -> character(m.group(1).codePointAt(0),
                Integer.parseInt(m.group(2))));
        s = replace(SNAKEYAML_CHAR, s, m -> character(m.group(1).codePointAt(0), Integer.parseInt(m.group(2))));
        s = replace(CODE, s, m -> Integer.parseInt(m.group(1)) < 32 || Integer.parseInt(m.group(1)) == 127
                ? m.group() : "");
        s = replace(QUOTED, s, m -> {
            String inner = m.group(1) != null ? m.group(1) : m.group(2);
            boolean keep = GRAMMAR.matcher(inner).matches() || LITERALS.contains(inner)
                    || ESCAPE.matcher(inner).matches();
            return keep ? m.group() : m.group().charAt(0) + MASK + m.group().charAt(0);
        });
        s = replace(WORD, s, m -> PLAIN_WORD.matcher(m.group()).matches() ? m.group() : MASK);
        return s.replace(MASK + MASK, MASK).strip();
    }

    /** A character the parser showed: its name if it is punctuation or invisible, masked if it is content. */
    private static String character(int shown, int code) {
        int cp = code >= 0 && code <= Character.MAX_CODE_POINT ? code : shown;
        if (Character.isLetterOrDigit(cp)) {
            return MASK;
        }
        String name = Character.getName(cp);
        return String.format(java.util.Locale.ROOT, "U+%04X", cp) + (name == null ? "" : " " + name);
    }

    private static String replace(Pattern p, String s, java.util.function.Function<Matcher, String> with) {
        Matcher m = p.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
