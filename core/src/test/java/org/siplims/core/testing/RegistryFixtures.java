package org.siplims.core.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.CredentialResolver;
import org.siplims.core.registry.Descriptor;
import org.siplims.core.registry.ImageManifest;
import org.siplims.core.registry.Manifest;
import org.siplims.core.registry.ManifestMediaTypes;
import org.siplims.core.registry.RegistryClient;

/**
 * Images written straight through the registry API, for what the docker CLI here cannot make:
 * an arm64 app image (Debian's {@code docker import --platform} does not set the architecture) and
 * a two-platform index. The arm64 app behaves like {@link FixtureImages}' app: same entrypoint,
 * health path on port 8501 and {@code --version}, with the real arm64 busybox (it runs here under
 * QEMU). Works on all three test registries.
 */
public final class RegistryFixtures {
    /** A two-platform index pushed under a tag, and the image manifests it lists. */
    public record PushedIndex(ImageReference reference, Digest digest, Digest amd64, Digest arm64) {
        public ImageReference pinned() {
            return reference.withDigest(digest);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREATED = "2026-01-01T00:00:00Z";
    private static Layer arm64AppLayer;

    private record Layer(byte[] gzip, Digest diffId) {
    }

    private final TestEnvironment env;
    private final FixtureImages images;
    private final RegistryClient client;

    public RegistryFixtures(TestEnvironment env, FixtureImages images) {
        this.env = env;
        this.images = images;
        this.client = new RegistryClient(testCredentials(env));
    }

    public RegistryFixtures(TestEnvironment env) {
        this(env, new FixtureImages(env));
    }

    /**
     * Credentials for the test registries only: the test user for the basic and token registries,
     * nothing from the real environment or ~/.docker. Also starts the token service.
     */
    public static CredentialResolver testCredentials(TestEnvironment env) {
        TokenServer.ensureRunning();
        return new CredentialResolver(Map.of(), FixtureImages.tempDir("home"), List.of())
                .withExplicit(env.basicRegistry(), env.basicUsername(), env.basicPassword())
                .withExplicit(env.tokenRegistry(), env.basicUsername(), env.basicPassword());
    }

    /** The client the fixtures push with, logged in to the test registries. */
    public RegistryClient client() {
        return client;
    }

    /**
     * Pushes the app fixture for linux/arm64 under {@code target}'s tag, or by digest only when
     * {@code target} has no tag, with these extra labels in its config. Its image ID, as the engine
     * would show it after a pull, is the config digest.
     */
    public FixtureImages.PushedImage pushArm64App(ImageReference target, String version, FixtureImages.Mode mode,
                                                  Map<String, String> labels) {
        return pushArm64App(target, version, mode, labels, Map.of());
    }

    /** The same, with these extra environment variables in its config (e.g. FIXTURE_WORK, the app's start-up work). */
    public FixtureImages.PushedImage pushArm64App(ImageReference target, String version, FixtureImages.Mode mode,
                                                  Map<String, String> labels, Map<String, String> extraEnv) {
        Layer layer = arm64AppLayer(env);
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", "arm64");
        config.put("variant", "v8");
        config.put("os", "linux");
        config.put("created", CREATED);
        ObjectNode runConfig = config.putObject("config");
        ArrayNode envVars = runConfig.putArray("Env");
        envVars.add("PATH=/bin");
        envVars.add("APP_VERSION=" + version);
        envVars.add("COMMIT_SHA=fixture");
        envVars.add("BUILD_DATE=" + CREATED);
        envVars.add("FIXTURE_MODE=" + mode);
        extraEnv.forEach((name, value) -> envVars.add(name + "=" + value));
        runConfig.putArray("Entrypoint").add("/bin/sh").add("/entrypoint.sh");
        runConfig.putObject("ExposedPorts").putObject("8501/tcp");
        ObjectNode labelNode = runConfig.putObject("Labels");
        labels.forEach(labelNode::put);
        config.putArray("history").addObject().put("created", CREATED).put("created_by", "RegistryFixtures.pushArm64App");
        OneLayerImage image = uploadOneLayerImage(target, layer, config);
        ImageReference where = target.tag().isPresent() ? target : target.withDigest(image.manifest().digest());
        Digest digest = client.putManifest(where, image.manifest());
        return new FixtureImages.PushedImage(target.tag().isPresent() ? target : target.repositoryOnly(), digest, image.configDigest().toString());
    }

    /** A one-layer image's manifest (not yet put) and its config's digest. */
    private record OneLayerImage(Manifest manifest, Digest configDigest) {
    }

    /** Uploads {@code layer} and {@code config} (given its rootfs here) into {@code target}'s repository and makes the image's manifest. */
    private OneLayerImage uploadOneLayerImage(ImageReference target, Layer layer, ObjectNode config) {
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(layer.diffId().toString());
        byte[] configBytes = bytes(config);
        ImageReference repo = target.repositoryOnly();
        Digest layerDigest = client.uploadBlob(repo, layer.gzip());
        Digest configDigest = client.uploadBlob(repo, configBytes);
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", ManifestMediaTypes.DOCKER_MANIFEST);
        descriptor(manifest.putObject("config"), ManifestMediaTypes.DOCKER_CONFIG, configDigest, configBytes.length);
        descriptor(manifest.putArray("layers").addObject(), ManifestMediaTypes.DOCKER_LAYER_GZIP, layerDigest, layer.gzip().length);
        return new OneLayerImage(new Manifest(target, ManifestMediaTypes.DOCKER_MANIFEST, bytes(manifest)), configDigest);
    }

    /** A HEALTHY arm64 app fixture without extra labels. */
    public FixtureImages.PushedImage pushArm64App(ImageReference target, String version) {
        return pushArm64App(target, version, FixtureImages.Mode.HEALTHY, Map.of());
    }

    /**
     * Pushes a Docker manifest list with the app fixture for linux/amd64 (built by {@link FixtureImages}
     * on the plain registry, then copied) and for linux/arm64 under {@code target}'s tag. The two
     * image manifests go into the same repository by digest only, so the repository's only new tag
     * is {@code target}'s.
     */
    public PushedIndex pushTwoPlatformApp(ImageReference target, String version) {
        ImageReference scratch = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("amd64-part") + ":" + version);
        FixtureImages.PushedImage amd64Source = images.pushApp(scratch, version, FixtureImages.Mode.HEALTHY);
        Manifest amd64 = copyImage(amd64Source.pinned(), target.repositoryOnly());

        Manifest arm64 = client.manifest(pushArm64App(target.repositoryOnly(), version).pinned());
        return pushIndex(target, Map.of(Platform.LINUX_AMD64, amd64, new Platform("linux", "arm64", Optional.of("v8")), arm64));
    }

    /**
     * A busybox base for linux/amd64 and linux/arm64 (the real arm64 busybox, which runs here under
     * QEMU) behind one index tagged {@code 1} in {@code repository}: what a two-platform release's
     * Dockerfile builds FROM. Returns the base pinned by the index's digest.
     */
    public ImageReference pushTwoPlatformBase(ImageReference repository) {
        ImageReference repo = repository.repositoryOnly();
        Manifest amd64 = copyImage(images.busyboxBase(), repo);
        Layer layer = arm64AppLayer(env);
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", "arm64");
        config.put("variant", "v8");
        config.put("os", "linux");
        config.put("created", CREATED);
        config.putObject("config").putArray("Env").add("PATH=/bin");
        Manifest arm64 = uploadOneLayerImage(repo, layer, config).manifest();
        client.putManifest(repo.withDigest(arm64.digest()), arm64);
        PushedIndex index = pushIndex(repo.withTag("1"), Map.of(Platform.LINUX_AMD64, amd64,
                new Platform("linux", "arm64", Optional.of("v8")), arm64));
        return repo.withDigest(index.digest());
    }

    /**
     * Puts an index (a Docker manifest list) over image manifests that are already in {@code target}'s
     * repository, one per platform.
     */
    public PushedIndex pushIndex(ImageReference target, Map<Platform, Manifest> manifests) {
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", ManifestMediaTypes.DOCKER_MANIFEST_LIST);
        ArrayNode entries = index.putArray("manifests");
        Digest amd64 = null;
        Digest arm64 = null;
        for (Map.Entry<Platform, Manifest> e : manifests.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Platform::toString))).toList()) {
            ObjectNode entry = entries.addObject();
            descriptor(entry, e.getValue().mediaType(), e.getValue().digest(), e.getValue().bytes().length);
            ObjectNode platform = entry.putObject("platform");
            platform.put("architecture", e.getKey().architecture());
            platform.put("os", e.getKey().os());
            e.getKey().variant().ifPresent(v -> platform.put("variant", v));
            if (e.getKey().architecture().equals("amd64")) {
                amd64 = e.getValue().digest();
            } else if (e.getKey().architecture().equals("arm64")) {
                arm64 = e.getValue().digest();
            }
        }
        Digest digest = client.putManifest(target, new Manifest(target, ManifestMediaTypes.DOCKER_MANIFEST_LIST, bytes(index)));
        return new PushedIndex(target, digest, amd64, arm64);
    }

    /**
     * Copies an image (one image manifest, its config and layers) into another repository, by digest:
     * blobs are mounted within a registry and downloaded and uploaded across registries.
     */
    public Manifest copyImage(ImageReference source, ImageReference targetRepository) {
        Manifest manifest = client.manifest(source);
        ImageManifest image = manifest.asImageManifest();
        boolean sameRegistry = source.registry().equals(targetRepository.registry());
        for (Descriptor blob : concat(image.config(), image.layers())) {
            if (client.blobExists(targetRepository, blob.digest())) {
                continue;
            }
            if (!(sameRegistry && client.mountBlob(targetRepository, blob.digest(), source.repository()))) {
                client.uploadBlob(targetRepository, client.blob(source, blob.digest()));
            }
        }
        ImageReference target = targetRepository.withDigest(manifest.digest());
        client.putManifest(target, new Manifest(target, manifest.mediaType(), manifest.bytes()));
        return manifest;
    }

    private static List<Descriptor> concat(Descriptor first, List<Descriptor> rest) {
        List<Descriptor> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** The arm64 root filesystem with the app's entrypoint, as one gzipped layer; made once per JVM. */
    private static synchronized Layer arm64AppLayer(TestEnvironment env) {
        if (arm64AppLayer == null) {
            try {
                Path rootfs = FixtureImages.busyboxRootfs(env.busyboxArm64());
                Path entrypoint = rootfs.resolve("entrypoint.sh");
                Files.writeString(entrypoint, FixtureImages.ENTRYPOINT);
                Files.setPosixFilePermissions(entrypoint, PosixFilePermissions.fromString("rwxr-xr-x"));
                Path tar = rootfs.resolveSibling("layer.tar");
                Process p = new ProcessBuilder("tar", "--numeric-owner", "--owner=0", "--group=0",
                        "-C", rootfs.toString(), "-cf", tar.toString(), ".").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("tar failed: " + out);
                }
                byte[] plain = Files.readAllBytes(tar);
                ByteArrayOutputStream gz = new ByteArrayOutputStream();
                try (GZIPOutputStream zip = new GZIPOutputStream(gz)) {
                    zip.write(plain);
                }
                arm64AppLayer = new Layer(gz.toByteArray(), Digest.of(plain));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return arm64AppLayer;
    }

    private static void descriptor(ObjectNode node, String mediaType, Digest digest, long size) {
        node.put("mediaType", mediaType);
        node.put("size", size);
        node.put("digest", digest.toString());
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
