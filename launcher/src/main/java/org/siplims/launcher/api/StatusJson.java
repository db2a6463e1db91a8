package org.siplims.launcher.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.siplims.launcher.paths.HostFolder;
import org.siplims.launcher.status.ContainerInfo;
import org.siplims.launcher.status.ImageInfo;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.status.UpdateOffer;
import org.siplims.launcher.status.UpdateRefusal;
import org.siplims.launcher.status.UpdateChanges;

/**
 * The JSON form of a {@link Status}: the field names other tools rely on. Objects are always
 * present, with null members when unknown; {@code pull} is null except while pulling. Never
 * includes the CSRF token. {@code image.signature} is {@code verified}, {@code unverified} or
 * {@code refused} ({@code image.verifiedBy} names the key when verified).
 */
public final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    public static ObjectNode toJson(Status s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("state", s.state().name());
        root.put("message", s.message());

        ObjectNode docker = root.putObject("docker");
        docker.put("available", s.docker().available());
        docker.put("version", s.docker().version());
        docker.put("engine", s.docker().engine());
        docker.put("host", s.docker().host());

        ObjectNode image = root.putObject("image");
        Optional<ImageInfo> i = s.image();
        image.put("reference", i.map(ImageInfo::reference).orElse(null));
        image.put("digest", i.flatMap(ImageInfo::digest).map(Object::toString).orElse(null));
        image.put("version", i.map(ImageInfo::version).orElse(null));
        image.put("commit", i.map(ImageInfo::commit).orElse(null));
        image.put("buildDate", i.flatMap(ImageInfo::buildDate).map(Object::toString).orElse(null));
        image.put("platform", i.map(ii -> ii.platform().toString()).orElse(null));
        image.put("emulated", i.map(ImageInfo::emulated).orElse(false));
        // In words for the Version box: "native", or "emulated (linux/arm64 on an amd64 computer)".
        image.put("runs", i.map(StatusJson::runs).orElse(null));
        // Signed releases: whether a trusted key signed the image, which one, and the outcome in a word.
        image.put("verified", i.map(ii -> ii.verification().verified()).orElse(false));
        image.put("verifiedBy", i.flatMap(ii -> ii.verification().keyId()).orElse(null));
        image.put("signature", i.map(ii -> ii.verification().kind().json()).orElse(null));
        // The sentence for the Version box (why unverified, or which key signed): said there once,
        // not in every message.
        image.put("signatureNote", i.map(ii -> ii.verification().message()).orElse(null));

        ObjectNode update = root.putObject("update");
        update.put("available", s.update().available());
        update.put("remoteDigest", s.update().remoteDigest().map(Object::toString).orElse(null));
        update.put("checkedAt", s.update().checkedAt().map(Object::toString).orElse(null));
        update.put("error", s.update().error().orElse(null));
        // What is offered (never installed without the user): kind UPDATE or WITHDRAWN, version, date, commit.
        if (s.update().offer().isPresent()) {
            UpdateOffer o = s.update().offer().get();
            ObjectNode offer = update.putObject("offer");
            offer.put("kind", o.kind().name());
            offer.put("digest", o.digest().toString());
            offer.put("version", o.version());
            offer.put("commit", o.commit());
            offer.put("buildDate", o.buildDate().map(Object::toString).orElse(null));
            offer.put("fromVersion", o.fromVersion());
            offer.put("headline", o.headline());
        } else {
            update.putNull("offer");
        }
        // A release the channel names that was refused as a downgrade (typed: kind DOWNGRADE_REFUSED, with both versions).
        if (s.update().refused().isPresent()) {
            UpdateRefusal r = s.update().refused().get();
            ObjectNode refused = update.putObject("refused");
            refused.put("kind", r.kind().name());
            refused.put("digest", r.digest().toString());
            refused.put("version", r.version());
            refused.put("runningVersion", r.runningVersion());
            refused.put("message", r.message());
        } else {
            update.putNull("refused");
        }
        // What the offered update changes: only while it is the one offered (null until read).
        update.set("changes", s.changes().filter(c -> s.update().available() && s.update().remoteDigest().equals(Optional.of(c.offered())))
                .map(StatusJson::changes).orElse(null));

        if (s.pull().isPresent()) {
            ObjectNode pull = root.putObject("pull");
            pull.put("bytesDone", s.pull().get().bytesDone());
            pull.put("bytesTotal", s.pull().get().bytesTotal());
        } else {
            root.putNull("pull");
        }

        ObjectNode container = root.putObject("container");
        Optional<ContainerInfo> c = s.container();
        container.put("id", c.map(ContainerInfo::id).orElse(null));
        container.put("name", c.map(ContainerInfo::name).orElse(null));
        container.put("status", c.map(ContainerInfo::status).orElse(null));
        container.put("health", c.map(ContainerInfo::health).orElse(null));

        root.putObject("project").put("path", s.project().map(HostFolder::path).orElse(null));
        root.putObject("scripts").put("path", s.scripts().map(HostFolder::path).orElse(null));
        root.put("workflow", s.workflow().orElse(null));
        root.put("appUrl", s.appUrl().map(Object::toString).orElse(null));
        return root;
    }

    public static String toJsonString(Status s) {
        return toJson(s).toString();
    }

    private static String runs(ImageInfo image) {
        return image.emulated()
                ? "emulated (" + image.platform() + " on an " + org.siplims.core.image.Platform.ofThisMachine().architecture() + " computer)"
                : "native";
    }

    private static ObjectNode changes(UpdateChanges c) {
        ObjectNode node = JSON.createObjectNode();
        node.put("digest", c.offered().toString());
        node.put("fromVersion", c.fromVersion());
        node.put("toVersion", c.toVersion());
        node.put("fromDate", c.fromDate().map(Object::toString).orElse(null));
        node.put("toDate", c.toDate().map(Object::toString).orElse(null));
        node.put("fromCommit", c.fromCommit());
        node.put("toCommit", c.toCommit());
        node.put("notes", c.notes().orElse(null));
        if (c.packages().isPresent()) {
            ObjectNode packages = node.putObject("packages");
            ArrayNode upgraded = packages.putArray("upgraded");
            c.packages().get().changed().forEach(p -> upgraded.addObject().put("ecosystem", p.ecosystem()).put("name", p.name())
                    .put("from", p.from()).put("to", p.to()));
            ArrayNode added = packages.putArray("added");
            c.packages().get().added().forEach(p -> added.addObject().put("ecosystem", p.ecosystem()).put("name", p.name())
                    .put("version", p.version()));
            ArrayNode removed = packages.putArray("removed");
            c.packages().get().removed().forEach(p -> removed.addObject().put("ecosystem", p.ecosystem()).put("name", p.name())
                    .put("version", p.version()));
        } else {
            node.putNull("packages");
        }
        // Whether the SBOMs were checked with a trusted key; false when signatures are not in use.
        node.put("packagesVerified", c.packagesVerified());
        node.put("packagesMissing", c.packagesMissing().orElse(null));
        return node;
    }
}
