package org.siplims.publisher.imagetest;

import java.util.List;
import org.siplims.core.docker.ImageId;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;

/** A test of the image failed: which one, why, and the container's last lines of output. Nothing is pushed. */
public class TestsFailedException extends PublisherFailure {
    private static final long serialVersionUID = 1L;

    public TestsFailedException(ImageId imageId, String test, String why, List<String> lastLines) {
        super(ExitCode.TEST, message(imageId, test, why, lastLines),
                "Fix the app or the image, build again and rerun; nothing was pushed.");
    }

    private static String message(ImageId imageId, String test, String why, List<String> lastLines) {
        StringBuilder m = new StringBuilder("The image " + imageId.shortForm() + " failed the test '" + test + "': " + why);
        if (!lastLines.isEmpty()) {
            m.append(System.lineSeparator()).append("Last lines of the container's output:");
            lastLines.forEach(l -> m.append(System.lineSeparator()).append("  | ").append(l));
        }
        return m.toString();
    }
}
