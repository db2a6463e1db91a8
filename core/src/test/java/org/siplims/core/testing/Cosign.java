package org.siplims.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stock cosign (2.x or 3.x from the test environment), run offline and watched: every run goes
 * through {@code strace -f -e trace=connect}, and a connect to anything but loopback fails the
 * test ({@link #nonLoopbackConnects}). What keeps cosign off the network, found here:
 * <ul>
 *   <li>both: a fresh {@code HOME} and {@code TUF_ROOT} (nothing cached from a real Sigstore),
 *       {@code --allow-insecure-registry --allow-http-registry} for the loopback registry;</li>
 *   <li>2.x: {@code sign --tlog-upload=false}, {@code verify --insecure-ignore-tlog=true};</li>
 *   <li>3.x: {@code sign --signing-config} with a config naming no service (made by
 *       {@code cosign signing-config create}) and {@code --trusted-root} with an empty trusted root
 *       (made by {@code cosign trusted-root create}): without the trusted root cosign 3 asks its
 *       TUF repository on the internet even when signing with a key; {@code verify} takes the same
 *       trusted root and {@code --insecure-ignore-tlog=true}.</li>
 * </ul>
 */
public final class Cosign {
    /** The result of one run: exit code, output, and the connects strace saw. */
    public record Run(int exitCode, String stdout, String stderr, List<String> connects) {
        public boolean ok() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }

    public static final String PASSWORD = "cosign-test-password";
    private static final Pattern INET = Pattern.compile("sin_addr=inet_addr\\(\"([^\"]+)\"\\)");
    private static final Pattern INET6 = Pattern.compile("inet_pton\\(AF_INET6, \"([^\"]+)\"");

    private final Path binary;
    private final int major;
    private final Path home;
    private Path signingConfig;
    private Path trustedRoot;

    public Cosign(Path binary, int major, Path workDir) {
        this.binary = binary;
        this.major = major;
        this.home = workDir;
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("cosign " + major + " is not at " + binary + ": run scripts/test-env");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/strace"))) {
            throw new IllegalStateException("strace is needed to show that cosign stays offline: apt-get install strace");
        }
        try {
            Files.createDirectories(home.resolve("tuf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Cosign v2(TestEnvironment env, Path workDir) {
        return new Cosign(env.cosign2(), 2, workDir.resolve("cosign2"));
    }

    public static Cosign v3(TestEnvironment env, Path workDir) {
        return new Cosign(env.cosign3(), 3, workDir.resolve("cosign3"));
    }

    public int major() {
        return major;
    }

    /** {@code cosign generate-key-pair}: returns the private key file; the public key is beside it ({@code .pub}). */
    public Path generateKeyPair(String prefix) {
        checked(run(List.of("generate-key-pair", "--output-key-prefix", home.resolve(prefix).toString())));
        return home.resolve(prefix + ".key");
    }

    /** {@code cosign sign --key} as a maintainer would run it, kept offline; the layout is the version's default. */
    public Run sign(Path key, String imageByDigest) {
        List<String> args = new ArrayList<>(List.of("sign", "--key", key.toString(), "-y"));
        if (major >= 3) {
            args.addAll(List.of("--signing-config", offlineSigningConfig().toString(), "--trusted-root", offlineTrustedRoot().toString()));
        } else {
            args.add("--tlog-upload=false");
        }
        args.addAll(registryFlags());
        args.add(imageByDigest);
        return run(args);
    }

    /** {@code cosign verify --key} without a transparency log. */
    public Run verify(Path publicKey, String imageByDigest) {
        List<String> args = new ArrayList<>(List.of("verify", "--key", publicKey.toString(), "--insecure-ignore-tlog=true"));
        if (major >= 3) {
            args.addAll(List.of("--trusted-root", offlineTrustedRoot().toString()));
        }
        args.addAll(registryFlags());
        args.add(imageByDigest);
        return run(args);
    }

    /** {@code cosign verify-attestation --key … --type …} without a transparency log. */
    public Run verifyAttestation(Path publicKey, String type, String imageByDigest) {
        List<String> args = new ArrayList<>(List.of("verify-attestation", "--key", publicKey.toString(), "--type", type,
                "--insecure-ignore-tlog=true"));
        if (major >= 3) {
            args.addAll(List.of("--trusted-root", offlineTrustedRoot().toString()));
        }
        args.addAll(registryFlags());
        args.add(imageByDigest);
        return run(args);
    }

    private static List<String> registryFlags() {
        return List.of("--allow-insecure-registry", "--allow-http-registry");
    }

    private Path offlineSigningConfig() {
        if (signingConfig == null) {
            signingConfig = home.resolve("signing-config.json");
            checked(run(List.of("signing-config", "create", "--out", signingConfig.toString())));
        }
        return signingConfig;
    }

    private Path offlineTrustedRoot() {
        if (trustedRoot == null) {
            trustedRoot = home.resolve("trusted-root.json");
            checked(run(List.of("trusted-root", "create", "--out", trustedRoot.toString())));
        }
        return trustedRoot;
    }

    private static Run checked(Run run) {
        if (!run.ok()) {
            throw new IllegalStateException("cosign failed: " + run);
        }
        return run;
    }

    /** Runs cosign under strace with a clean environment; the connects it made are in the result. */
    public Run run(List<String> args) {
        try {
            Path trace = Files.createTempFile(home, "strace", ".txt");
            List<String> command = new ArrayList<>(List.of("/usr/bin/strace", "-f", "-qq", "-e", "trace=connect", "-o", trace.toString(),
                    binary.toString()));
            command.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(command);
            Map<String, String> environment = pb.environment();
            environment.clear();
            environment.put("PATH", "/usr/bin:/bin");
            environment.put("HOME", home.toString());
            environment.put("TUF_ROOT", home.resolve("tuf").toString());
            environment.put("COSIGN_PASSWORD", PASSWORD);
            environment.put("DOCKER_CONFIG", home.resolve("docker").toString());
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            Process process = pb.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("cosign " + args + " did not finish in 120 s");
            }
            List<String> connects = Files.readAllLines(trace, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("connect(")).toList();
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err), connects);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The connects of strace lines that went to an internet address other than loopback. */
    public static List<String> nonLoopbackConnects(List<String> connects) {
        List<String> outside = new ArrayList<>();
        for (String line : connects) {
            if (!line.contains("AF_INET")) {
                continue; // AF_UNIX and the like stay on this machine
            }
            Matcher v4 = INET.matcher(line);
            Matcher v6 = INET6.matcher(line);
            String address = v4.find() ? v4.group(1) : v6.find() ? v6.group(1) : null;
            boolean loopback = address != null && (address.startsWith("127.") || address.equals("::1")
                    || address.startsWith("::ffff:127."));
            if (!loopback) {
                outside.add(line);
            }
        }
        return outside;
    }
}
