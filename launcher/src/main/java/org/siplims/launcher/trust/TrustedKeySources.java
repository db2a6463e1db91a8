package org.siplims.launcher.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.siplims.core.UserFacingException;
import org.siplims.core.signing.SigningKeys;
import org.siplims.core.signing.TrustedKeys;

/**
 * Gathers the public keys the launcher trusts, from every place a key may be put, all of them
 * together (a key can only be added, never taken away, by any one place):
 * <ol>
 * <li>the keys the maintainer built into the launcher (the classpath resource {@code trusted-keys.pem});</li>
 * <li>{@code trusted-keys.pem} in the user's config directory, when it exists;</li>
 * <li>the file given with {@code --trusted-keys} (or {@code trusted-keys =} in the config file), which must exist.</li>
 * </ol>
 * Only files are read: no network.
 */
public final class TrustedKeySources {
    /** The file name in the config directory and of the shipped resource. */
    public static final String FILE_NAME = "trusted-keys.pem";

    /** The keys, and where they came from (for messages). */
    public record Loaded(TrustedKeys keys, List<String> sources) {
    }

    private TrustedKeySources() {
    }

    /**
     * @param shippedPem the PEM text built into the launcher, if any
     * @throws UserFacingException when a key file cannot be read, holds no key, or a malformed one:
     *                             then nothing may run, since which releases to trust is unknown
     */
    public static Loaded load(Optional<String> shippedPem, Path configDirectory, Optional<Path> explicitFile) {
        List<PublicKey> keys = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        if (shippedPem.isPresent()) {
            add(keys, sources, shippedPem.get(), "the keys built into the launcher (" + FILE_NAME + ")");
        }
        Path userFile = configDirectory.resolve(FILE_NAME);
        if (Files.exists(userFile)) {
            add(keys, sources, read(userFile), userFile.toString());
        }
        if (explicitFile.isPresent()) {
            add(keys, sources, read(explicitFile.get()), explicitFile.get().toString());
        }
        return new Loaded(TrustedKeys.of(keys), List.copyOf(sources));
    }

    private static void add(List<PublicKey> keys, List<String> sources, String pem, String source) {
        List<PublicKey> found = SigningKeys.publicKeys(pem, source);
        if (found.isEmpty()) {
            throw new UserFacingException("The trusted key file " + source + " holds no public key, so the launcher cannot tell "
                    + "which releases the maintainer signed.",
                    "It should contain the maintainer's public key: the lines from -----BEGIN PUBLIC KEY----- to "
                            + "-----END PUBLIC KEY-----. Ask the maintainer for it, or remove the file.");
        }
        keys.addAll(found);
        sources.add(source);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new UserFacingException("The trusted key file " + file + " does not exist.",
                    "Check the path given with --trusted-keys (or trusted-keys in the config file).");
        } catch (IOException e) {
            throw new UserFacingException("The trusted key file " + file + " cannot be read (" + e.getClass().getSimpleName() + ").",
                    "Check that it is the maintainer's public key file and that you may read it.", e);
        }
    }
}
