package org.siplims.core.image;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference, {@code [registry[:port]/]path[:tag][@sha256:digest]}, parsed and printed
 * the way Docker does it: a first component with a dot, a colon or {@code localhost} is a registry;
 * without one the registry is {@code docker.io}, and a single-component path on Docker Hub gets
 * {@code library/} in front.
 */
public final class ImageReference {
    public static final String DOCKER_HUB = "docker.io";

    // Grammar from github.com/distribution/reference (regexp.go).
    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final Pattern PATH_COMPONENT = Pattern.compile(ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
                    + "|\\[(?:[a-fA-F0-9:]+)\\]");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final int MAX_NAME_LENGTH = 255;

    private final String registry;
    private final String repository;
    private final String tag;
    private final Digest digest;

    private ImageReference(String registry, String repository, String tag, Digest digest) {
        this.registry = registry;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
    }

    /** Parses a reference; throws {@link InvalidReferenceException} saying what is wrong. */
    public static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidReferenceException("The image reference is empty.");
        }
        String input = text.trim();
        if (input.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new InvalidReferenceException("The image reference '" + Digest.abbreviate(input)
                    + "' contains spaces or control characters.");
        }
        String remainder = input;
        Digest digest = null;
        int at = remainder.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(remainder.substring(at + 1));
            remainder = remainder.substring(0, at);
        }
        String tag = null;
        int lastColon = remainder.lastIndexOf(':');
        if (lastColon > remainder.lastIndexOf('/')) {
            tag = remainder.substring(lastColon + 1);
            remainder = remainder.substring(0, lastColon);
            if (!isValidTag(tag)) {
                throw new InvalidReferenceException("'" + Digest.abbreviate(tag) + "' in '" + Digest.abbreviate(input)
                        + "' is not a valid tag: use letters, digits, '_', '.' and '-', at most 128 characters.");
            }
        }
        if (remainder.isEmpty()) {
            throw new InvalidReferenceException("'" + Digest.abbreviate(input) + "' has no repository name.");
        }

        String registry = DOCKER_HUB;
        String path = remainder;
        int slash = remainder.indexOf('/');
        if (slash >= 0) {
            String first = remainder.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = validRegistry(first, input);
                path = remainder.substring(slash + 1);
            }
        }
        if (path.length() > MAX_NAME_LENGTH) {
            throw new InvalidReferenceException("The repository name in '" + Digest.abbreviate(input)
                    + "' is longer than " + MAX_NAME_LENGTH + " characters.");
        }
        for (String component : path.split("/", -1)) {
            if (component.isEmpty()) {
                throw new InvalidReferenceException("'" + Digest.abbreviate(input) + "' has an empty path component (two slashes, or a slash at an end).");
            }
            if (!component.equals(component.toLowerCase(java.util.Locale.ROOT))) {
                throw new InvalidReferenceException("'" + Digest.abbreviate(input) + "': the repository name must be lower case ('"
                        + component + "' is not).");
            }
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw new InvalidReferenceException("'" + Digest.abbreviate(input) + "': '" + Digest.abbreviate(component)
                        + "' is not a valid repository name component (lower-case letters and digits, separated by '.', '_', '__' or '-').");
            }
        }
        if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        return new ImageReference(registry, path, tag, digest);
    }

    /**
     * Whether {@code text} can be a tag: 1 to 128 letters, digits, {@code _}, {@code .} and {@code -},
     * not starting with {@code .} or {@code -} (the registry's rule).
     */
    public static boolean isValidTag(String text) {
        return text != null && TAG.matcher(text).matches();
    }

    private static String validRegistry(String host, String input) {
        String name = host;
        String port = null;
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && !host.endsWith("]")) {
            name = host.substring(0, colon);
            port = host.substring(colon + 1);
        }
        if (!DOMAIN.matcher(name).matches() || (port != null && (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535))) {
            throw new InvalidReferenceException("'" + Digest.abbreviate(host) + "' in '" + Digest.abbreviate(input)
                    + "' is not a valid registry host[:port].");
        }
        // Docker Hub has several spellings; keep the canonical one.
        if (host.equals("index.docker.io") || host.equals("registry-1.docker.io")) {
            return DOCKER_HUB;
        }
        return host;
    }

    /** Builds a reference from a registry and repository, validated as if parsed. */
    public static ImageReference of(String registry, String repository) {
        return parse(registry + "/" + repository);
    }

    /** Registry host and optional port, for example {@code ghcr.io} or {@code localhost:5000}. */
    public String registry() {
        return registry;
    }

    /** Repository path inside the registry, for example {@code library/busybox}. */
    public String repository() {
        return repository;
    }

    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    public Optional<Digest> digest() {
        return Optional.ofNullable(digest);
    }

    /** The host the Registry API is served from (Docker Hub's API lives on another host). */
    public String registryApiHost() {
        return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
    }

    /** The same repository with this tag and no digest. */
    public ImageReference withTag(String newTag) {
        return parse(name() + ":" + newTag);
    }

    /** The same repository pinned by this digest, with no tag: what the launcher runs. */
    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(registry, repository, null, Objects.requireNonNull(newDigest));
    }

    /** Just the repository, without tag or digest. */
    public ImageReference repositoryOnly() {
        return new ImageReference(registry, repository, null, null);
    }

    /** The tag to ask for when none is given: {@code latest}, as Docker does. */
    public String tagOrLatest() {
        return tag == null ? "latest" : tag;
    }

    /** {@code registry/repository}, fully qualified. */
    public String name() {
        return registry + "/" + repository;
    }

    /** The short form Docker prints ({@code busybox:1} rather than {@code docker.io/library/busybox:1}). */
    public String familiar() {
        String path = repository;
        String prefix = "";
        if (registry.equals(DOCKER_HUB)) {
            if (path.startsWith("library/") && path.indexOf('/', "library/".length()) < 0) {
                path = path.substring("library/".length());
            }
        } else {
            prefix = registry + "/";
        }
        return prefix + path + suffix();
    }

    private String suffix() {
        return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /** Fully qualified form, {@code registry/path[:tag][@digest]}. */
    @Override
    public String toString() {
        return name() + suffix();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference other && other.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
