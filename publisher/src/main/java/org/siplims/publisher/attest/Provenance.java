package org.siplims.publisher.attest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import org.siplims.core.image.ImageReference;
import org.siplims.publisher.records.TestRecord;

/**
 * The release's SLSA provenance (v1 predicate), honest about what the build is: SLSA Build L1. The
 * builder is the publisher on the maintainer's own computer, not a hosted build service, so the
 * statement is only as trustworthy as that computer and the signing key; it records what was built
 * (repository, commit, base image by digest) and the tests that ran on the image, all passed (the
 * publisher pushes nothing else).
 */
public final class Provenance {
    public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";
    /** What kind of build this is: the publisher's Dockerfile build with the release labels. */
    public static final String BUILD_TYPE = "https://github.com/siplims/sip-lims/publisher/build/v1";
    /** Who built it: the publisher run by the maintainer on their own computer (Build L1). */
    public static final String BUILDER_ID = "https://github.com/siplims/sip-lims/publisher/maintainer-computer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Provenance() {
    }

    public static ObjectNode predicate(String repositoryUri, TestRecord tested, Optional<ImageReference> baseImage, Instant finished) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode definition = root.putObject("buildDefinition");
        definition.put("buildType", BUILD_TYPE);
        ObjectNode external = definition.putObject("externalParameters");
        external.put("repository", repositoryUri);
        external.put("commit", tested.commit());
        external.put("version", tested.version());
        external.put("platform", tested.platform().toString());
        ArrayNode dependencies = definition.putArray("resolvedDependencies");
        ObjectNode source = dependencies.addObject();
        source.put("uri", "git+" + repositoryUri + "@" + tested.commit());
        source.putObject("digest").put("gitCommit", tested.commit());
        baseImage.ifPresent(base -> {
            ObjectNode node = dependencies.addObject();
            node.put("uri", "pkg:docker/" + base.repositoryOnly().familiar());
            base.digest().ifPresent(d -> node.putObject("digest").put("sha256", d.hex()));
            node.putObject("annotations").put("role", "base-image");
        });
        ObjectNode run = root.putObject("runDetails");
        ObjectNode builder = run.putObject("builder");
        builder.put("id", BUILDER_ID);
        builder.putObject("version").put("slsaBuildLevel", "1");
        ObjectNode metadata = run.putObject("metadata");
        metadata.put("invocationId", tested.imageId().toString());
        metadata.put("startedOn", tested.testedAt().toString());
        metadata.put("finishedOn", finished.toString());
        ArrayNode byproducts = run.putArray("byproducts");
        for (String test : tested.tests()) {
            ObjectNode node = byproducts.addObject();
            node.put("name", "test: " + test);
            node.putObject("annotations").put("result", "passed").put("testedAt", tested.testedAt().toString());
        }
        return root;
    }

    /** The base image of a Dockerfile: the last {@code FROM} naming an image by digest. */
    public static Optional<ImageReference> baseImage(String dockerfile) {
        Optional<ImageReference> base = Optional.empty();
        for (String raw : dockerfile.split("\\R")) {
            String line = raw.strip();
            if (!line.regionMatches(true, 0, "FROM ", 0, 5)) {
                continue;
            }
            for (String word : line.substring(5).strip().split("\\s+")) {
                if (word.startsWith("--")) {
                    continue;
                }
                if (word.contains("@sha256:")) {
                    try {
                        base = Optional.of(ImageReference.parse(word));
                    } catch (RuntimeException e) {
                        // not an image reference after all; the preflight check reports such lines
                    }
                }
                break;
            }
        }
        return base;
    }
}
