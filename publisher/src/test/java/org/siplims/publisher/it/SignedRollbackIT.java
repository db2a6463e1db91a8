package org.siplims.publisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.signing.RollbackRecord;
import org.siplims.core.signing.RollbackRecords;
import org.siplims.core.signing.SigningKeys;
import org.siplims.core.signing.TrustedKeys;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.Registries;

/**
 * Issue 17 item 8: {@code rollback VERSION} with a signing key stores the signed rollback record
 * (withdrawn: the release the channel named; target: VERSION) under {@code sha256-<target>.rollback}
 * before it moves the channel, and a failure to store it leaves the channel where it was. The
 * releases are fixture images pushed straight to the registry (rollback needs no build).
 */
class SignedRollbackIT {
    private static TestEnvironment env;
    private static FixtureImages fixtures;
    private static RegistryClient registry;
    private static Path keys;
    private static Path context;

    @BeforeAll
    static void keys() throws Exception {
        env = TestEnvironment.get();
        fixtures = new FixtureImages(env);
        registry = Registries.anonymous();
        keys = Files.createTempDirectory("siplims-rollback-keys");
        PublisherRun.Result made = publisher().run("keygen", "--out", keys.toString(), "--no-passphrase");
        assertEquals(0, made.exitCode(), made.toString());
        context = Files.createTempDirectory("siplims-rollback-context");
    }

    private static PublisherRun publisher() throws Exception {
        return new PublisherRun(Files.createTempDirectory("siplims-publisher-state"));
    }

    /** 1.0.0 and 2.0.0 in a fresh repository, each signed with its version as `publish` signs, the channel on 2.0.0. */
    private static ImageReference twoReleases(String name) {
        ImageReference repo = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository(name));
        FixtureImages.PushedImage v1 = fixtures.pushApp(repo.withTag("1.0.0"), "1.0.0", FixtureImages.Mode.HEALTHY);
        FixtureImages.PushedImage v2 = fixtures.pushApp(repo.withTag("2.0.0"), "2.0.0", FixtureImages.Mode.HEALTHY);
        org.siplims.core.signing.SigningKey key = SigningKeys.readPrivateKey(keys.resolve("signing.key"), () -> new char[0]);
        org.siplims.core.signing.SignatureStore store = new org.siplims.core.signing.SignatureStore(registry);
        store.attach(new org.siplims.core.signing.ImageSigner(key).sign(repo, v1.digest(), "1.0.0"));
        store.attach(new org.siplims.core.signing.ImageSigner(key).sign(repo, v2.digest(), "2.0.0"));
        registry.retag(repo.withDigest(v2.digest()), "latest");
        assertTrue(!v1.digest().equals(v2.digest()));
        return repo;
    }

    private static PublisherRun.Result rollback(ImageReference repo, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("rollback", "1.0.0", "--context", context.toString(), "--image",
                repo.toString(), "--json"));
        args.addAll(List.of(more));
        return publisher().run(args.toArray(String[]::new));
    }

    @Test
    void withTheSigningKeyTheSignedRecordIsStoredBeforeTheChannelMovesBack() throws Exception {
        ImageReference repo = twoReleases("rollback-signed");
        var v1 = registry.digest(repo.withTag("1.0.0"));
        var v2 = registry.digest(repo.withTag("2.0.0"));

        PublisherRun.Result r = rollback(repo, "--signing-key", keys.resolve("signing.key").toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(v1, registry.digest(repo.withTag("latest")));
        assertEquals(RollbackRecords.tagFor(v1), r.json().path("rollbackRecord").asText(), r.out());
        TrustedKeys maintainer = TrustedKeys.load(keys.resolve("signing.pub"));
        assertEquals(List.of(RollbackRecord.of(repo, "2.0.0", v2, "1.0.0", v1)), new RollbackRecords(registry).trusted(maintainer, repo, v1));
        assertEquals(List.of(), new RollbackRecords(registry).trusted(TrustedKeys.of(SigningKeys.generate().publicKey()), repo, v1));
    }

    @Test
    void withoutAKeyTheChannelMovesWithoutARecordAndSaysLaunchersWithKeysRefuseIt() throws Exception {
        ImageReference repo = twoReleases("rollback-unsigned");
        var v1 = registry.digest(repo.withTag("1.0.0"));
        PublisherRun.Result r = rollback(repo);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(v1, registry.digest(repo.withTag("latest")));
        assertTrue(r.json().path("rollbackRecord").isNull(), r.out());
        assertTrue(r.err().contains("no signed rollback record"), r.err());
        assertTrue(!registry.tags(repo).contains(RollbackRecords.tagFor(v1)), registry.tags(repo).toString());
    }

    @Test
    void whenTheRecordCannotBeStoredTheChannelStaysWhereItWas() throws Exception {
        ImageReference repo = twoReleases("rollback-fails");
        var v1 = registry.digest(repo.withTag("1.0.0"));
        var v2 = registry.digest(repo.withTag("2.0.0"));
        // Something that is not a record under the record's tag (an image): left alone, nothing moves.
        registry.retag(repo.withDigest(v2), RollbackRecords.tagFor(v1));

        PublisherRun.Result r = rollback(repo, "--signing-key", keys.resolve("signing.key").toString());
        assertEquals(6, r.exitCode(), r.toString());
        assertTrue(r.err().contains("was not moved"), r.err());
        assertEquals(v2, registry.digest(repo.withTag("latest")), "the channel is where it was");
        assertEquals(v2, registry.digest(repo.withTag(RollbackRecords.tagFor(v1))), "the tag was left alone");
    }
}
