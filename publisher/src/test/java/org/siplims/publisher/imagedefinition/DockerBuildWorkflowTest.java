package org.siplims.publisher.imagedefinition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * .github/workflows/docker-build.yml: runs on a published release and by hand, builds no image,
 * logs in to GHCR and runs `scripts/publish verify` on the pushed release.
 */
class DockerBuildWorkflowTest {
    private static final String FILE = ".github/workflows/docker-build.yml";
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{(.*?)}}");

    private JsonNode workflow;

    @BeforeEach
    void parse() throws Exception {
        workflow = new YAMLMapper().readTree(ImageDefinitionFiles.read(FILE));
    }

    @Test
    void runsOnAPublishedReleaseAndByHandOnly() {
        JsonNode on = workflow.get("on");
        assertTrue(on != null && on.isObject(), "an 'on' map: " + workflow);
        assertEquals(Set.of("release", "workflow_dispatch"), fieldNames(on));
        assertEquals(List.of("published"), texts(on.path("release").path("types")));
        JsonNode ref = on.path("workflow_dispatch").path("inputs").path("ref");
        assertTrue(ref.isObject(), "a 'ref' input for a manual run");
        assertEquals("latest", ref.path("default").asText());
    }

    @Test
    void onlyReadsTheRepositoryAndPackages() {
        JsonNode permissions = workflow.path("permissions");
        assertEquals("read", permissions.path("contents").asText());
        assertEquals("read", permissions.path("packages").asText());
        assertFalse(workflow.toString().contains("write"), "no write permission anywhere");
    }

    @Test
    void aVerifyJobLogsInToGhcrAndRunsPublisherVerify() {
        JsonNode jobs = workflow.path("jobs");
        assertEquals(Set.of("verify"), fieldNames(jobs));
        JsonNode job = jobs.path("verify");
        assertTrue(job.path("runs-on").asText().startsWith("ubuntu-"), "a Linux runner with Docker");
        assertTrue(job.path("timeout-minutes").asInt() > 0, "a time limit");
        List<JsonNode> steps = list(job.path("steps"));

        int checkout = stepUsing(steps, "actions/checkout@");
        int java = stepUsing(steps, "actions/setup-java@");
        assertEquals("17", steps.get(java).path("with").path("java-version").asText());
        int emulation = stepRunning(steps, "qemu-user-static");
        int login = stepRunning(steps, "docker login ghcr.io");
        int verify = stepRunning(steps, "scripts/publish verify");
        assertTrue(checkout < java && java < verify && emulation < verify && login < verify, "checkout, Java, emulation, login, then verify");

        String loginRun = steps.get(login).path("run").asText();
        assertTrue(loginRun.contains("--password-stdin"), "the token is piped, never an argument: " + loginRun);
        assertEquals("${{ secrets.GITHUB_TOKEN }}", steps.get(login).path("env").path("GITHUB_TOKEN").asText());

        JsonNode verifyStep = steps.get(verify);
        // No --platform: every platform image the release has is verified (a two-platform release: both).
        assertFalse(verifyStep.path("run").asText().contains("--platform"), "verifies every platform image: " + verifyStep);
        assertEquals("${{ secrets.GITHUB_TOKEN }}", verifyStep.path("env").path("GITHUB_TOKEN").asText(),
                "the publisher reads GITHUB_TOKEN for ghcr.io");
        String ref = verifyStep.path("env").path("REF").asText();
        assertTrue(ref.contains("github.event.release.tag_name") && ref.contains("inputs.ref"), "the release's tag, or the input: " + ref);
    }

    @Test
    void buildsAndPushesNothing() {
        for (JsonNode step : list(workflow.path("jobs").path("verify").path("steps"))) {
            String run = step.path("run").asText();
            for (String forbidden : List.of("docker build", "docker buildx", "docker push", "docker tag", "scripts/publish publish",
                    "scripts/publish build", "scripts/publish push", "scripts/publish rollback")) {
                assertFalse(run.contains(forbidden), "no '" + forbidden + "' in: " + run);
            }
            assertFalse(step.path("uses").asText().startsWith("docker/build-push-action"), "no build action");
        }
    }

    /** Event data and inputs reach scripts through env, never pasted into the script (injection). */
    @Test
    void runScriptsUseNoExpressions() {
        for (JsonNode step : list(workflow.path("jobs").path("verify").path("steps"))) {
            Matcher m = EXPRESSION.matcher(step.path("run").asText());
            assertFalse(m.find(), "expression in a run script of step '" + step.path("name").asText() + "': " + (m.hitEnd() ? "" : m.group()));
        }
    }

    private static int stepUsing(List<JsonNode> steps, String action) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).path("uses").asText().startsWith(action)) {
                return i;
            }
        }
        throw new AssertionError("no step uses " + action);
    }

    private static int stepRunning(List<JsonNode> steps, String command) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).path("run").asText().contains(command)) {
                return i;
            }
        }
        throw new AssertionError("no step runs " + command);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
