package org.siplims.publisher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.siplims.core.UserFacingException;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseMetadata;
import org.siplims.core.signing.KeyId;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.git.GitState;
import org.siplims.publisher.preflight.LockFiles;
import org.siplims.publisher.preflight.Preflight;
import org.siplims.publisher.preflight.PreflightFailedException;
import org.siplims.publisher.preflight.Problem;
import org.siplims.publisher.registry.Release;
import org.siplims.publisher.registry.ReleaseCatalog;
import org.siplims.publisher.report.Console;
import org.siplims.publisher.report.ReleaseSummary;
import org.siplims.publisher.signing.SignatureRefusedException;
import org.siplims.publisher.signing.SignatureReport;

/**
 * The {@code --json} records, field for field and in order, as scripts read them. The expected
 * files under {@code json/} were written by the hand-built JSON trees these records replaced: a
 * change to one of them changes what every script parsing the publisher's output sees.
 */
class JsonOutputTest {
    private static final Digest D1 = Digest.of("one");
    private static final Digest D2 = Digest.of("two");
    private static final Digest D3 = Digest.of("three");
    private static final ImageReference REPO = ImageReference.parse("127.0.0.1:5555/lab/app");
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final Instant BUILT = Instant.parse("2026-01-02T03:04:05Z");

    private static final Release FULL = new Release(REPO, D1, D2, Platform.LINUX_AMD64,
            new ReleaseMetadata("1.2.0", COMMIT, Optional.of(BUILT), false, Optional.of("c0ffee"), Optional.of("beef")),
            List.of("1.2.0", "sha-0123456", "latest"));
    /** Dirty, without build date or lock checksums: the optional fields. */
    private static final Release BARE = new Release(REPO, D3, D1, Platform.LINUX_ARM64,
            new ReleaseMetadata("1.3.0", "fedcba9876543210fedcba9876543210fedcba98", Optional.empty(), true, Optional.empty(), Optional.empty()),
            List.of());

    private static final SignatureReport SIGNED = new SignatureReport(SignatureReport.Status.SIGNED, SignatureReport.tagFor(D1),
            Optional.of(new KeyId("sha256:0123456789abcdef")), Optional.of(D3), null, "Signed.");
    private static final SignatureReport REFUSED = new SignatureReport(SignatureReport.Status.REFUSED, SignatureReport.tagFor(D1),
            Optional.empty(), Optional.empty(), "no_signature", "No signature.");
    private static final SignatureReport NOT_CHECKED = new SignatureReport(SignatureReport.Status.ABSENT_NOT_CHECKED, SignatureReport.tagFor(D3),
            Optional.empty(), Optional.empty(), null, "Not checked.");

    private static final Preflight.Passed PASSED = new Preflight.Passed(new GitState(COMMIT, BUILT, List.of(), "v1.2.0"), Platform.LINUX_AMD64,
            new LockFiles(Path.of("c.txt"), "c0ffee", Path.of("r.txt"), "beef"), "1.2.0");

    @Test
    void signature() {
        assertJson("signature-signed", SIGNED.json());
        assertJson("signature-refused", REFUSED.json());
    }

    @Test
    void releaseSummaries() {
        assertJson("summary-plain", ReleaseSummary.json("verify", BARE, List.of()));
        assertJson("summary-push", ReleaseSummary.json("push", FULL, List.of("version", "smoke"), Optional.of(SIGNED))
                .withAlreadyPublished(true));
        assertJson("summary-verify-unchecked", ReleaseSummary.json("verify", BARE, List.of("a"), Optional.of(NOT_CHECKED)));
    }

    @Test
    void checkAndBuild() {
        assertJson("check", CheckCommand.PreflightJson.of("check", PASSED));
        assertJson("build", CheckCommand.PreflightJson.of("build", PASSED).withImageId(D2.toString()));
    }

    @Test
    void testLockRollbackKeygen() {
        assertJson("test", new TestCommand.Json(true, "test", D2.toString(), "1.2.0", List.of("version", "smoke")));
        assertJson("lock", new LockCommand.Json(true, "lock", D2.toString(), "/x/conda-lock.txt", "/x/requirements-lock.txt", "linux-64"));
        assertJson("rollback", new RollbackCommand.Json(true, "rollback", REPO.toString(), "latest", "1.2.0", D3.toString(), D1.toString(),
                true, true, "sha256-" + "1".repeat(64) + ".rollback"));
        assertJson("rollback-first", new RollbackCommand.Json(true, "rollback", REPO.toString(), "latest", "1.2.0", null, D1.toString(),
                false, false, null));
        assertJson("keygen", new KeygenCommand.Json(true, "keygen", "/k/cosign.key", "/k/cosign.pub", "abcd1234", true,
                "-----BEGIN PUBLIC KEY-----\nAAA\n-----END PUBLIC KEY-----\n", "/h/trusted", "/repo/launcher/trusted-keys.pem"));
    }

    @Test
    void releases() {
        Map<Digest, SignatureReport> signatures = new LinkedHashMap<>();
        signatures.put(D1, SIGNED);
        signatures.put(D3, NOT_CHECKED);
        assertJson("releases", ReleasesCommand.Json.of(
                new ReleaseCatalog.Listing(REPO, "latest", List.of(FULL, BARE), Optional.of(D1), Set.of()), signatures));
        assertJson("releases-empty", ReleasesCommand.Json.of(
                new ReleaseCatalog.Listing(REPO, "latest", List.of(), Optional.empty(), Set.of()), Map.of()));
    }

    @Test
    void failures() {
        assertFailure("failure", new UserFacingException("Bad.", "Fix it."));
        assertFailure("failure-without-hint", new UserFacingException("No hint.", ""));
        assertFailure("failure-signature-refused", new SignatureRefusedException(REFUSED, "Do not use it."));
        assertFailure("failure-preflight", new PreflightFailedException(List.of(new Problem("Dockerfile:3", "Unpinned.", "Pin it."),
                new Problem("git", "Dirty.", "Commit."))));
    }

    /** A failure as a command prints it with --json: stdout carries the record and nothing else. */
    private static void assertFailure(String name, UserFacingException e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()), true);
        BaseCommand.fail(console, ExitCode.PUSH, e);
        assertEquals(expected(name), out.toString(StandardCharsets.UTF_8).strip(), name);
    }

    private static void assertJson(String name, Record record) {
        assertEquals(expected(name), Console.json(record), name);
    }

    private static String expected(String name) {
        try (InputStream in = JsonOutputTest.class.getResourceAsStream("json/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException | NullPointerException e) {
            throw new AssertionError("no expected output json/" + name + ".json", e);
        }
    }
}
