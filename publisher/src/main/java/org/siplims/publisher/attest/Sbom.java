package org.siplims.publisher.attest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;

/**
 * The release's software bill of materials, as CycloneDX 1.5 JSON.
 *
 * <p>Why CycloneDX rather than SPDX 2.3: its components map one to one onto what the lock files
 * hold (a package URL per package, {@code pkg:conda/…} and {@code pkg:pypi/…}, with its hashes and
 * download URL), with no document-level relationship graph to keep consistent; it is smaller to
 * write and to read back for the launcher's "what changes" list; and stock cosign knows it
 * ({@code --type cyclonedx}).
 *
 * <p>It lists every conda package of the lock (name, version, build, channel URL, subdir and the
 * lock's checksum when the line carries one), every pip package, the base image by digest, and
 * the OS packages the image's own package database lists ({@link OsPackages}: dpkg or apk, as
 * {@code pkg:deb/…} and {@code pkg:apk/…}). Where that list came from, or why there is none (an image
 * without a package database), is in the metadata's properties ({@link #OS_PACKAGES_DATABASE},
 * {@link #OS_PACKAGES_NOTE}): an image without one is not an error.
 */
public final class Sbom {
    public static final String PREDICATE_TYPE = "https://cyclonedx.org/bom";
    /** Metadata property: the file the OS packages were read from, or {@code none}. */
    public static final String OS_PACKAGES_DATABASE = "siplims:os-packages:database";
    /** Metadata property: for a person, how many OS packages were read from where, or why none were. */
    public static final String OS_PACKAGES_NOTE = "siplims:os-packages:note";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One package as the SBOM lists it. */
    public record Component(String ecosystem, String name, String version, Optional<String> build, Optional<String> channel,
                            Optional<String> url, Optional<String> checksum) {
    }

    private Sbom() {
    }

    /** The conda packages of an explicit lock file ({@code @EXPLICIT} then one URL per line, optionally {@code #md5} or {@code #sha256:hex}). */
    public static List<Component> condaPackages(String lock) {
        List<Component> out = new ArrayList<>();
        for (String raw : lock.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("@")) {
                continue;
            }
            String url = line;
            Optional<String> checksum = Optional.empty();
            int hash = line.indexOf('#');
            if (hash >= 0) {
                url = line.substring(0, hash);
                String sum = line.substring(hash + 1);
                checksum = Optional.of(sum.startsWith("sha256:") ? sum : "md5:" + sum);
            }
            int slash = url.lastIndexOf('/');
            int subdirSlash = url.lastIndexOf('/', slash - 1);
            if (slash < 0 || subdirSlash < 0) {
                continue;
            }
            String file = url.substring(slash + 1).replaceFirst("\\.(conda|tar\\.bz2)$", "");
            String channel = url.substring(0, subdirSlash);
            int buildDash = file.lastIndexOf('-');
            int versionDash = buildDash > 0 ? file.lastIndexOf('-', buildDash - 1) : -1;
            if (versionDash <= 0) {
                continue;
            }
            out.add(new Component("conda", file.substring(0, versionDash), file.substring(versionDash + 1, buildDash),
                    Optional.of(file.substring(buildDash + 1)), Optional.of(channel), Optional.of(url), checksum));
        }
        return out;
    }

    /** The pip packages of a {@code pip freeze} lock ({@code name==version} lines). */
    public static List<Component> pipPackages(String lock) {
        List<Component> out = new ArrayList<>();
        for (String raw : lock.split("\\R")) {
            String line = raw.strip();
            int eq = line.indexOf("==");
            if (line.isEmpty() || line.startsWith("#") || eq <= 0) {
                continue;
            }
            String version = line.substring(eq + 2).split("[\\s;#]")[0];
            out.add(new Component("pypi", line.substring(0, eq).strip(), version, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty()));
        }
        return out;
    }

    /** The CycloneDX document. */
    public static ObjectNode document(ImageReference repository, Digest digest, String version, Instant created,
                                      List<Component> packages, Optional<ImageReference> baseImage, OsPackages osPackages) {
        ObjectNode root = JSON.createObjectNode();
        root.put("bomFormat", "CycloneDX");
        root.put("specVersion", "1.5");
        root.put("serialNumber", "urn:uuid:" + UUID.nameUUIDFromBytes((repository.repositoryOnly() + "@" + digest).getBytes(StandardCharsets.UTF_8)));
        root.put("version", 1);
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("timestamp", created.toString());
        metadata.putObject("tools").putArray("components").addObject().put("type", "application").put("name", "sip-lims-publisher");
        ObjectNode subject = metadata.putObject("component");
        subject.put("type", "container");
        subject.put("name", repository.repositoryOnly().toString());
        subject.put("version", version);
        subject.put("bom-ref", digest.toString());
        ArrayNode metadataProperties = metadata.putArray("properties");
        metadataProperties.addObject().put("name", OS_PACKAGES_DATABASE).put("value", osPackages.database().orElse("none"));
        metadataProperties.addObject().put("name", OS_PACKAGES_NOTE).put("value", osPackages.note());
        ArrayNode components = root.putArray("components");
        for (Component c : packages) {
            ObjectNode node = components.addObject();
            node.put("type", "library");
            node.put("name", c.name());
            node.put("version", c.version());
            node.put("purl", purl(c));
            c.checksum().ifPresent(sum -> {
                String[] parts = sum.split(":", 2);
                node.putArray("hashes").addObject().put("alg", parts[0].equals("md5") ? "MD5" : "SHA-256").put("content", parts[1]);
            });
            c.url().ifPresent(url -> node.putArray("externalReferences").addObject().put("type", "distribution").put("url", url));
            ArrayNode properties = node.putArray("properties");
            properties.addObject().put("name", "siplims:ecosystem").put("value", c.ecosystem());
            c.build().ifPresent(b -> properties.addObject().put("name", "conda:build").put("value", b));
            c.channel().ifPresent(ch -> properties.addObject().put("name", "conda:channel").put("value", ch));
        }
        for (OsPackages.Package p : osPackages.packages()) {
            ObjectNode node = components.addObject();
            node.put("type", "library");
            node.put("name", p.name());
            node.put("version", p.version());
            node.put("purl", p.purl());
            ArrayNode properties = node.putArray("properties");
            properties.addObject().put("name", "siplims:ecosystem").put("value", p.type());
            p.arch().ifPresent(a -> properties.addObject().put("name", "siplims:arch").put("value", a));
        }
        baseImage.ifPresent(base -> {
            ObjectNode node = components.addObject();
            node.put("type", "container");
            node.put("name", base.repositoryOnly().familiar());
            node.put("version", base.digest().map(Digest::toString).orElse(""));
            node.putArray("properties").addObject().put("name", "siplims:role").put("value", "base-image");
        });
        return root;
    }

    /** The note on the OS packages of an SBOM this class wrote (how many from where, or why none). */
    public static String osPackagesNote(com.fasterxml.jackson.databind.JsonNode sbom) {
        for (com.fasterxml.jackson.databind.JsonNode p : sbom.path("metadata").path("properties")) {
            if (OS_PACKAGES_NOTE.equals(p.path("name").asText())) {
                return p.path("value").asText();
            }
        }
        return "no note on OS packages";
    }

    /**
     * The packages an SBOM lists, read back (for the comparison of two releases): ecosystem (the
     * package URL's type: conda, pypi, deb, apk), name, version.
     */
    public static List<Component> components(com.fasterxml.jackson.databind.JsonNode sbom) {
        List<Component> out = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode c : sbom.path("components")) {
            if (!"library".equals(c.path("type").asText())) {
                continue;
            }
            out.add(new Component(org.siplims.core.release.PackageChanges.ecosystemOf(c.path("purl").asText("")), c.path("name").asText(), c.path("version").asText(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty()));
        }
        return out;
    }

    private static String purl(Component c) {
        String name = URLEncoder.encode(c.name(), StandardCharsets.UTF_8);
        String version = URLEncoder.encode(c.version(), StandardCharsets.UTF_8);
        if (c.ecosystem().equals("pypi")) {
            return "pkg:pypi/" + name.toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "@" + version;
        }
        StringBuilder purl = new StringBuilder("pkg:conda/" + name + "@" + version);
        List<String> qualifiers = new ArrayList<>();
        c.build().ifPresent(b -> qualifiers.add("build=" + URLEncoder.encode(b, StandardCharsets.UTF_8)));
        c.channel().ifPresent(ch -> qualifiers.add("channel=" + URLEncoder.encode(ch, StandardCharsets.UTF_8)));
        if (!qualifiers.isEmpty()) {
            purl.append('?').append(String.join("&", qualifiers));
        }
        return purl.toString();
    }
}
