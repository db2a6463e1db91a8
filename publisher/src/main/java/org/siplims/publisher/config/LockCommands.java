package org.siplims.publisher.config;

import java.util.List;

/**
 * The commands {@code lock --from-image} runs inside the image (each replaces its entrypoint): one
 * prints the conda explicit lock, one the pip freeze. The defaults fit an image whose app
 * environment is the conda environment {@code sip-lims-workflow-manager}, as upstream's was.
 */
public record LockCommands(List<String> conda, List<String> pip) {
    public static final List<String> DEFAULT_CONDA = List.of("conda", "list", "--explicit", "--name", "sip-lims-workflow-manager");
    public static final List<String> DEFAULT_PIP = List.of("conda", "run", "--name", "sip-lims-workflow-manager", "python", "-m", "pip", "freeze");

    public List<String> condaOrDefault() {
        return conda == null || conda.isEmpty() ? DEFAULT_CONDA : conda;
    }

    public List<String> pipOrDefault() {
        return pip == null || pip.isEmpty() ? DEFAULT_PIP : pip;
    }
}
