package org.siplims.launcher.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.Platform;
import org.siplims.launcher.lifecycle.FolderChange;
import org.siplims.launcher.paths.HostFolder;
import org.siplims.launcher.paths.OsFlavor;
import org.siplims.launcher.status.ContainerInfo;
import org.siplims.launcher.status.DockerInfo;
import org.siplims.launcher.status.ImageInfo;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.PullProgress;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.status.UpdateInfo;

/** The JSON contract of GET /api/status and the events, and the page's placeholders. */
class StatusJsonTest {
    private static final Digest D = Digest.of("x");

    @Test
    void everyFieldOfTheContractIsThereWithItsName() {
        Status s = new Status(LauncherState.PULLING, "Downloading", new DockerInfo(true, "20.10"),
                Optional.of(new ImageInfo("r@" + D, Optional.of(D), "1.2", "abc", Optional.of(Instant.parse("2026-01-01T00:00:00Z")),
                        Platform.LINUX_ARM64, true)),
                new UpdateInfo(true, Optional.of(D), Optional.of(Instant.parse("2026-02-02T00:00:00Z")), Optional.empty()),
                Optional.of(new PullProgress(5, 10)), Optional.of(new ContainerInfo("id1", "n", "running", "healthy")),
                Optional.of(new HostFolder("/p", OsFlavor.LINUX)), Optional.empty(), Optional.of("SIP"), Optional.of(URI.create("http://localhost:8501/")),
                Optional.of(new org.siplims.launcher.status.UpdateChanges(D, "1.2", "1.3", Optional.empty(), Optional.of(Instant.parse("2026-02-01T00:00:00Z")),
                        "abc", "def", Optional.of("Notes\nline 2"), Optional.of(org.siplims.core.release.PackageChanges.between(
                        List.of(new org.siplims.core.release.PackageChanges.Package("pypi", "streamlit", "1.38.0"),
                                new org.siplims.core.release.PackageChanges.Package("pypi", "old", "1")),
                        List.of(new org.siplims.core.release.PackageChanges.Package("pypi", "streamlit", "1.40.1"),
                                new org.siplims.core.release.PackageChanges.Package("conda", "new", "2")))),
                        false, Optional.empty())));
        JsonNode j = StatusJson.toJson(s);
        assertEquals(List.of("state", "message", "docker", "image", "update", "pull", "container", "project", "scripts", "workflow", "appUrl"),
                iterate(j));
        assertEquals("PULLING", j.get("state").asText());
        assertEquals(List.of("available", "version", "engine", "host"), iterate(j.get("docker")));
        assertEquals(List.of("reference", "digest", "version", "commit", "buildDate", "platform", "emulated", "runs",
                "verified", "verifiedBy", "signature", "signatureNote"), iterate(j.get("image")));
        assertFalse(j.get("image").get("verified").asBoolean());
        assertTrue(j.get("image").get("verifiedBy").isNull());
        assertEquals("unverified", j.get("image").get("signature").asText());
        assertEquals("linux/arm64", j.get("image").get("platform").asText());
        assertTrue(j.get("image").get("emulated").asBoolean());
        assertEquals("emulated (linux/arm64 on an " + Platform.ofThisMachine().architecture() + " computer)", j.get("image").get("runs").asText());
        assertEquals("2026-01-01T00:00:00Z", j.get("image").get("buildDate").asText());
        assertEquals(List.of("available", "remoteDigest", "checkedAt", "error", "offer", "refused", "changes"), iterate(j.get("update")));
        assertTrue(j.get("update").get("refused").isNull());
        assertTrue(j.get("update").get("offer").isNull(), "no details known: the offer's fields are null, not guessed");
        JsonNode changes = j.get("update").get("changes");
        assertEquals(List.of("digest", "fromVersion", "toVersion", "fromDate", "toDate", "fromCommit", "toCommit", "notes", "packages",
                "packagesVerified", "packagesMissing"), iterate(changes));
        assertEquals("1.3", changes.get("toVersion").asText());
        assertEquals("Notes\nline 2", changes.get("notes").asText());
        assertEquals("1.40.1", changes.get("packages").get("upgraded").get(0).get("to").asText());
        assertEquals("new", changes.get("packages").get("added").get(0).get("name").asText());
        assertEquals("old", changes.get("packages").get("removed").get(0).get("name").asText());
        assertTrue(changes.get("packagesMissing").isNull());
        // For another offer than the one read, nothing is shown.
        assertTrue(StatusJson.toJson(s.withUpdate(new UpdateInfo(true, Optional.of(Digest.of("y")), Optional.empty(), Optional.empty())))
                .get("update").get("changes").isNull());
        assertTrue(j.get("update").get("error").isNull());
        assertEquals(List.of("bytesDone", "bytesTotal"), iterate(j.get("pull")));
        assertEquals(10, j.get("pull").get("bytesTotal").asLong());
        assertEquals(List.of("id", "name", "status", "health"), iterate(j.get("container")));
        assertEquals("/p", j.get("project").get("path").asText());
        assertTrue(j.get("scripts").get("path").isNull());
        assertEquals("http://localhost:8501/", j.get("appUrl").asText());
    }

    /** Issue 17 item 8: a refused downgrade is typed, with both versions, and its sentence is the update error. */
    @Test
    void aRefusedDowngradeIsTypedWithBothVersions() {
        org.siplims.launcher.status.UpdateRefusal refusal = org.siplims.launcher.status.UpdateRefusal.downgrade(D, "1.0.0", "2.0.0");
        JsonNode u = StatusJson.toJson(Status.initial(Optional.empty(), Optional.empty(), Optional.empty())
                .withUpdate(UpdateInfo.NOT_CHECKED.withRefusal(refusal))).get("update");
        assertEquals(List.of("kind", "digest", "version", "runningVersion", "message"), iterate(u.get("refused")));
        assertEquals("DOWNGRADE_REFUSED", u.get("refused").get("kind").asText());
        assertEquals("1.0.0", u.get("refused").get("version").asText());
        assertEquals("2.0.0", u.get("refused").get("runningVersion").asText());
        assertEquals(D.toString(), u.get("remoteDigest").asText());
        assertFalse(u.get("available").asBoolean());
        assertTrue(u.get("offer").isNull());
        assertEquals(refusal.message(), u.get("error").asText());
    }

    @Test
    void theImageSaysWhetherAndByWhichKeyItIsVerified() {
        ImageInfo verified = new ImageInfo("r@" + D, Optional.of(D), "1.2", "abc", Optional.empty(), Platform.LINUX_AMD64, false,
                org.siplims.launcher.trust.Verification.verified("sha256:0123456789abcdef", "Signed."));
        JsonNode v = StatusJson.toJson(Status.initial(Optional.empty(), Optional.empty(), Optional.empty())
                .withImage(Optional.of(verified))).get("image");
        assertTrue(v.get("verified").asBoolean());
        assertEquals("sha256:0123456789abcdef", v.get("verifiedBy").asText());
        assertEquals("verified", v.get("signature").asText());

        ImageInfo refused = new ImageInfo("r@" + D, Optional.of(D), "1.2", "abc", Optional.empty(), Platform.LINUX_AMD64, false,
                org.siplims.launcher.trust.Verification.refused("Not signed."));
        JsonNode r = StatusJson.toJson(Status.initial(Optional.empty(), Optional.empty(), Optional.empty())
                .withImage(Optional.of(refused))).get("image");
        assertFalse(r.get("verified").asBoolean());
        assertTrue(r.get("verifiedBy").isNull());
        assertEquals("refused", r.get("signature").asText());

        JsonNode none = StatusJson.toJson(Status.initial(Optional.empty(), Optional.empty(), Optional.empty())).get("image");
        assertFalse(none.get("verified").asBoolean());
        assertTrue(none.get("signature").isNull());
    }

    @Test
    void pullIsNullExceptWhilePulling() {
        Status s = Status.initial(Optional.empty(), Optional.empty(), Optional.empty()).with(LauncherState.NEEDS_PROJECT, "m");
        JsonNode j = StatusJson.toJson(s);
        assertTrue(j.get("pull").isNull());
        assertTrue(j.get("appUrl").isNull());
        assertTrue(j.get("image").get("reference").isNull());
        assertFalse(j.get("docker").get("available").asBoolean());
    }

    @Test
    void thePageGetsTheTokenAndTheStateHtmlEscaped() {
        CsrfToken token = CsrfToken.random();
        Status s = Status.initial(Optional.empty(), Optional.empty(), Optional.empty())
                .with(LauncherState.ERROR, "<script>alert('x')</script> & \"more\"");
        String html = new PageRenderer().render(s, token);
        assertTrue(html.contains("<meta name=\"csrf-token\" content=\"" + token.value() + "\">"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"), html);
        assertFalse(html.contains("{{"), "every placeholder is filled in");
        assertFalse(token.toString().contains(token.value()), "the token never shows up in logs");
        assertTrue(token.matches(token.value()));
        assertFalse(token.matches(token.value() + "x"));
        assertFalse(token.matches(null));
    }

    @Test
    void projectRequestsAreReadStrictly() {
        FolderChange c = ProjectRequest.parse("{\"path\": \"/p\", \"scripts\": null}");
        assertEquals("/p", c.project());
        assertEquals(Optional.of(""), c.scripts(), "null removes the scripts folder");
        assertEquals(Optional.empty(), c.workflow(), "left out keeps the workflow");
        assertEquals(400, refusal("{\"path\": ").status());
        assertTrue(refusal("{\"path\": ").getMessage().contains("not valid JSON"));
        assertTrue(refusal("[1]").getMessage().contains("JSON object"));
        assertTrue(refusal("{\"scripts\": \"/s\"}").getMessage().contains("\"path\""));
        assertTrue(refusal("{\"path\": \"/p\", \"projct\": 1}").getMessage().contains("projct"));
        assertTrue(refusal("{\"path\": \"/p\", \"workflow\": 3}").getMessage().contains("workflow"));
    }

    private static ApiRefusal refusal(String body) {
        try {
            ProjectRequest.parse(body);
        } catch (ApiRefusal e) {
            return e;
        }
        throw new AssertionError("accepted: " + body);
    }

    private static List<String> iterate(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
