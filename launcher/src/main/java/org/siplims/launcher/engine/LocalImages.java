package org.siplims.launcher.engine;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.siplims.core.docker.EngineConnection;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The images of one repository in the engine's store: find, choose and prune them. */
public final class LocalImages {
    private static final Logger LOG = LoggerFactory.getLogger(LocalImages.class);
    private final EngineConnection docker;

    public LocalImages(EngineConnection docker) {
        this.docker = docker;
    }

    /** The image a reference (tag, {@code repo@digest} or image ID) names, if the engine has it. */
    public Optional<LocalImage> inspect(String reference, ImageReference repository) {
        try {
            return Optional.of(toLocal(docker.client().inspectImageCmd(reference).exec(), repository));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw docker.translate(e);
        }
    }

    /** The image pulled as {@code repository@digest}, if the engine has it. */
    public Optional<LocalImage> byDigest(ImageReference repository, Digest digest) {
        return inspect(repository.repositoryOnly().withDigest(digest).toString(), repository);
    }

    /** Every image that some tag or digest of this repository names, newest first. */
    public List<LocalImage> ofRepository(ImageReference repository) {
        List<Image> all;
        try {
            all = docker.client().listImagesCmd().exec();
        } catch (RuntimeException e) {
            throw docker.translate(e);
        }
        List<LocalImage> found = new ArrayList<>();
        for (Image image : all) {
            if (!namesOf(image, repository).isEmpty()) {
                inspect(image.getId(), repository).ifPresent(found::add);
            }
        }
        found.sort(Comparator.comparing((LocalImage i) -> i.created().orElse(Instant.EPOCH)).reversed());
        return found;
    }

    /**
     * The image to use without the registry: the one the channel tag names locally (a maintainer's
     * build), else the newest image of the repository.
     */
    public Optional<LocalImage> best(ImageReference channel) {
        Optional<LocalImage> tagged = inspect(channel.toString(), channel);
        return tagged.isPresent() ? tagged : ofRepository(channel).stream().findFirst();
    }

    /**
     * Removes this repository's names for an image (never another repository's); the engine deletes
     * the image when its last name goes. Images in use by a container stay: nothing is forced.
     */
    public void removeNames(LocalImage image) {
        for (String name : image.references()) {
            try {
                docker.client().removeImageCmd(name).withForce(false).withNoPrune(false).exec();
            } catch (RuntimeException e) {
                LOG.debug("Could not remove {}: {}", name, e.getMessage());
            }
        }
    }

    private static List<String> namesOf(Image image, ImageReference repository) {
        List<String> names = new ArrayList<>();
        addMatching(names, image.getRepoTags(), repository, ':');
        addMatching(names, image.getRepoDigests(), repository, '@');
        return names;
    }

    private static void addMatching(List<String> out, String[] refs, ImageReference repository, char separator) {
        if (refs == null) {
            return;
        }
        for (String r : refs) {
            if (namesRepository(r, repository, separator)) {
                out.add(r);
            }
        }
    }

    private static void addMatching(List<String> out, List<String> refs, ImageReference repository, char separator) {
        if (refs != null) {
            addMatching(out, refs.toArray(String[]::new), repository, separator);
        }
    }

    /** Whether a reference as the engine prints it ("familiar": no docker.io/library/) names this repository. */
    static boolean namesRepository(String reference, ImageReference repository, char separator) {
        int cut = separator == '@' ? reference.indexOf('@') : reference.lastIndexOf(':');
        if (cut <= 0 || (separator == ':' && reference.indexOf('/', cut) >= 0)) {
            return false;
        }
        try {
            return ImageReference.parse(reference.substring(0, cut)).name().equals(repository.name());
        } catch (RuntimeException e) {
            return false; // "<none>:<none>" and the like
        }
    }

    private static LocalImage toLocal(InspectImageResponse r, ImageReference repository) {
        List<String> references = new ArrayList<>();
        addMatching(references, r.getRepoTags(), repository, ':');
        addMatching(references, r.getRepoDigests(), repository, '@');
        return LocalImage.of(r, references);
    }
}
