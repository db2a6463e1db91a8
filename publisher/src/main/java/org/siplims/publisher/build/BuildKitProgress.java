package org.siplims.publisher.build;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows {@code docker buildx build --progress=plain}: one progress line per Dockerfile step, in
 * the same words as the classic builder's ({@link BuildProgress}), and for each step its last lines
 * of output, so a failure shows where and why.
 *
 * <p>BuildKit's plain output numbers each piece of work ({@code #5}); a step's header is
 * {@code #5 [2/7] RUN …} (with a platform or stage name before the numbers:
 * {@code [linux/arm64 2/7]}), its output {@code #5 0.412 text}, its failure {@code #5 ERROR: …},
 * and the build's failure a last {@code ERROR: failed to solve: …}. Headers repeat when the output
 * of several steps interleaves; each step is announced once.
 */
final class BuildKitProgress implements Consumer<String> {
    private static final Pattern HEADER = Pattern.compile("#(\\d+) \\[(?:[^\\]]*? )?(\\d+)/(\\d+)\\] (.*)");
    private static final Pattern OUTPUT = Pattern.compile("#(\\d+) \\d+\\.\\d+ (.*)");
    private static final Pattern STEP_ERROR = Pattern.compile("#(\\d+) ERROR: (.*)");
    private static final Pattern BUILD_ERROR = Pattern.compile("ERROR: (?:failed to (?:solve|build): )*(.*)");
    private static final int KEPT_LINES = 20;

    private final Consumer<String> progress;
    private final Map<String, String> steps = new HashMap<>();
    private final Set<String> announced = new HashSet<>();
    private final Map<String, Deque<String>> output = new HashMap<>();
    private final Deque<String> lastLines = new ArrayDeque<>();
    private String failedStep = "";
    private String failedVertex;
    private String error;

    BuildKitProgress(Consumer<String> progress) {
        this.progress = progress;
    }

    @Override
    public synchronized void accept(String text) {
        String line = text.stripTrailing();
        if (line.isBlank()) {
            return;
        }
        lastLines.addLast(line);
        trim(lastLines);
        Matcher m;
        if ((m = HEADER.matcher(line)).matches()) {
            String vertex = m.group(1);
            String step = "step " + m.group(2) + "/" + m.group(3) + ": " + m.group(4);
            steps.put(vertex, step);
            if (announced.add(vertex)) {
                progress.accept("  " + abbreviate(step));
            }
        } else if ((m = OUTPUT.matcher(line)).matches()) {
            Deque<String> lines = output.computeIfAbsent(m.group(1), v -> new ArrayDeque<>());
            lines.addLast(m.group(2));
            trim(lines);
        } else if ((m = STEP_ERROR.matcher(line)).matches()) {
            if (failedVertex == null) {
                failedVertex = m.group(1);
                failedStep = steps.getOrDefault(failedVertex, "");
                error = m.group(2);
            }
        } else if ((m = BUILD_ERROR.matcher(line)).matches() && error == null) {
            error = m.group(1);
        }
    }

    /** The step that failed ("step 3/7: RUN …"), or empty when the failure was not in a step. */
    synchronized String failedStep() {
        return failedStep;
    }

    synchronized Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** The failed step's last lines of output; without one, the build's last lines. */
    synchronized List<String> lastLines() {
        Deque<String> lines = failedVertex == null ? null : output.get(failedVertex);
        return List.copyOf(lines == null || lines.isEmpty() ? lastLines : lines);
    }

    private static void trim(Deque<String> lines) {
        while (lines.size() > KEPT_LINES) {
            lines.removeFirst();
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 116 ? text.substring(0, 113) + "..." : text;
    }
}
