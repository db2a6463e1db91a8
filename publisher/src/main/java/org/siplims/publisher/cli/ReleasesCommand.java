package org.siplims.publisher.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.siplims.publisher.ExitCode;
import org.siplims.publisher.Publisher;
import org.siplims.publisher.registry.Release;
import org.siplims.publisher.registry.ReleaseCatalog;
import org.siplims.publisher.report.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "releases", description = "List what the registry holds: tags, digest, version, commit, build date, "
        + "and which release the channel tag points at.")
final class ReleasesCommand extends BaseCommand {
    @Mixin
    ImageOptions image;
    @Mixin
    PlatformOption platform;
    @Mixin
    CredentialOptions credentials;

    @Override
    ImageOptions imageOptions() {
        return image;
    }

    @Override
    PlatformOption platformOption() {
        return platform;
    }

    @Override
    CredentialOptions credentialOptions() {
        return credentials;
    }

    @Override
    ObjectNode run(Publisher publisher, Console console) {
        var s = publisher.settings();
        ReleaseCatalog.Listing listing = Publisher.step(ExitCode.PUSH, "listing releases",
                () -> new ReleaseCatalog(publisher.registry()).list(s.image(), s.channel(), s.platform()));
        console.report(table(listing));
        ObjectNode node = Console.mapper().createObjectNode();
        node.put("ok", true);
        node.put("command", "releases");
        node.put("image", listing.repository().toString());
        node.put("channel", listing.channel());
        node.put("channelDigest", listing.channelDigest().map(Object::toString).orElse(null));
        ArrayNode releases = node.putArray("releases");
        for (Release r : listing.releases()) {
            ObjectNode o = releases.addObject();
            o.put("digest", r.digest().toString());
            o.put("version", r.metadata().version());
            o.put("commit", r.metadata().commit());
            o.put("buildDate", r.metadata().buildDate().map(Object::toString).orElse(null));
            o.put("dirty", r.metadata().dirty());
            o.put("platform", r.platform().toString());
            r.tags().forEach(o.putArray("tags")::add);
            o.put("channel", listing.channelDigest().map(d -> d.equals(r.digest())).orElse(false));
        }
        return node;
    }

    static String table(ReleaseCatalog.Listing listing) {
        if (listing.releases().isEmpty()) {
            return "No releases in " + listing.repository().familiar() + " yet.";
        }
        StringBuilder s = new StringBuilder("Releases in " + listing.repository().familiar() + " (newest build first; * = channel '"
                + listing.channel() + "'):" + System.lineSeparator());
        String format = "%-1s %-20s %-19s %-12s %-20s %s%n";
        s.append(String.format(format, "", "VERSION", "DIGEST", "COMMIT", "BUILT", "TAGS"));
        for (Release r : listing.releases()) {
            boolean channel = listing.channelDigest().map(d -> d.equals(r.digest())).orElse(false);
            String commit = r.metadata().commit();
            s.append(String.format(format, channel ? "*" : "", r.metadata().version(), "sha256:" + r.digest().shortForm(),
                    (commit.length() > 7 ? commit.substring(0, 7) : commit) + (r.metadata().dirty() ? "+dirty" : ""),
                    r.metadata().buildDate().map(Object::toString).orElse("unknown"), String.join(", ", r.tags())));
        }
        if (listing.channelDigest().isEmpty()) {
            s.append("The channel tag '").append(listing.channel()).append("' does not exist yet.").append(System.lineSeparator());
        }
        return s.toString().stripTrailing();
    }
}
