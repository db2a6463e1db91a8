package org.siplims.publisher.preflight;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.InvalidReferenceException;

/**
 * Checks that every {@code FROM} in a Dockerfile names its base by digest. A tag can be moved by
 * whoever owns the base image, so two builds of one commit could differ; a digest cannot.
 * Earlier stages ({@code FROM build AS app} after {@code ... AS build}) and {@code scratch} are
 * allowed, and a base given through a global {@code ARG} is checked with the ARG's default.
 */
public final class DockerfileBases {
    private static final Pattern ESCAPE_DIRECTIVE = Pattern.compile("#\\s*escape\\s*=\\s*(\\S)\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    /** One FROM instruction, with the line it starts on. */
    public record From(int line, String image, Optional<String> stageName) {
    }

    /** A logical instruction: continuation lines joined, comments dropped. */
    record Instruction(int line, String keyword, String arguments) {
    }

    private DockerfileBases() {
    }

    /** The problems with the FROM lines of this Dockerfile text; {@code fileName} is for messages. */
    public static List<Problem> check(String fileName, String text) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> globalArgs = new HashMap<>();
        Set<String> stages = new HashSet<>();
        boolean sawFrom = false;
        for (Instruction in : instructions(text)) {
            if (in.keyword().equals("ARG") && !sawFrom) {
                rememberArg(in.arguments(), globalArgs);
            }
            if (!in.keyword().equals("FROM")) {
                continue;
            }
            sawFrom = true;
            Optional<From> from = parseFrom(in);
            if (from.isEmpty()) {
                problems.add(Problem.atLine(fileName, in.line(), "FROM names no image.",
                        "Write FROM <image>@sha256:<digest> [AS <stage>]."));
                continue;
            }
            checkBase(fileName, from.get(), globalArgs, stages).ifPresent(problems::add);
            from.get().stageName().ifPresent(name -> stages.add(name.toLowerCase(Locale.ROOT)));
        }
        if (!sawFrom) {
            problems.add(new Problem(fileName, "There is no FROM line, so the image has no base.",
                    "Start the Dockerfile with FROM <image>@sha256:<digest>."));
        }
        return problems;
    }

    /** The FROM instructions of a Dockerfile, in order. */
    public static List<From> froms(String text) {
        List<From> froms = new ArrayList<>();
        for (Instruction in : instructions(text)) {
            if (in.keyword().equals("FROM")) {
                parseFrom(in).ifPresent(froms::add);
            }
        }
        return froms;
    }

    private static Optional<Problem> checkBase(String fileName, From from, Map<String, String> args, Set<String> stages) {
        String image = from.image();
        if (stages.contains(image.toLowerCase(Locale.ROOT)) || image.equals("scratch")) {
            return Optional.empty(); // an earlier stage of this build, or no base at all
        }
        String resolved = substitute(image, args);
        if (resolved.contains("$")) {
            return Optional.of(Problem.atLine(fileName, from.line(),
                    "FROM " + image + " takes its base from a build argument without a default, so the base cannot be checked.",
                    "Write the base in the FROM line pinned by digest, or give the ARG before the first FROM a default "
                            + "of the form <image>@sha256:<digest>."));
        }
        String shown = resolved.equals(image) ? image : image + " (= " + resolved + ")";
        ImageReference ref;
        try {
            ref = ImageReference.parse(resolved);
        } catch (InvalidReferenceException e) {
            return Optional.of(Problem.atLine(fileName, from.line(), "FROM " + shown + ": " + e.getMessage(), e.hint()));
        }
        if (ref.digest().isPresent()) {
            return Optional.empty();
        }
        String floating = ref.tag().map(t -> t.equals("latest") ? "the tag 'latest'" : "the tag '" + t + "'")
                .orElse("no tag, which means 'latest'");
        return Optional.of(Problem.atLine(fileName, from.line(),
                "FROM " + shown + " names its base by " + floating + ", which can move: two builds of one commit could get different bases.",
                "Pin it by digest: FROM " + ref.familiar() + "@sha256:<digest>. `docker pull " + ref.familiar()
                        + "` prints the digest (or `docker buildx imagetools inspect " + ref.familiar() + "`)."));
    }

    private static Optional<From> parseFrom(Instruction in) {
        List<String> words = new ArrayList<>(List.of(in.arguments().trim().split("\\s+")));
        words.removeIf(String::isEmpty);
        // Flags such as --platform=$BUILDPLATFORM come before the image.
        while (!words.isEmpty() && words.get(0).startsWith("--")) {
            words.remove(0);
        }
        if (words.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> stage = words.size() >= 3 && words.get(1).equalsIgnoreCase("AS") ? Optional.of(words.get(2)) : Optional.empty();
        return Optional.of(new From(in.line(), words.get(0), stage));
    }

    private static void rememberArg(String arguments, Map<String, String> args) {
        for (String word : arguments.trim().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                args.put(word.substring(0, eq), unquote(word.substring(eq + 1)));
            }
        }
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String substitute(String text, Map<String, String> args) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3);
            String value = args.get(name);
            if (value == null && m.group(2) != null) {
                value = m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Splits Dockerfile text into instructions, joining continuation lines and dropping comments. */
    static List<Instruction> instructions(String text) {
        String[] lines = text.split("\\R", -1);
        char escape = '\\';
        // Parser directives are comments at the very top; only `escape` changes how lines join.
        for (String line : lines) {
            Matcher d = ESCAPE_DIRECTIVE.matcher(line.trim());
            if (d.matches()) {
                escape = d.group(1).charAt(0);
            } else if (!line.trim().startsWith("#") || !line.trim().contains("=")) {
                break;
            }
        }
        List<Instruction> result = new ArrayList<>();
        StringBuilder current = null;
        int startLine = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.trim();
            if (trimmed.startsWith("#")) {
                continue; // comments, also inside continued instructions
            }
            if (current == null) {
                if (trimmed.isEmpty()) {
                    continue;
                }
                current = new StringBuilder();
                startLine = i + 1;
            }
            String stripped = stripTrailing(line);
            if (!stripped.isEmpty() && stripped.charAt(stripped.length() - 1) == escape) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            result.add(toInstruction(startLine, current.toString()));
            current = null;
        }
        if (current != null && !current.toString().isBlank()) {
            result.add(toInstruction(startLine, current.toString()));
        }
        return result;
    }

    private static Instruction toInstruction(int line, String text) {
        String trimmed = text.trim();
        int space = trimmed.indexOf(' ');
        int tab = trimmed.indexOf('\t');
        int split = space < 0 ? tab : tab < 0 ? space : Math.min(space, tab);
        String keyword = split < 0 ? trimmed : trimmed.substring(0, split);
        String arguments = split < 0 ? "" : trimmed.substring(split + 1);
        return new Instruction(line, keyword.toUpperCase(Locale.ROOT), arguments);
    }

    private static String stripTrailing(String line) {
        return line.replaceAll("\\s+$", "");
    }
}
