package org.siplims.publisher.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What the environment layers of the image are made of, and one hash over it: the Dockerfile's
 * text, and every file its {@code COPY} and {@code ADD} instructions take from the build context,
 * except the app folder ({@code app/}, the top layer, which the dev loop mounts instead). The same
 * hash means the same environment (base, conda and pip packages, entrypoint), so an image built
 * from it can run the working tree's app as it is; any other change (a lock file, the entrypoint,
 * the Dockerfile, the base's digest) needs a rebuild. Builds carry the hash in {@link #LABEL}.
 */
public final class EnvironmentInputs {
    /** The image label holding the environment hash (set by {@code build}, {@code publish} and {@code dev}). */
    public static final String LABEL = "org.siplims.image.environment";
    /** The folder of the app in the build context: mounted by the dev loop, so not part of the environment. */
    public static final String APP_FOLDER = "app";

    private EnvironmentInputs() {
    }

    /** The environment hash of this build context and Dockerfile: {@code sha256:<hex>}. */
    public static String hash(Path context, Path dockerfile) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] text = Files.readAllBytes(dockerfile);
            update(sha, "Dockerfile", text);
            for (Path file : files(context, new String(text, StandardCharsets.UTF_8))) {
                update(sha, context.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ${NAME}}, {@code ${NAME:+word}} (nested too) and {@code $NAME} replaced by {@code *}. */
    static String withArgsAsWildcards(String source) {
        String s = source;
        String before;
        do {
            before = s;
            s = s.replaceAll("\\$\\{[^{}]*\\}", "*");
        } while (!s.equals(before));
        return s.replaceAll("\\$[A-Za-z_][A-Za-z0-9_]*", "*");
    }

    private static void update(MessageDigest sha, String name, byte[] content) {
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Long.toString(content.length).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) 0);
        sha.update(content);
    }

    /** The context's files that COPY and ADD take, without the app folder, in a fixed order. */
    public static List<Path> files(Path context, String dockerfile) throws IOException {
        TreeSet<Path> found = new TreeSet<>();
        for (String source : sources(dockerfile)) {
            String s = source.replace('\\', '/').replaceFirst("^\\./", "").replaceFirst("/+$", "");
            // Build args (locks/${TARGETOS}-${TARGETARCH}/…, one lock pair per platform) become wildcards:
            // the hash then covers every platform's files, never too few.
            s = withArgsAsWildcards(s);
            if (s.isEmpty() || s.equals(".") || s.equals(APP_FOLDER) || s.startsWith(APP_FOLDER + "/") || s.contains("://")) {
                // the whole context or the app: the app is mounted, and a whole-context copy is judged by the Dockerfile text
                continue;
            }
            if (s.contains("*") || s.contains("?") || s.contains("[")) {
                PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + s);
                try (Stream<Path> walk = Files.walk(context)) {
                    walk.filter(Files::isRegularFile).filter(p -> glob.matches(context.relativize(p))).forEach(found::add);
                }
                continue;
            }
            Path p = context.resolve(s).normalize();
            if (!p.startsWith(context) || !Files.exists(p)) {
                continue; // the build will say so
            }
            try (Stream<Path> walk = Files.walk(p)) {
                walk.filter(Files::isRegularFile).forEach(found::add);
            }
        }
        found.removeIf(p -> context.relativize(p).startsWith(APP_FOLDER));
        return new ArrayList<>(found);
    }

    /** The context sources of every COPY and ADD (not {@code COPY --from}, which copies from another stage or image). */
    public static List<String> sources(String dockerfile) {
        List<String> out = new ArrayList<>();
        for (String line : dockerfile.replaceAll("\\\\\\r?\\n", " ").split("\\R")) {
            String t = line.strip();
            String upper = t.toUpperCase(Locale.ROOT);
            if (!(upper.startsWith("COPY ") || upper.startsWith("ADD "))) {
                continue;
            }
            List<String> args = new ArrayList<>();
            String rest = t.substring(t.indexOf(' ') + 1).strip();
            boolean fromStage = false;
            if (rest.startsWith("[")) {
                for (String part : rest.replaceAll("^\\[|\\]$", "").split(",")) {
                    args.add(part.strip().replaceAll("^\"|\"$", ""));
                }
            } else {
                for (String word : rest.split("\\s+")) {
                    if (word.startsWith("--")) {
                        fromStage |= word.startsWith("--from");
                    } else {
                        args.add(word);
                    }
                }
            }
            if (!fromStage && args.size() >= 2) {
                out.addAll(args.subList(0, args.size() - 1));
            }
        }
        return out;
    }
}
