package org.siplims.launcher.lifecycle;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.siplims.core.image.Digest;
import org.siplims.core.docker.EngineInfo;
import org.siplims.launcher.engine.RunnableImage;
import org.siplims.launcher.status.ContainerInfo;
import org.siplims.launcher.status.StateMachine;
import org.siplims.launcher.status.UpdateRefusal;

/**
 * What the launcher knows and wants during one run that is not in the status: the engine it
 * talks to, the image the app runs, the releases whose signature was refused, whether the user
 * wants the app up, and whether the launcher is quitting. Written by the worker thread (and the
 * supervisor's request methods); read also by the container watcher, the update timer and the
 * API, hence every field is volatile or a concurrent map of immutable values.
 *
 * <p>The app container's ID is not kept here: it is held once, in the status
 * ({@code status.container.id}), which every thread reads as one atomic snapshot.
 */
final class Session {
    private final StateMachine status;
    /** Registry digests whose signature was refused, with the reason: never offered as an update. */
    private final Map<Digest, String> refused = new ConcurrentHashMap<>();
    private volatile EngineInfo engine;
    /** The image the current container runs; null until the app first ran. */
    private volatile RunnableImage running;
    /** Whether the user wants the app up: after a stop request, losing Docker does not bring it back by itself. */
    private volatile boolean wantRunning = true;
    /** Set once by quit: no new work is accepted after it. */
    private volatile boolean quitting;
    /** The release the user chose to skip (remembered between runs): not offered again. */
    private volatile Optional<Digest> skipped = Optional.empty();

    Session(StateMachine status) {
        this.status = status;
    }

    /** The app container the launcher considers its own now; null while there is none. */
    String containerId() {
        return status.get().container().map(ContainerInfo::id).orElse(null);
    }

    EngineInfo engine() {
        return engine;
    }

    void engine(EngineInfo e) {
        this.engine = e;
    }

    RunnableImage running() {
        return running;
    }

    void running(RunnableImage image) {
        this.running = image;
    }

    /** The release refused as a downgrade (older, and no trusted rollback record allows it), when there is one. */
    private volatile Optional<UpdateRefusal> downgrade = Optional.empty();

    /**
     * Why this digest may not run or be offered, when it may not: its signature was refused, or it
     * is a refused downgrade.
     */
    Optional<String> refusal(Digest digest) {
        return signatureRefusal(digest).or(() -> downgradeRefusal(digest).map(UpdateRefusal::message));
    }

    /** Why this digest's signature was refused, when it was. */
    Optional<String> signatureRefusal(Digest digest) {
        return Optional.ofNullable(refused.get(digest));
    }

    /** The downgrade refusal of this digest, when it is the one refused. */
    Optional<UpdateRefusal> downgradeRefusal(Digest digest) {
        return downgrade.filter(r -> r.digest().equals(digest));
    }

    /** Records (or with empty, clears) the release refused as a downgrade; decided again at every check. */
    void downgrade(Optional<UpdateRefusal> refusal) {
        this.downgrade = refusal;
    }

    void refused(Digest digest, Optional<String> why) {
        if (why.isPresent()) {
            refused.put(digest, why.get());
        } else {
            refused.remove(digest);
        }
    }

    boolean wantRunning() {
        return wantRunning;
    }

    void wantRunning(boolean want) {
        this.wantRunning = want;
    }

    boolean quitting() {
        return quitting;
    }

    void quit() {
        this.quitting = true;
    }

    Optional<Digest> skipped() {
        return skipped;
    }

    void skipped(Optional<Digest> digest) {
        this.skipped = digest;
    }
}
