package org.siplims.publisher.push;

import org.siplims.core.release.ReleaseMetadata;
import org.siplims.core.docker.LocalImage;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.publisher.records.RecordStore;
import org.siplims.publisher.records.TestRecord;

/**
 * Where the publisher refuses to push an untested image. An image passes only with release labels
 * (version, commit) and a passing test record for its ID, made for the version its label carries;
 * anything else is refused before the registry is touched.
 */
public final class TestedImageGate {
    private final RecordStore records;

    public TestedImageGate(RecordStore records) {
        this.records = records;
    }

    /** The test record that allows {@code image} to be pushed; a refusal (exit 5, or 2 without labels) otherwise. */
    public TestRecord admit(LocalImage image) {
        ReleaseMetadata metadata = image.release();
        if (metadata.commit().equals("unknown") || metadata.version().equals("unknown")) {
            throw new PublisherFailure(ExitCode.USAGE, "The image " + image.id().shortForm() + " has no release labels (version, commit).",
                    "Build it with `scripts/publish build` (or run `scripts/publish publish`).");
        }
        TestRecord tested = records.testRecord(image.id()).orElseThrow(() -> new PublisherFailure(ExitCode.TEST,
                "The image " + image.id().shortForm() + " (" + metadata.version() + ") has no passing test record, so it is not pushed.",
                "Test it first: `scripts/publish test " + image.id() + "` (or run `scripts/publish publish`)."));
        if (!tested.version().equals(metadata.version())) {
            throw new PublisherFailure(ExitCode.TEST, "The image " + image.id().shortForm() + " was tested as version " + tested.version()
                    + ", but its label says " + metadata.version() + "; it is not pushed.",
                    "Test it for the version it carries: `scripts/publish test " + image.id() + "`.");
        }
        return tested;
    }
}
