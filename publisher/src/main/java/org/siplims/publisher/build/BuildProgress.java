package org.siplims.publisher.build;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siplims.core.docker.StreamErrors;

/**
 * Follows the engine's build output: one progress line per Dockerfile step, and for the step that
 * is running its last lines of output, so a failure can show where and why without flooding the
 * terminal with everything that went well.
 */
final class BuildProgress extends ResultCallback.Adapter<BuildResponseItem> {
    /** Docker's legacy builder prints "Step 2/7 : COPY …", Podman (Buildah) "STEP 2/7: COPY …". */
    private static final Pattern STEP = Pattern.compile("(?:Step (\\d+)/(\\d+) :|STEP (\\d+)/(\\d+):) (.*)");
    private static final int KEPT_LINES = 20;

    private final Consumer<String> progress;
    private final java.util.Set<String> releaseLabels;
    private boolean labelsAnnounced;
    private final StringBuilder partial = new StringBuilder();
    private final Deque<String> stepOutput = new ArrayDeque<>();
    private volatile String currentStep = "";
    private volatile String error;
    private volatile String imageId;

    /** @param releaseLabels the labels the publisher adds; their step is announced in words, not as a wall of text */
    BuildProgress(Consumer<String> progress, java.util.Set<String> releaseLabels) {
        this.progress = progress;
        this.releaseLabels = java.util.Set.copyOf(releaseLabels);
    }

    @Override
    public void onNext(BuildResponseItem item) {
        if (item.getStream() != null) {
            partial.append(item.getStream());
            int newline;
            while ((newline = partial.indexOf("\n")) >= 0) {
                line(partial.substring(0, newline).stripTrailing());
                partial.delete(0, newline + 1);
            }
        }
        if (item.isErrorIndicated()) {
            error = StreamErrors.message(item);
        }
        if (item.getAux() != null && item.getImageId() != null) {
            imageId = item.getImageId();
        }
    }

    private synchronized void line(String text) {
        if (text.isBlank()) {
            return;
        }
        Matcher step = STEP.matcher(text);
        if (step.matches()) {
            currentStep = text;
            stepOutput.clear();
            String number = step.group(1) != null ? step.group(1) + "/" + step.group(2) : step.group(3) + "/" + step.group(4);
            String instruction = step.group(5);
            if (isReleaseLabel(instruction)) {
                if (!labelsAnnounced) {
                    labelsAnnounced = true;
                    progress.accept("  step " + number + ": LABEL the release's version, commit, "
                            + "build date and lock files' SHA-256");
                }
                return;
            }
            progress.accept("  step " + number + ": " + abbreviate(instruction));
            return;
        }
        stepOutput.addLast(text);
        while (stepOutput.size() > KEPT_LINES) {
            stepOutput.removeFirst();
        }
        Matcher built = Pattern.compile("Successfully built ([0-9a-f]+)").matcher(text);
        if (built.matches() && imageId == null) {
            imageId = built.group(1);
        }
    }

    private boolean isReleaseLabel(String instruction) {
        if (!instruction.startsWith("LABEL ")) {
            return false;
        }
        String rest = instruction.substring("LABEL ".length()).trim();
        int eq = rest.indexOf('=');
        return eq > 0 && releaseLabels.contains(rest.substring(0, eq).replace("\"", ""));
    }

    Optional<String> error() {
        return Optional.ofNullable(error);
    }

    Optional<String> imageId() {
        return Optional.ofNullable(imageId);
    }

    String currentStep() {
        return currentStep;
    }

    synchronized List<String> lastLines() {
        return List.copyOf(stepOutput);
    }

    private static String abbreviate(String text) {
        return text.length() > 110 ? text.substring(0, 107) + "..." : text;
    }
}
